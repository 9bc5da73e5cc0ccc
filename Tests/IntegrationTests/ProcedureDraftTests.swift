import Foundation
import Testing
@testable import LogMedic

/// `procedure x(…) does not exist` (a CALL): the bike-rental Go service's nightly job calls
/// close_stale_rentals(interval), which its migration 000005 creates; production ran only 000001 (and, in the
/// second case, 000002). Real PostgreSQL 15 log lines.
@Suite("fix --draft: the app's own procedures", .enabled(if: TestDatabase.isAvailable))
struct ProcedureDraftTests {
    static let closeStale = """
        CREATE PROCEDURE close_stale_rentals(max_age interval)
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE rentals SET status = 'cancelled'
            WHERE status = 'reserved' AND updated_at < now() - max_age;
        END
        $$;

        """
    static let log = """
        2026-12-05 00:10:20.652 UTC [7829] postgres@rentals_prod ERROR:  procedure close_stale_rentals(interval) does not exist at character 6
        2026-12-05 00:10:20.652 UTC [7829] postgres@rentals_prod HINT:  No procedure matches the given name and argument types. You might need to add explicit type casts.
        2026-12-05 00:10:20.652 UTC [7829] postgres@rentals_prod STATEMENT:  CALL close_stale_rentals(interval '2 days');

        """

    static func drafting(live: String, _ body: (PostgresConnection, Drafting.Outcome) throws -> Void) throws {
        let migrations = ["000001_init.up.sql": SharedObjectDraftTests.initial, "000002_rentals.up.sql": SharedObjectDraftTests.rentals,
                          "000005_close_stale.up.sql": closeStale]
        try Drafting.draft(migrations: migrations, log: log, live: live, queried: true, body)
    }

    /// The procedure as the reference prints it (CREATE PROCEDURE, so it fails rather than replaces); applied,
    /// the job's CALL runs; reverted with DROP PROCEDURE.
    @Test func theMissingProcedureIsDraftedFromTheReference() throws {
        try Self.drafting(live: SharedObjectDraftTests.initial + SharedObjectDraftTests.rentals) { db, outcome in
            let entry = try #require(outcome.entries.first)
            #expect(entry.draft.problem == "procedure close_stale_rentals(interval) does not exist")
            let playbook = try #require(Drafting.playbook(entry), "\(entry.draft.outcome)")
            #expect(playbook.id == "create_close_stale_rentals")
            #expect(playbook.title == "Create procedure public.close_stale_rentals(interval)")
            #expect(playbook.statements.count == 1, "\(playbook.statements)")
            #expect(playbook.statements.first?.hasPrefix("CREATE PROCEDURE public.close_stale_rentals(IN max_age interval)") == true, "\(playbook.statements)")
            #expect(playbook.revert.contains("DROP PROCEDURE public.close_stale_rentals(interval);"), "\(playbook.revert)")
            #expect(entry.isReady, "\(String(describing: entry.rehearsal))")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            try db.execute("CALL close_stale_rentals(interval '2 days')")
            // The report now finds the logged signature: RESOLVED.
            try withScratchDirectory { dir in
                let log = dir.appendingPathComponent("postgresql.log")
                try Self.log.write(to: log, atomically: true, encoding: .utf8)
                let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()), snapshot: try SchemaInspector(connection: db).snapshot(),
                                          database: LiveDatabase(connection: db)).diagnose(paths: [log.path])
                #expect(diagnosis.problems.map(\.correlation.status) == [.resolved], "\(diagnosis.problems.map(\.correlation))")
            }
            let library = try PlaybookLibrary(directory: outcome.directory.path)
            let revert = try SQLRemediator(connection: db, library: library).run(try library.playbook(id: playbook.id), mode: .revert)
            #expect(revert.outcome == .reverted, "\(revert)")
            #expect(try db.query("SELECT to_regprocedure('public.close_stale_rentals(interval)') IS NULL")[0, 0] == "t")
        }
    }

    /// The table the procedure updates is missing too: named, not created.
    @Test func aTableItNeedsIsNamed() throws {
        try Self.drafting(live: SharedObjectDraftTests.initial) { _, outcome in
            guard case .notDrafted(let reason)? = outcome.entries.first?.draft.outcome else {
                Issue.record("\(outcome.entries.map(\.draft))"); return
            }
            #expect(reason.contains("public.rentals") && reason.contains("procedure draft"), "\(reason)")
        }
    }
}
