import Foundation
import Testing
@testable import LogMedic

/// A column added with `DEFAULT now()` holds one apply-time value in every existing row (attmissingval, not
/// now()): its revert is allowed while every row still holds that value and none was written after the apply
/// (was: refused forever, since no row equals now() at revert time).
@Suite("fix --draft: reverting a DEFAULT now() column", .enabled(if: TestDatabase.isAvailable))
struct ApplyTimeDefaultRevertTests {
    @Test func revertedWhileNothingWasWrittenRefusedAfterAWrite() throws {
        let live = TriggerDraftTests.invoices + "INSERT INTO invoices (customer) VALUES ('a'), ('b');"
        try TriggerDraftTests.drafting(log: TriggerDraftTests.columnLog, live: live) { db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            let library = try PlaybookLibrary(directory: outcome.directory.path)
            func revert() throws -> SQLRunReport {
                try SQLRemediator(connection: db, library: library).run(try library.playbook(id: playbook.id), mode: .revert)
            }
            #expect(try revert().outcome == .reverted)
            #expect(try db.query("SELECT count(*) FROM pg_attribute WHERE attrelid = 'invoices'::regclass AND attname = 'updated_at'")[0, 0] == "0")

            // Applied again, then a row is written: its updated_at cannot be told from the default's, refused.
            let again = try SQLRemediator(connection: db, library: library).run(try library.playbook(id: playbook.id), mode: .apply)
            #expect(again.outcome == .applied)
            try db.execute("INSERT INTO invoices (customer) VALUES ('c')")
            #expect(throws: (any Error).self) { _ = try revert() }
            #expect(try db.query("SELECT count(*) FROM invoices")[0, 0] == "3")
            #expect(try db.query("SELECT count(*) FROM pg_attribute WHERE attrelid = 'invoices'::regclass AND attname = 'updated_at'")[0, 0] == "1")
        }
    }
}
