import Foundation
import Testing
@testable import LogMedic

@Suite("SQL remediation on a real PostgreSQL", .enabled(if: TestDatabase.isAvailable))
struct RemediationTests {
    let tables = ["public.user_invitations", "public.pending_signup_queue"]

    @Test func dryRunLeavesTheCatalogExactlyAsItWas() throws {
        try withTestDatabase { db in
            try Incident.load(into: db)
            let before = try SchemaInspector(connection: db).snapshot()
            let library = try PlaybookLibrary(directory: Incident.playbooks.path)
            let report = try SQLRemediator(connection: db, library: library).run(try library.playbook(id: "create_missing_tables"), mode: .dryRun)
            #expect(report.outcome == .wouldApply)
            #expect(report.verification.hasPrefix("passed"))
            #expect(report.diff?.addedRelations.map(\.name).sorted() == ["pending_signup_queue", "user_invitations"])
            #expect(report.statements.first == "BEGIN")
            #expect(report.statements.last == "ROLLBACK")
            #expect(!report.statements.contains("COMMIT"))
            var after = try SchemaInspector(connection: db).snapshot()
            after.takenAt = before.takenAt
            #expect(after == before)
            #expect(try !Incident.relationExists("logmedic.journal", db))
        }
    }

    @Test func applyCreatesVerifiesJournalsThenIsANoOpThenReverts() throws {
        try withTestDatabase { db in
            try Incident.load(into: db)
            let library = try PlaybookLibrary(directory: Incident.playbooks.path)
            let playbook = try library.playbook(id: "create_missing_tables")
            let applied = try SQLRemediator(connection: db, library: library).run(playbook, mode: .apply)
            #expect(applied.outcome == .applied)
            #expect(applied.statements.contains("SELECT pg_advisory_xact_lock(hashtext($1))"))
            #expect(applied.statements.last == "COMMIT")
            for table in tables { #expect(try Incident.relationExists(table, db)) }
            let indexes = try db.query("SELECT count(*) FROM pg_indexes WHERE tablename IN ('user_invitations', 'pending_signup_queue') AND indexname LIKE 'ix_%'")
            #expect(indexes[0, 0] == "8")
            let journal = try db.query("SELECT playbook, action, checksums->>'deploy.sql' FROM logmedic.journal")
            #expect(journal.rowCount == 1)
            #expect(journal[0, 0] == "create_missing_tables")
            #expect(journal[0, 2] == SHA256.hex(try Data(contentsOf: playbook.directory.appendingPathComponent("deploy.sql"))))

            let again = try SQLRemediator(connection: db, library: library).run(playbook, mode: .apply)
            #expect(again.outcome == .alreadyApplied)
            #expect(try db.query("SELECT count(*) FROM logmedic.journal")[0, 0] == "1")

            let rehearsal = try SQLRemediator(connection: db, library: library).run(playbook, mode: .revertDryRun)
            #expect(rehearsal.outcome == .wouldRevert)
            #expect(rehearsal.statements.last == "ROLLBACK")
            for table in tables { #expect(try Incident.relationExists(table, db)) }

            let reverted = try SQLRemediator(connection: db, library: library).run(playbook, mode: .revert)
            #expect(reverted.outcome == .reverted)
            for table in tables { #expect(try !Incident.relationExists(table, db)) }
            #expect(try db.query("SELECT action FROM logmedic.journal ORDER BY id").rows.map { $0[0] } == ["apply", "revert"])
        }
    }

    @Test func tamperedScriptIsRefusedNamingTheFile() throws {
        try withTestDatabase { db in
            try Incident.load(into: db)
            try withPlaybookCopy { library, dir in
                let deploy = dir.appendingPathComponent("create_missing_tables/deploy.sql")
                try (try String(contentsOf: deploy, encoding: .utf8) + "\nDROP TABLE public.users CASCADE;\n").write(to: deploy, atomically: true, encoding: .utf8)
                let error = try #require(throws: RemediationError.self) {
                    try SQLRemediator(connection: db, library: library).run(try library.playbook(id: "create_missing_tables"), mode: .apply)
                }
                guard case .notVetted("create_missing_tables", .modified("create_missing_tables/deploy.sql", let expected, let actual), _) = error else {
                    Issue.record("\(error)"); return
                }
                #expect(actual == SHA256.hex(try Data(contentsOf: deploy)))
                #expect(expected != actual && "\(error)".contains(expected) && "\(error)".contains(actual))
                #expect(try Incident.relationExists("public.users", db))
            }
        }
    }

    @Test func failingVerifyRollsEverythingBack() throws {
        try withTestDatabase { db in
            try withPlaybookCopy { _, dir in
                let library = try writePlaybook(in: dir, id: "bad_verify", deploy: "CREATE TABLE made_here (id int);",
                                                verify: "SELECT 'still wrong' AS problem", absent: ["public.made_here"])
                #expect(throws: RemediationError.self) {
                    try SQLRemediator(connection: db, library: library).run(try library.playbook(id: "bad_verify"), mode: .apply)
                }
                #expect(try !Incident.relationExists("public.made_here", db))
                #expect(try !Incident.relationExists("logmedic.journal", db))
                #expect(db.transactionState == .idle)
            }
        }
    }

    @Test func nonTransactionalStatementsAreRefused() throws {
        try withTestDatabase { db in
            try withPlaybookCopy { _, dir in
                let library = try writePlaybook(in: dir, id: "concurrent", deploy: "CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY t_id ON t (id);", absent: ["public.t"])
                #expect(throws: RemediationError.self) {
                    try SQLRemediator(connection: db, library: library).run(try library.playbook(id: "concurrent"), mode: .dryRun)
                }
                #expect(try !Incident.relationExists("public.t", db))
            }
        }
    }

    @Test func partiallyAppliedStateIsRefused() throws {
        try withTestDatabase { db in
            try Incident.load(into: db)
            _ = try db.execute("CREATE TABLE public.user_invitations (id int)")
            let library = try PlaybookLibrary(directory: Incident.playbooks.path)
            #expect(throws: RemediationError.self) {
                try SQLRemediator(connection: db, library: library).run(try library.playbook(id: "create_missing_tables"), mode: .apply)
            }
            #expect(try !Incident.relationExists("public.pending_signup_queue", db))
        }
    }
}
