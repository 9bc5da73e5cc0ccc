/// A connection wrapper that records every statement logmedic sends during a remediation, so the
/// output (and the tests) can show exactly what ran, `ROLLBACK` included.
final class SQLSession {
    let connection: PostgresConnection
    private(set) var statements: [String] = []

    init(connection: PostgresConnection) { self.connection = connection }

    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) throws -> PostgresResult {
        statements.append(sql)
        return try connection.query(sql, parameters)
    }

    /// A whole script (several statements) from a vetted playbook file.
    @discardableResult
    func script(_ sql: String, label: String) throws -> PostgresResult {
        statements.append("-- \(label)\n" + sql.trimmingCharacters(in: .whitespacesAndNewlines))
        return try connection.execute(sql)
    }

    /// Rolls back, swallowing errors: used on paths that are already failing.
    func rollbackQuietly() {
        _ = try? query("ROLLBACK")
    }
}
