import Foundation
import Testing
@testable import LogMedic

/// `fix --draft` on an invented app (fixtures/draft-lending): the closure of a missing table, ADD COLUMN with
/// its indexes, a rename that must not become ADD COLUMN, NOT NULL on a non-empty table refused.
@Suite("fix --draft on the lending app", .enabled(if: TestDatabase.isAvailable))
struct DraftLendingTests {
    static let root = CLI.packageRoot.appendingPathComponent("fixtures/draft-lending")
    static let logs = [root.appendingPathComponent("app.log").path]
    static let reference = [root.appendingPathComponent("reference.pg_dump.sql").path]

    static func withLending<R>(_ body: (PostgresConnection, Drafting.Outcome) throws -> R) throws -> R {
        try withTestDatabase { db in
            _ = try db.execute(try String(contentsOf: root.appendingPathComponent("live.sql"), encoding: .utf8))
            return try Drafting.draft(logs: logs, referenceSQL: reference, target: db) { try body(db, $0) }
        }
    }

    static func entry(_ outcome: Drafting.Outcome, _ problem: String) throws -> DraftPipeline.Entry {
        try #require(outcome.entries.first { $0.draft.problem.contains(problem) }, "no draft for \(problem)")
    }

    @Test func missingTableBringsItsMissingDependenciesInOrderAndNothingElse() throws {
        try Self.withLending { db, outcome in
            let entry = try Self.entry(outcome, "\"lending.loans\"")
            let playbook = try #require(Drafting.playbook(entry))
            // A statement created only where absent (a shared type or schema) is read inside its DO block.
            let heads = playbook.statements.map { statement in
                let text = statement.range(of: "EXECUTE $create$").map { String(statement[$0.upperBound...]) } ?? statement
                return String(text.split(separator: "\n")[0])
            }
            func position(_ prefix: String) throws -> Int { try #require(heads.firstIndex { $0.hasPrefix(prefix) }, "\(prefix) in \(heads)") }
            #expect(try position("CREATE EXTENSION IF NOT EXISTS citext") < position("CREATE TABLE lending.books"))
            #expect(try position("CREATE DOMAIN lending.isbn13") < position("CREATE TABLE lending.books"))
            #expect(try position("CREATE TYPE lending.loan_state AS ENUM ('out', 'returned', 'lost')") < position("CREATE TABLE lending.loans"))
            #expect(try position("CREATE TABLE lending.books") < position("CREATE TABLE lending.loans"))
            #expect(try position("ALTER TABLE lending.loans ADD CONSTRAINT loans_isbn_fkey") > position("CREATE TABLE lending.books"))
            #expect(heads.contains("COMMENT ON COLUMN lending.loans.\"Notes\" IS 'Free text from the desk'"))
            #expect(heads.contains { $0.hasPrefix("CREATE INDEX loans_open_by_member ON lending.loans USING btree (member_no) WHERE") })
            // Present on the target or not needed: never created.
            #expect(!heads.contains { $0.contains("lending.members (") || $0.contains("lending.shelves (") || $0.hasPrefix("CREATE SCHEMA") })
            #expect(playbook.absent == ["lending.books", "lending.loans"])
            #expect(playbook.present == ["lending.members", "lending.shelves"])
            guard case .passed(let diff)? = entry.rehearsal else { Issue.record("rehearsal: \(String(describing: entry.rehearsal))"); return }
            #expect(diff.addedRelations.map(\.name) == ["books", "loans"])
            #expect(try db.query("SELECT count(*) FROM pg_extension WHERE extname = 'citext'")[0, 0] == "0", "rolled back")
        }
    }

    @Test func missingColumnIsAddedWithItsIndexes() throws {
        try Self.withLending { _, outcome in
            let entry = try Self.entry(outcome, "\"label\"")
            let playbook = try #require(Drafting.playbook(entry))
            #expect(playbook.statements[0] == "ALTER TABLE lending.shelves ADD COLUMN label character varying(40)")
            #expect(playbook.statements.dropFirst().allSatisfy { $0.hasPrefix("CREATE INDEX shelves_label_") })
            #expect(playbook.statements.count == 3)
            #expect(playbook.absentColumns == ["lending.shelves.label"])
            // 1,200 analyzed rows: the index builds name them.
            #expect(playbook.hazards[1].contains(Hazard(.indexBuild, "index build on lending.shelves, 1200 rows (pg_class.reltuples)")))
            #expect(entry.isReady)
        }
    }

    @Test func renameIsNeverDraftedAsAddColumn() throws {
        try Self.withLending { _, outcome in
            let entry = try Self.entry(outcome, "\"contact_email\"")
            guard case let .rename(table, from, to, evidence) = entry.draft.outcome else {
                Issue.record("expected a rename, got \(entry.draft.outcome)"); return
            }
            #expect(table == "lending.members" && from == "contact_email" && to == "contact_address")
            #expect(evidence.contains("members_contact_key"))
            #expect(entry.folder == nil, "no playbook is written for a rename")
            #expect(!FileManager.default.fileExists(atPath: outcome.directory.appendingPathComponent("add_members_contact_email").path))
        }
    }

    @Test func notNullWithoutDefaultOnANonEmptyTableIsRefusedWithTheTwoStepAlternative() throws {
        try Self.withLending { _, outcome in
            let entry = try Self.entry(outcome, "\"tier\"")
            guard case let .refused(playbook, reason, alternative) = entry.draft.outcome else {
                Issue.record("expected a refusal, got \(entry.draft.outcome)"); return
            }
            #expect(playbook.statements == ["ALTER TABLE lending.members ADD COLUMN tier text NOT NULL"])
            #expect(reason.contains("NOT NULL column tier without a default on lending.members"))
            #expect(alternative.contains("NOT VALID") && alternative.contains("VALIDATE CONSTRAINT") && alternative.contains("SET NOT NULL"))
            #expect(entry.folder == nil)
        }
    }

    @Test func cliDraftsWithItsOwnThrowawayServerAndExitsOneForTheRefusalAndRename() throws {
        try TestDatabase.with { db, dsn in
            _ = try db.execute(try String(contentsOf: Self.root.appendingPathComponent("live.sql"), encoding: .utf8))
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-drafts-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            // A temporary directory of its own: other tests start throwaway servers at the same time.
            let scratchParent = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-tmp-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratchParent, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
            defer { try? FileManager.default.removeItem(at: scratchParent) }
            let result = try CLI.run(["fix"] + Self.logs + ["--db", dsn, "--draft", "--out", out.path, "--color", "never", "--reference-sql"] + Self.reference,
                                     environment: ["TMPDIR": scratchParent.path])
            #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
            #expect(result.stdout.contains("rehearsal (BEGIN … ROLLBACK on the target): deploy ran, verify.sql found no difference"))
            #expect(result.stdout.contains("was renamed to contact_address"))
            #expect(result.stderr.contains("role or privilege statement(s)"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["add_shelves_label", "create_loans"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratchParent.path).filter { $0.hasPrefix("logmedic-scratch-") }.isEmpty,
                    "the throwaway server's directory is removed")
            let approve = try CLI.run(["remediations", "approve", "create_loans", "--playbooks", out.path])
            #expect(approve.status == 0, "\(approve.stderr)")
        }
    }

