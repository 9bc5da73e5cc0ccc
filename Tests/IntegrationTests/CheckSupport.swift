import Foundation
import Testing
@testable import LogMedic

/// Checks run as `report --db` runs them: a server log written to a file, diagnosed against the live database.
enum Checking {
    /// The server's own error for `sql` on `db`, as its log shows it: the ERROR line, with `detail` its DETAIL
    /// line, and the STATEMENT line. `withoutRelation` cuts ` of relation "x"` from the message, as servers
    /// before PostgreSQL 13 printed not-null violations.
    static func serverLog(_ sql: String, on db: PostgresConnection, detail: Bool = true, withoutRelation: Bool = false) throws -> String {
        do {
            try db.execute(sql)
        } catch let PostgresError.server(error) {
            var message = error.message
            if withoutRelation, let cut = message.range(of: #" of relation "[^"]+""#, options: .regularExpression) {
                message.removeSubrange(cut)
            }
            let prefix = "2026-12-05 03:19:56.475 UTC [5157] "
            let details = detail ? error.detail.map { "\(prefix)DETAIL:  \($0)\n" } ?? "" : ""
            return "\(prefix)ERROR:  \(message)\n\(details)\(prefix)STATEMENT:  \(sql)\n"
        }
        Issue.record("\(sql) did not fail")
        return ""
    }

    /// The correlation of the first problem of `rule` that `log` shows, checked on `db`.
    static func correlation(of rule: String, in log: String, on db: PostgresConnection) throws -> Correlation {
        try withScratchDirectory { dir in
            let file = dir.appendingPathComponent("postgresql.log")
            try log.write(to: file, atomically: true, encoding: .utf8)
            let snapshot = try SchemaInspector(connection: db).snapshot()
            let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()), snapshot: snapshot, database: LiveDatabase(connection: db))
                .diagnose(paths: [file.path])
            return try #require(diagnosis.problems.first { $0.group.ruleID == rule }).correlation
        }
    }
}

extension Correlation {
    /// The summary without the note that the log names another database: a corpus captured in its own
    /// database (`lending`, `clinic`) is checked in a test database of another name.
    var summaryHere: String { summary.components(separatedBy: " The log names database ").first ?? summary }
}
