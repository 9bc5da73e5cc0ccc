import Foundation
import Testing
@testable import LogMedic

/// Checks run as `report --db` runs them: a server log written to a file, diagnosed against the live database.
enum Checking {
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