    /// Ctrl-C while the throwaway cluster is being made (initdb has written postmaster.pid): initdb is stopped,
    /// the directory removed, and the process ends as SIGINT would have ended it, not with initdb's failure.
    @Test func anInterruptedDraftLeavesNoThrowawayServer() throws {
        try TestDatabase.with { db, dsn in
            _ = try db.execute(try String(contentsOf: Self.root.appendingPathComponent("live.sql"), encoding: .utf8))
            let scratchParent = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-tmp-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratchParent, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
            defer { try? FileManager.default.removeItem(at: scratchParent) }
            let run = try TimedRun(executable: CLI.binary, arguments: ["fix"] + Self.logs + ["--db", dsn, "--draft", "--color", "never", "--reference-sql"] + Self.reference,
                                   environment: ["TMPDIR": scratchParent.path])
            func scratchDirectories() -> [String] {
                ((try? FileManager.default.contentsOfDirectory(atPath: scratchParent.path)) ?? []).filter { $0.hasPrefix("logmedic-scratch-") }
            }
            func clusterIsBeingMade() -> Bool {
                scratchDirectories().contains { FileManager.default.fileExists(atPath: "\(scratchParent.path)/\($0)/data/postmaster.pid") }
            }
            let deadline = Date().addingTimeInterval(60)
            while run.process.isRunning, !clusterIsBeingMade(), Date() < deadline { usleep(20_000) }
            try #require(run.process.isRunning, "the draft ended before its throwaway cluster was made: \(run.stderr)")
            kill(run.process.processIdentifier, SIGINT)
            _ = run.waitForLines()
            #expect(run.process.terminationReason == .uncaughtSignal && run.process.terminationStatus == SIGINT,
                    "\(run.process.terminationStatus) \(run.stderr)")
            #expect(scratchDirectories().isEmpty, "the throwaway server's directory is removed")
            let servers = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).filter { entry in
                let commandLine = (try? String(contentsOfFile: "/proc/\(entry)/cmdline", encoding: .utf8)) ?? ""
                return commandLine.contains(scratchParent.path)
            }
            #expect(servers.isEmpty, "no server of the scratch directory still runs")
        }
    }

    /// Rails' structure.sql (db:structure:dump, captured by rails_structure.rb: no owners or grants, Rails' own
    /// schema_migrations and ar_internal_metadata, a trailing INSERT of the migration versions) describes the
    /// same schema as pg_dump: the same drafts come out, and Rails' bookkeeping tables are never drafted.
    @Test func railsStructureSQLGivesTheSameDraftsAsPgDump() throws {
        func drafts(_ file: String) throws -> [String] {
            try withTestDatabase { db in
                _ = try db.execute(try String(contentsOf: Self.root.appendingPathComponent("live.sql"), encoding: .utf8))
                return try Drafting.draft(logs: Self.logs, referenceSQL: [Self.root.appendingPathComponent(file).path], target: db) { outcome in
                    outcome.entries.map { entry in
                        let statements = Drafting.playbook(entry)?.statements.joined(separator: ";\n") ?? "\(entry.draft.outcome)"
                        return "\(entry.draft.problem) → \(statements) ready: \(entry.isReady)"
                    }.sorted()
                }
            }
        }
        let pgDump = try drafts("reference.pg_dump.sql")
        let rails = try drafts("reference.rails_structure.sql")
        #expect(pgDump.count == 4, "\(pgDump)")
        #expect(rails == pgDump)
        #expect(!rails.joined().contains("schema_migrations") && !rails.joined().contains("ar_internal_metadata"))
    }
}
