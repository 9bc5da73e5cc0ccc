/// Evaluates a playbook's preconditions inside the open transaction. Names come from the vetted
/// playbook.yaml and are still only ever sent as parameters; `applied.sql` runs with the playbook's
/// parameters like its other files.
struct Preconditions {
    let playbook: Playbook
    let session: SQLSession
    let appliedSQL: [SQLTemplate.Statement]?

    /// True when the playbook's change is in place, false when none of it is; throws when a required
    /// object is missing or the change is half there.
    func applied() throws -> Bool {
        let conditions = playbook.definition.preconditions
        for name in conditions?.present ?? [] where try !relationExists(name) {
            throw RemediationError.preconditionFailed(playbook: playbook.id, reason: "relation \(name) must exist but does not")
        }
        for name in conditions?.presentColumns ?? [] where try !columnExists(name) {
            throw RemediationError.preconditionFailed(playbook: playbook.id, reason: "column \(name) must exist but does not")
        }
        var present: [String] = [], absent: [String] = []
        for name in conditions?.absent ?? [] {
            if try relationExists(name) { present.append(name) } else { absent.append(name) }
        }
        for name in conditions?.absentColumns ?? [] {
            if try columnExists(name) { present.append(name) } else { absent.append(name) }
        }
        if let appliedSQL {
            if try appliedQuery(appliedSQL) { present.append(Playbook.appliedFile) } else { absent.append(Playbook.appliedFile) }
        }
        if present.isEmpty { return false }
        if absent.isEmpty { return true }
        throw RemediationError.inconsistentState(playbook: playbook.id, present: present, absent: absent)
    }

    private func relationExists(_ relation: String) throws -> Bool {
        try session.query("SELECT to_regclass($1) IS NOT NULL", [relation])[0, 0] == "t"
    }

    /// `schema.table.column`, each part an SQL identifier (quoted when it needs to be), parsed by the server.
    private func columnExists(_ column: String) throws -> Bool {
        let result = try session.query("""
            SELECT coalesce(array_length(p, 1), 0) = 3,
                   EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                           JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = p[1] AND c.relname = p[2] AND a.attname = p[3] AND a.attnum > 0 AND NOT a.attisdropped)
            FROM parse_ident($1) AS p
            """, [column])
        guard result[0, 0] == "t" else {
            throw RemediationError.preconditionFailed(playbook: playbook.id, reason: "column precondition '\(column)' is not schema.table.column")
        }
        return result[0, 1] == "t"
    }

    private func appliedQuery(_ statements: [SQLTemplate.Statement]) throws -> Bool {
        let result = try session.run(statements, label: "\(playbook.id)/\(Playbook.appliedFile)")
        guard result.rowCount == 1, result.columnCount == 1, let value = result[0, 0], value == "t" || value == "f" else {
            throw RemediationError.preconditionFailed(playbook: playbook.id, reason: "\(Playbook.appliedFile) must return one boolean")
        }
        return value == "t"
    }
}

/// Runs verify.sql: it passes when it returns no rows, or a single true boolean.
enum Verification {
    static func run(_ statements: [SQLTemplate.Statement], playbook: Playbook, session: SQLSession) throws -> String {
        let result = try session.run(statements, label: "\(playbook.id)/verify.sql")
        if result.rowCount == 1, result.columnCount == 1, let value = result[0, 0], value == "t" || value == "f" {
            if value == "t" { return "passed (verify.sql returned true)" }
            throw RemediationError.verifyFailed(playbook: playbook.id, detail: "verify.sql returned false")
        }
        if result.rowCount == 0 { return "passed (verify.sql returned no rows)" }
        let rows = result.rows.prefix(5).map { $0.map { $0 ?? "NULL" }.joined(separator: " | ") }
        throw RemediationError.verifyFailed(playbook: playbook.id, detail: "verify.sql returned \(ReportText.plural(result.rowCount, "problem row")): \(rows.joined(separator: "; "))")
    }
}
