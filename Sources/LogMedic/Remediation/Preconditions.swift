/// Evaluates a playbook's preconditions inside the open transaction: relation names come from the
/// vetted playbook.yaml and are still only ever sent as parameters.
struct Preconditions {
    enum State: Equatable { case notApplied, applied }

    let playbook: Playbook
    let session: SQLSession

    func check() throws -> State {
        let conditions = playbook.definition.preconditions
        for name in conditions?.present ?? [] where try !exists(name) {
            throw RemediationError.preconditionFailed(playbook: playbook.id, reason: "\(name) must exist but does not")
        }
        let created = conditions?.absent ?? []
        let existing = try created.filter(exists)
        if existing.isEmpty { return .notApplied }
        if existing.count == created.count { return .applied }
        throw RemediationError.inconsistentState(
            playbook: playbook.id, present: existing, absent: created.filter { !existing.contains($0) })
    }

    private func exists(_ relation: String) throws -> Bool {
        try session.query("SELECT to_regclass($1) IS NOT NULL", [relation])[0, 0] == "t"
    }
}

/// Runs verify.sql: it passes when it returns no rows, or a single true boolean.
enum Verification {
    static func run(_ sql: String, playbook: Playbook, session: SQLSession) throws -> String {
        let result = try session.script(sql, label: "\(playbook.id)/verify.sql")
        if result.rowCount == 1, result.columnCount == 1, let value = result[0, 0], value == "t" || value == "f" {
            if value == "t" { return "passed (verify.sql returned true)" }
            throw RemediationError.verifyFailed(playbook: playbook.id, detail: "verify.sql returned false")
        }
        if result.rowCount == 0 { return "passed (verify.sql returned no rows)" }
        let rows = result.rows.prefix(5).map { $0.map { $0 ?? "NULL" }.joined(separator: " | ") }
        throw RemediationError.verifyFailed(playbook: playbook.id, detail: "verify.sql returned \(ReportText.plural(result.rowCount, "problem row")): \(rows.joined(separator: "; "))")
    }
}
