import Foundation
import Testing
@testable import LogMedic

/// A payments worker on asyncpg and golang-migrate: the migration that adds `refunded` (and `disputed`) to the
/// `payment_state` enum never ran, so refunds fail with `invalid input value for enum`. The check confirms the
/// label is missing, and `fix --draft` adds the reference's labels in its order (was: not checked, nothing drafted).
@Suite("fix --draft: enum labels a migration adds", .enabled(if: TestDatabase.isAvailable))
struct EnumLabelDraftTests {
    static let payments = """
        CREATE TYPE payment_state AS ENUM ('pending', 'captured', 'failed');
        CREATE TABLE payments (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, state payment_state NOT NULL DEFAULT 'pending');

        """
    static let refunds = "ALTER TYPE payment_state ADD VALUE 'refunded' AFTER 'captured';\nALTER TYPE payment_state ADD VALUE 'disputed';\n"
    /// As asyncpg printed it (frames shortened).
    static let log = """
        2026-12-05 00:35:38,811 ERROR [payments.worker] refund of payment 1 failed
        Traceback (most recent call last):
          File "/srv/payments/worker.py", line 8, in refund
            await conn.execute("UPDATE payments SET state = $1 WHERE id = $2", "refunded", pid)
          File "asyncpg/protocol/protocol.pyx", line 183, in bind_execute
        asyncpg.exceptions.InvalidTextRepresentationError: invalid input value for enum payment_state: "refunded"

        """

    static func drafting(migrations: [String: String], _ body: (PostgresConnection, Drafting.Outcome) throws -> Void) throws {
        try Drafting.draft(migrations: migrations, log: log, live: payments + "INSERT INTO payments (state) VALUES ('captured');", queried: true, body)
    }

    @Test func theMissingLabelsAreAddedInTheReferencesOrderAndCannotBeReverted() throws {
        try Self.drafting(migrations: ["000001_payments.up.sql": Self.payments, "000002_refunds.up.sql": Self.refunds]) { db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.statements == ["ALTER TYPE public.payment_state ADD VALUE 'refunded' AFTER 'captured'",
                                            "ALTER TYPE public.payment_state ADD VALUE 'disputed' AFTER 'failed'"])
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            try db.execute("UPDATE payments SET state = 'refunded'")
            #expect(try db.query("SELECT enum_range(NULL::payment_state)::text")[0, 0] == "{pending,captured,refunded,failed,disputed}")
            let library = try PlaybookLibrary(directory: outcome.directory.path)
            #expect(PlaybookLinter(library: library, catalog: try CompiledCatalog()).lint().filter { $0.level == .error }.isEmpty)
            let remediator = SQLRemediator(connection: db, library: library)
            #expect(try remediator.run(try library.playbook(id: playbook.id), mode: .apply).outcome == .alreadyApplied)
            #expect(throws: (any Error).self) { _ = try remediator.run(try library.playbook(id: playbook.id), mode: .revert) }
        }
    }

    /// The report: confirmed while the label is missing, resolved once it exists; an integer's invalid input
    /// is not about a label.
    @Test func theReportConfirmsTheMissingLabelAndLeavesOtherInvalidInputAlone() throws {
        try withScratchDirectory { dir in
            let logPath = dir.appendingPathComponent("payments.log")
            try (Self.log + "2026-12-05 00:35:39,100 ERROR [payments.api] lookup failed\nasyncpg.exceptions.InvalidTextRepresentationError: invalid input syntax for type integer: \"abc\"\n")
                .write(to: logPath, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(Self.payments)
                func problems() throws -> [Diagnosis.Problem] {
                    Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()), snapshot: try SchemaInspector(connection: db).snapshot(),
                              database: LiveDatabase(connection: db)).diagnose(paths: [logPath.path]).problems
                }
                func statuses() throws -> [String: Correlation.Status] {
                    Dictionary(try problems().map { ($0.group.capture("type") ?? "", $0.correlation.status) }, uniquingKeysWith: { a, _ in a })
                }
                #expect(try statuses() == ["payment_state": .confirmed, "integer": .notApplicable])
                // The missing label's problem is titled as what it is (its advice's `when: {missing_label: …}`).
                #expect(try problems().map(\.group.title).sorted() == ["Enum type lacks a label the code writes", "Invalid input syntax for a type"])
                try db.execute("ALTER TYPE payment_state ADD VALUE 'refunded'")
                #expect(try statuses()["payment_state"] == .resolved)
            }
        }
    }

    /// No migration adds the label: the code sends a value it must not, nothing is drafted.
    @Test func aLabelTheReferenceLacksTooIsNotDrafted() throws {
        try Self.drafting(migrations: ["000001_payments.up.sql": Self.payments]) { _, outcome in
            guard case .notDrafted(let reason)? = outcome.entries.first?.draft.outcome else {
                Issue.record("\(outcome.entries.map(\.draft))"); return
            }
            #expect(reason.contains("no label refunded either") && reason.contains("the code must not send it"), "\(reason)")
        }
    }
}
