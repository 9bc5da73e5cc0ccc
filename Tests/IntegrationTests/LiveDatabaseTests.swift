import Foundation
import Testing
@testable import LogMedic

/// `watch --db` keeps one session for the checks that query the database; a server restart
/// (`pg_ctl restart -m fast`) or `pg_terminate_backend` ends it mid-run.
@Suite(.enabled(if: TestDatabase.isAvailable, "needs DATABASE_URL (run through scripts/test)"))
struct LiveDatabaseTests {
    /// Was: every check after the session ended was INCONCLUSIVE, "lost the connection to PostgreSQL:
    /// FATAL: terminating connection due to administrator command", for the rest of the run.
    @Test func aCheckAfterTheSessionEndedConnectsAgain() throws {
        try TestDatabase.with { admin, dsn in
            try admin.execute("CREATE TABLE rentals (id int PRIMARY KEY)")
            // As report and watch keep it (loadSchema).
            let kept = LiveDatabase(connection: try PostgresConnection(dsn: dsn), reconnects: true)
            let pid = try #require(try kept.rows("SELECT pg_backend_pid()").first?.first ?? nil)
            try admin.query("SELECT pg_terminate_backend($1::int, 5000)", [pid])

            let group = DatabaseStateCheckTests.group("constraint_definition", ["constraint": "rentals_pkey"])
            let verdict = CheckRegistry.check(named: "constraint_definition")!.correlate(group, in: CheckContext(snapshot: nil, database: kept))
            #expect(verdict.status == .confirmed, "\(verdict.summary)")
            #expect(verdict.facts["table"] == "public.rentals")
        }
    }
}
