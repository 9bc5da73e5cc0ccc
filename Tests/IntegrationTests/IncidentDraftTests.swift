import Foundation
import Testing
@testable import LogMedic

/// Issue 9: drafting the 2025-12-19 incident from the DDL of its models (SQLAlchemy CreateTable, written by
/// fixtures/incident-2025-12-19/reference/generate.py) gives the same catalog as the hand-written playbook.
@Suite("fix --draft on the 2025-12-19 incident", .enabled(if: TestDatabase.isAvailable))
struct IncidentDraftTests {
    static let reference = Incident.root.appendingPathComponent("reference/models.sql").path

    /// The hand-written playbook's directory, wherever the incident keeps it.
    static var handWritten: String {
        let own = Incident.root.appendingPathComponent("playbooks")
        if FileManager.default.fileExists(atPath: own.appendingPathComponent("create_missing_tables").path) { return own.path }
        return CLI.packageRoot.appendingPathComponent("remediations").path
    }

    @Test func draftedCatalogEqualsTheHandWrittenPlaybooks() throws {
        try TestDatabase.with { handDB, _ in
            try Incident.load(into: handDB)
            let library = try PlaybookLibrary(directory: Self.handWritten)
            let hand = try SQLRemediator(connection: handDB, library: library).run(try library.playbook(id: "create_missing_tables"), mode: .apply)
            #expect(hand.outcome == .applied)

            try TestDatabase.with { draftDB, _ in
                try Incident.load(into: draftDB)
                try Drafting.draft(logs: Incident.logs, referenceSQL: [Self.reference], target: draftDB) { outcome in
                    let playbooks = outcome.entries.compactMap(Drafting.playbook)
                    #expect(playbooks.map(\.id).sorted() == ["create_pending_signup_queue", "create_user_invitations"])
                    #expect(outcome.entries.allSatisfy { $0.isReady }, "every draft rehearses cleanly")
                    // Nothing else of the reference (tenants, agencies, …) is drafted.
                    #expect(playbooks.flatMap(\.absent).sorted() == ["public.pending_signup_queue", "public.user_invitations"])
                    #expect(try !Incident.relationExists("public.user_invitations", draftDB), "the rehearsal rolled back")

                    let reports = try Drafting.approveAndApply(outcome, on: draftDB)
                    #expect(reports.map(\.outcome) == [.applied, .applied])
                }
                let diff = SchemaDiff(from: try SchemaInspector(connection: handDB).snapshot(),
                                      to: try SchemaInspector(connection: draftDB).snapshot())
                #expect(diff.isEmpty, "drafted vs hand-written: \(diff)")
            }
        }
    }

    @Test func draftedRevertRefusesOnceRowsAreWrittenAndRemovesOtherwise() throws {
        try withTestDatabase { db in
            try Incident.load(into: db)
            try Drafting.draft(logs: Incident.logs, referenceSQL: [Self.reference], target: db) { outcome in
                _ = try Drafting.approveAndApply(outcome, on: db)
                let library = try PlaybookLibrary(directory: outcome.directory.path)
                try db.execute("INSERT INTO pending_signup_queue (email) VALUES ('new@example.com')")
                #expect(throws: PostgresError.self) {
                    try SQLRemediator(connection: db, library: library).run(try library.playbook(id: "create_pending_signup_queue"), mode: .revert)
                }
                #expect(try Incident.relationExists("public.pending_signup_queue", db))
                let reverted = try SQLRemediator(connection: db, library: library).run(try library.playbook(id: "create_user_invitations"), mode: .revert)
                #expect(reverted.outcome == .reverted)
                #expect(try !Incident.relationExists("public.user_invitations", db))
            }
        }
    }
}
