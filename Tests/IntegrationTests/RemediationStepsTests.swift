import Foundation
import Testing
@testable import LogMedic

/// The remediation steps on a real server: column preconditions, rehearsal, timeouts, notices,
/// playbook directories layered like rule directories, and fix's exit status.
@Suite("remediation steps", .enabled(if: TestDatabase.isAvailable))
struct RemediationStepsTests {
    /// A playbook folder in `dir` (not approved).
    static func folder(_ dir: URL, _ id: String, yaml: String, deploy: String, verify: String = "SELECT true", revert: String = "SELECT 1") throws {
        let folder = dir.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in [("playbook.yaml", "id: \(id)\ntitle: test \(id)\n" + yaml), ("deploy.sql", deploy), ("verify.sql", verify), ("revert.sql", revert)] {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    static func withDirectory<R>(_ body: (URL) throws -> R) throws -> R {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-steps-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }

    @Test func anAppliedColumnPlaybookIsSkippedNot42701() throws {
        try TestDatabase.with { db, _ in
            try db.execute(#"CREATE TABLE "Orders" (id int)"#)
            try Self.withDirectory { dir in
                try Self.folder(dir, "add_note", yaml: """
                    fixes: {rule: undefined_column}
                    preconditions: {absent_columns: ['public."Orders".note'], present: ['public."Orders"']}
                    """, deploy: #"ALTER TABLE public."Orders" ADD COLUMN note text;"#,
                    revert: #"ALTER TABLE public."Orders" DROP COLUMN note;"#)
                let library = try PlaybookLibrary(directory: dir.path)
                _ = try library.approve(id: "add_note")
                let playbook = try library.playbook(id: "add_note")
                #expect(try SQLRemediator(connection: db, library: library).run(playbook, mode: .apply).outcome == .applied)
                let again = try SQLRemediator(connection: db, library: library).run(playbook, mode: .dryRun)
                #expect(again.outcome == .alreadyApplied)
                #expect(try SQLRemediator(connection: db, library: library).run(playbook, mode: .revert).outcome == .reverted)
                #expect(try db.query(#"SELECT count(*) FROM information_schema.columns WHERE table_name = 'Orders' AND column_name = 'note'"#)[0, 0] == "0")
            }
        }
    }

    @Test func aMalformedColumnPreconditionNamesItself() throws {
        try TestDatabase.with { db, _ in
            try Self.withDirectory { dir in
                try Self.folder(dir, "bad_column", yaml: "fixes: {rule: undefined_column}\npreconditions: {absent_columns: ['orders.note']}\n",
                                deploy: "SELECT 1")
                let library = try PlaybookLibrary(directory: dir.path)
                _ = try library.approve(id: "bad_column")
                #expect(throws: RemediationError.preconditionFailed(playbook: "bad_column", reason: "column precondition 'orders.note' is not schema.table.column")) {
                    try SQLRemediator(connection: db, library: library).run(try library.playbook(id: "bad_column"), mode: .dryRun)
                }
            }
        }
    }

    @Test func aRehearsalRunsAnUnvettedDraftAndNeverCommits() throws {
        try TestDatabase.with { db, _ in
            try Self.withDirectory { dir in
                try Self.folder(dir, "draft_table", yaml: "fixes: {rule: undefined_table}\npreconditions: {absent: [public.drafted]}\n",
                                deploy: "CREATE TABLE public.drafted (id int);", verify: "SELECT to_regclass('public.drafted') IS NOT NULL")
                let library = try PlaybookLibrary(directory: dir.path)
                let playbook = try library.playbook(id: "draft_table")
                #expect(throws: RemediationError.self) { try SQLRemediator(connection: db, library: library).run(playbook, mode: .dryRun) }
                let rehearsal = try SQLRemediator(connection: db, library: library).run(playbook, mode: .rehearsal)
                #expect(rehearsal.outcome == .rehearsed)
                #expect(rehearsal.statements.last == "ROLLBACK")
                #expect(!rehearsal.statements.contains { $0.contains("pg_advisory_xact_lock") || $0 == "COMMIT" })
                #expect(try !Incident.relationExists("public.drafted", db))
            }
        }
    }

    @Test func aStatementTimeoutIsReportedAsTheCancelItIs() throws {
        try TestDatabase.with { db, _ in
            try Self.withDirectory { dir in
                try Self.folder(dir, "slow", yaml: "fixes: {rule: undefined_table}\npreconditions: {absent: [public.slow]}\n",
                                deploy: "CREATE TABLE public.slow (id int);\nSELECT pg_sleep(5);")
                let library = try PlaybookLibrary(directory: dir.path)
                _ = try library.approve(id: "slow")
                var options = RemediationOptions()
                options.statementTimeout = "300ms"
                do {
                    _ = try SQLRemediator(connection: db, library: library, options: options).run(try library.playbook(id: "slow"), mode: .apply)
                    Issue.record("a 5 s deploy finished under a 300 ms statement_timeout")
                } catch let error as RemediationError {
                    let text = error.description
                    #expect(text.contains("57014") && text.contains("statement timeout") && text.contains("slow/deploy.sql") && !text.contains("25P02"), "\(text)")
                }
                #expect(try !Incident.relationExists("public.slow", db))
            }
        }
    }

    @Test func serverWarningsGoToTheReportNotToStderr() throws {
        try TestDatabase.with { db, dsn in
            try Self.withDirectory { dir in
                try Self.folder(dir, "noisy_create", yaml: "fixes: {rule: undefined_table}\npreconditions: {absent: [public.noisy]}\n",
                                deploy: "CREATE TABLE public.noisy (id int);\nDO $$ BEGIN RAISE WARNING 'noisy is new'; END $$;")
                _ = try PlaybookLibrary(directory: dir.path).approve(id: "noisy_create")
                let log = dir.appendingPathComponent("app.log")
                try #"psycopg2.errors.UndefinedTable: relation "noisy" does not exist"#.write(to: log, atomically: true, encoding: .utf8)
                let run = try CLI.run(["fix", log.path, "--db", dsn, "--playbooks", dir.path, "--color", "never"])
                #expect(run.status == 0, "\(run.stderr)")
                #expect(run.stderr.isEmpty, "\(run.stderr)")
                #expect(run.stdout.contains("server: WARNING:  noisy is new"), "\(run.stdout)")
            }
        }
    }

    @Test func playbookDirectoriesAddAndOverrideByIDEachVouchingForItsOwn() throws {
        try Self.withDirectory { dir in
            let first = dir.appendingPathComponent("first"), second = dir.appendingPathComponent("second")
            try Self.folder(first, "shared", yaml: "fixes: {rule: undefined_table}\n", deploy: "SELECT 1")
            try Self.folder(first, "only_first", yaml: "fixes: {rule: undefined_table}\n", deploy: "SELECT 1")
            try Self.folder(second, "shared", yaml: "fixes: {rule: undefined_table}\n", deploy: "SELECT 2")
            _ = try PlaybookLibrary(directory: first.path).approve(id: "shared")
            let library = try PlaybookLibrary.load(extraDirectories: [first.path, second.path])
            #expect(library.playbooks.contains { $0.id == "create_extension" }, "the built-ins stay")
            let shared = try library.playbook(id: "shared")
            #expect(shared.directory.deletingLastPathComponent().lastPathComponent == "second")
            #expect(try library.status(of: shared) == .unlisted, "first's manifest does not vouch for second's playbook")
            #expect(try library.status(of: library.playbook(id: "create_extension")) == .vetted)
            _ = try library.approve(id: "shared")
            #expect(FileManager.default.fileExists(atPath: second.appendingPathComponent("manifest.sha256").path))
            #expect(try library.status(of: shared) == .vetted)
        }
    }

    @Test func fixFailsWhenAConfirmedProblemHasNoPlaybook() throws {
        try TestDatabase.with { _, dsn in
            try Self.withDirectory { dir in
                let log = dir.appendingPathComponent("app.log")
                try #"psycopg2.errors.UndefinedTable: relation "ledger_entries" does not exist"#.write(to: log, atomically: true, encoding: .utf8)
                let run = try CLI.run(["fix", log.path, "--db", dsn, "--color", "never"])
                #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
                #expect(run.stdout.contains("no playbook applies"))
                #expect(try CLI.run(["fix", log.path, "--db", dsn, "--fail-on", "never"]).status == 0)
            }
        }
    }
}
