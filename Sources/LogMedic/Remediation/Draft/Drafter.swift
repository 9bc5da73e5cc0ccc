import Foundation

/// Drafts playbooks from a reference schema for the confirmed missing-table and missing-column problems of
/// a diagnosis: it cuts out of the reference exactly the objects each problem needs (with what they depend
/// on that the target lacks), in dependency order, as DDL the reference server printed, and names each
/// statement's hazards on the target. Nothing here writes to the target.
public struct Drafter {
    let reference: ReferenceCatalog
    let target: TargetFacts
    let snapshot: SchemaSnapshot
    let hazards: HazardAnalyzer

    public init(reference: ReferenceCatalog, target: PostgresConnection, snapshot: SchemaSnapshot) {
        self.reference = reference
        self.target = TargetFacts(connection: target)
        self.snapshot = snapshot
        self.hazards = HazardAnalyzer(connection: target)
    }

    /// One draft per confirmed problem that a schema change can fix; other problems are not drafted.
    public func drafts(for diagnosis: Diagnosis) throws -> [Draft] {
        var drafts: [Draft] = []
        var usedIDs: Set<String> = []
        for problem in diagnosis.problems where problem.correlation.status == .confirmed {
            var draft: Draft
            switch problem.correlation.check {
            case "missing_relation":
                guard let name = problem.group.capture("relation") else { continue }
                let shown = "relation \"\(problem.group.capture("schema").map { "\($0)." } ?? "")\(name)\" does not exist"
                draft = Draft(problemID: problem.id, problem: shown,
                              outcome: try missingTable(name, schema: problem.group.capture("schema"), rule: problem.group.ruleID))
            case "missing_column":
                guard let column = problem.group.capture("column"), let table = problem.correlation.table,
                      let relation = snapshot.relation(named: table) else { continue }
                draft = Draft(problemID: problem.id, problem: "column \"\(column)\" of \(table) does not exist",
                              outcome: try missingColumn(column, of: relation, rule: problem.group.ruleID))
            default:
                continue
            }
            if case .playbook(var playbook) = draft.outcome {
                playbook.id = Self.unique(playbook.id, among: &usedIDs)
                draft.outcome = .playbook(playbook)
            }
            drafts.append(draft)
        }
        return drafts
    }

    /// Statements' hazards, and the outcome they allow: a playbook, or a refusal with the alternative.
    func finish(_ playbook: DraftedPlaybook) throws -> Draft.Outcome {
        var playbook = playbook
        playbook.hazards = try playbook.statements.map(hazards.hazards(of:))
        if let refusal = playbook.hazards.joined().first(where: \.refuses) {
            return .refused(playbook: playbook, reason: refusal.message, alternative: refusal.alternative ?? "")
        }
        return .playbook(playbook)
    }

    /// A playbook id from names: lowercase letters, digits and underscores, at most 60 characters.
    static func identifier(_ parts: [String]) -> String {
        let raw = parts.joined(separator: "_").lowercased()
        let cleaned = String(raw.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        return String(cleaned.prefix(60))
    }

    static func unique(_ id: String, among used: inout Set<String>) -> String {
        var candidate = id, n = 2
        while used.contains(candidate) { candidate = "\(id)_\(n)"; n += 1 }
        used.insert(candidate)
        return candidate
    }

    /// Runs `body` with the reference session deparsing under the target's search_path (for verify.sql).
    func underTargetSearchPath<T>(_ body: (String) throws -> T) throws -> T {
        let path = try target.searchPath()
        try reference.connection.query("SELECT set_config('search_path', $1, false)", [path])
        defer { _ = try? reference.connection.query("SELECT set_config('search_path', '', false)") }
        return try body(path)
    }

    /// A SQL string literal, quoted by the server.
    func literal(_ value: String) throws -> String {
        try reference.connection.query("SELECT quote_literal($1::text)", [value])[0, 0] ?? "NULL"
    }
}
