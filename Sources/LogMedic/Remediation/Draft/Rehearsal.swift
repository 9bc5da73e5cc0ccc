/// Runs a drafted playbook on the target inside BEGIN … ROLLBACK: deploy, then verify, then the schema diff,
/// always rolled back — the reviewer approves something already shown to work on this database. Bounded
/// waits (`lock_timeout`, `statement_timeout`) keep a rehearsal from queueing behind live traffic.
public struct Rehearsal {
    public enum Result: Sendable {
        case passed(diff: SchemaDiff)
        /// verify.sql returned rows: each one difference.
        case verifyFailed(differences: [String])
        case failed(error: String)
    }

    let connection: PostgresConnection
    var lockTimeout = "5s"
    var statementTimeout = "60s"

    public init(connection: PostgresConnection) { self.connection = connection }

    public func run(deploy: String, verify: String, before: SchemaSnapshot) throws -> Result {
        try connection.execute("BEGIN")
        defer { _ = try? connection.execute("ROLLBACK") }
        do {
            try connection.query("SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true)",
                                 [lockTimeout, statementTimeout])
            try connection.execute(deploy)
            let rows = try connection.execute(verify)
            if rows.rowCount > 0, !(rows.rowCount == 1 && rows.columnCount == 1 && rows[0, 0] == "t") {
                return .verifyFailed(differences: rows.rows.map { $0.map { $0 ?? "NULL" }.joined(separator: " | ") })
            }
            return .passed(diff: SchemaDiff(from: before, to: try SchemaInspector(connection: connection).snapshot()))
        } catch let error as PostgresError {
            return .failed(error: "\(error)")
        }
    }
}
