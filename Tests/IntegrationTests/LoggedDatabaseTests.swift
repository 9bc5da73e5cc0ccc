import Foundation
import Testing
@testable import LogMedic

/// A server log names the database of each failure (`%d` of its `log_line_prefix`). When none of a problem's
/// is the one `--db` checks, the verdict is about another database, and the summary says so (a report helper
/// pointed at the main database while the failures came from a reporting database said RESOLVED, exit 0).
@Suite(.enabled(if: TestDatabase.isAvailable, "needs DATABASE_URL (run through scripts/test)"))
struct LoggedDatabaseTests {
    @Test func aVerdictOnAnotherDatabaseThanTheLoggedOneSaysSo() throws {
        try TestDatabase.with { reports, _ in
            var log = ""
            do { try reports.execute("SELECT id FROM venues") } catch let PostgresError.server(error) {
                log = "2026-12-05 06:10:00.125 UTC [4711] bookings@\(reports.currentDatabase) ERROR:  \(error.message) at character 16\n"
                    + "2026-12-05 06:10:00.125 UTC [4711] bookings@\(reports.currentDatabase) STATEMENT:  SELECT id FROM venues\n"
            }
            #expect(log.contains("relation \"venues\" does not exist"))
            try withTestDatabase { main in
                try main.execute("CREATE TABLE venues (id bigint PRIMARY KEY)")
                let other = try Checking.correlation(of: "undefined_table", in: log, on: main)
                #expect(other.status == .resolved)
                #expect(other.summary.hasSuffix("The log names database \(reports.currentDatabase) for these failures, and \(main.currentDatabase) was checked: the verdict is about \(main.currentDatabase)."), "\(other.summary)")
                let same = try Checking.correlation(of: "undefined_table", in: log, on: reports)
                #expect(same.status == .confirmed)
                #expect(!same.summary.contains("The log names database"), "\(same.summary)")
            }
        }
    }
}
