import Foundation
import Testing
@testable import LogMedic

extension GrantsCorpusSuites {
    /// A tool-lending service on plain psycopg 3 (Tests/Corpus/grants, captured by its capture.sh) connects as
    /// lending_app, which owns nothing; the migration that grants it SELECT and INSERT never ran, so every request
    /// fails with `permission denied for table`. The check asks the server whether the role the server logged
    /// (`%u`) lacks what the logged statement needs, and `fix --draft` grants what the migrations grant it (read from
    /// the reference's catalog), the revert revoking exactly that (was: no check, no draft).
    @Suite("fix --draft: privileges a migration grants", .serialized, .enabled(if: TestDatabase.isAvailable))
    struct PrivilegeDraftTests {
        static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpus/grants")
        static let logs = ["app.log", "server.log"].map { corpus.appendingPathComponent($0).path }

        /// The live database as the capture had it: the first migration run by its owner, the app's role granted nothing.
        static func withLending(_ body: (PostgresConnection, String) throws -> Void) throws {
            let admin = try PostgresConnection(dsn: TestDatabase.url)
            try admin.execute("DO $$ BEGIN CREATE ROLE lending_app; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            defer { _ = try? admin.execute("DROP ROLE IF EXISTS lending_app") }
            try TestDatabase.with { db, dsn in
                try db.execute(try String(contentsOf: corpus.appendingPathComponent("migrations/001_tools.sql"), encoding: .utf8))
                try db.execute("INSERT INTO tools (name) VALUES ('drill')")
                try body(db, dsn)
            }
        }

        static func verdicts(on db: PostgresConnection) throws -> [String: String] {
            let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()), snapshot: try SchemaInspector(connection: db).snapshot(),
                                      database: LiveDatabase(connection: db)).diagnose(paths: logs)
            return Dictionary(diagnosis.problems.filter { $0.group.ruleID == "insufficient_privilege" }
                .map { ($0.group.capture("object") ?? "", "\($0.correlation.status): \($0.correlation.summaryHere)") }, uniquingKeysWith: { a, _ in a })
        }

        @Test func theLoggedRoleLacksWhatTheStatementNeedsUntilTheDraftGrantsIt() throws {
            try Self.withLending { db, _ in
                #expect(try Self.verdicts(on: db) == [
                    "loans": "confirmed: lending_app lacks SELECT on table public.loans (what the statement needs): it was never granted here.",
                    "tools": "confirmed: lending_app lacks SELECT on table public.tools (what the statement needs): it was never granted here.",
                ])
                try Drafting.draft(logs: Self.logs, referenceSQL: [Self.corpus.appendingPathComponent("migrations").path], target: db, queried: true) { outcome in
                    let playbooks = outcome.entries.compactMap(Drafting.playbook).filter { $0.id.hasPrefix("grant_") }.sorted { $0.id < $1.id }
                    #expect(playbooks.map(\.statements) == [
                        ["GRANT INSERT, SELECT, UPDATE ON TABLE public.loans TO lending_app", "GRANT USAGE ON SEQUENCE public.loans_id_seq TO lending_app"],
                        ["GRANT SELECT ON TABLE public.tools TO lending_app"],
                    ])
                    // With the deposit column's draft: the INSERTs failed on "12.50" before the privilege was checked.
                    #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied, .applied, .applied])
                    #expect(try Self.verdicts(on: db)["loans"]?.hasPrefix("resolved: lending_app has SELECT on table public.loans now") == true)
                    try db.execute("SET ROLE lending_app")
                    try db.execute("INSERT INTO loans (tool_id, borrower) VALUES (1, 'ana') RETURNING id")
                    try db.execute("RESET ROLE")
                    #expect(try Drafting.run(playbooks[1].id, .revert, in: outcome, on: db).outcome == .reverted)
                    #expect(try Self.verdicts(on: db)["tools"]?.hasPrefix("confirmed: lending_app lacks SELECT") == true)
                    #expect(try db.query("SELECT has_table_privilege('lending_app', 'public.loans', 'INSERT')::text")[0, 0] == "true")
                }
            }
        }

        /// The migrations grant the role nothing on that table: no draft, and why.
        @Test func aGrantTheMigrationsNeverMakeIsNotDrafted() throws {
            try Self.withLending { db, _ in
                try withScratchDirectory { dir in
                    let file = dir.appendingPathComponent("001_tools.sql")
                    try FileManager.default.copyItem(at: Self.corpus.appendingPathComponent("migrations/001_tools.sql"), to: file)
                    try Drafting.draft(logs: Self.logs, referenceSQL: [file.path], target: db, queried: true) { outcome in
                        let reasons = outcome.entries.compactMap { entry -> String? in
                            if case .notDrafted(let reason) = entry.draft.outcome { return reason }
                            return nil
                        }
                        #expect(reasons.filter { $0.contains("grant") } == Array(repeating: "the migrations never grant it: grant it to the role the app uses (lending_app)", count: 2))
                    }
                }
            }
        }

        /// A shared `--scratch-db` server lacks lending_app: the migration's GRANTs are skipped there (no role is
        /// created on a server logmedic does not own), and the reason says so (was: "the migrations never grant it").
        @Test func aSharedScratchServerWithoutTheRoleSaysWhyNothingIsDrafted() throws {
            try Self.withLending { db, _ in
                try Drafting.draft(logs: Self.logs, referenceSQL: [Self.corpus.appendingPathComponent("migrations").path], target: db, queried: true,
                                   scratchLacks: "lending_app") { outcome in
                    let reasons = outcome.entries.compactMap { entry -> String? in
                        if case .notDrafted(let reason) = entry.draft.outcome { return reason }
                        return nil
                    }
                    #expect(reasons.filter { $0.contains("grant") } == Array(repeating: "the migrations grant to role lending_app, which the scratch server lacks (those grants were skipped): rerun without --scratch-db, or create the role there", count: 2), "\(reasons)")
                }
            }
        }

        /// The CLI drafts on its own throwaway server, which has no lending_app: the migration's GRANT creates the
        /// role there (it was skipped, and nothing drafted), so the reference's catalog holds the grant.
        @Test func theCLIsThrowawayServerKeepsTheMigrationsGrants() throws {
            try Self.withLending { _, dsn in
                let out = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-drafts-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: out) }
                let result = try CLI.run(["fix"] + Self.logs + ["--db", dsn, "--draft", "--out", out.path, "--color", "never",
                                         "--reference-sql", Self.corpus.appendingPathComponent("migrations").path])
                #expect(result.stdout.contains("1. GRANT INSERT, SELECT, UPDATE ON TABLE public.loans TO lending_app"), "\(result.stdout)\n\(result.stderr)")
                #expect(!result.stderr.contains("skipped"), "\(result.stderr)")
                #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["grant_loans_to_lending_app", "grant_tools_to_lending_app", "retype_loans_deposit"])
            }
        }
    }
}
