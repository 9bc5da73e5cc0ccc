/// A connection wrapper that records every statement logmedic sends during a remediation, so the
/// output (and the tests) can show exactly what ran, `ROLLBACK` included, and the server's notices.
final class SQLSession {
    let connection: PostgresConnection
    private(set) var statements: [String] = []
    private(set) var notices: [String] = []

    init(connection: PostgresConnection) { self.connection = connection }

    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) throws -> PostgresResult {
        statements.append(sql)
        defer { notices += connection.takeNotices() }
        return try connection.query(sql, parameters)
    }

    /// A playbook file: one script as it is, or its statements with bound parameters. Returns the
    /// last statement's result.
    @discardableResult
    func run(_ file: [SQLTemplate.Statement], label: String) throws -> PostgresResult {
        statements.append("-- \(label)\n" + file.map { $0.sql.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ";\n"))
        defer { notices += connection.takeNotices() }
        var last: PostgresResult?
        for statement in file {
            last = statement.values.isEmpty ? try connection.execute(statement.sql) : try connection.query(statement.sql, statement.values)
        }
        guard let last else { throw RemediationError.invalidPlaybook(path: label, reason: "holds no statement") }
        return last
    }

    /// Rolls back, swallowing errors: used on paths that are already failing.
    func rollbackQuietly() {
        _ = try? query("ROLLBACK")
    }
}
