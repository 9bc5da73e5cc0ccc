/// The hazards of one statement a playbook runs, as `fix` and `report` show them.
public struct StatementHazards: Sendable, Codable, Equatable {
    /// The statement's first line of SQL (comments left out), shortened for display.
    public var statement: String
    public var hazards: [Hazard]

    /// The hazards of each statement on the target, in script order; statements without any are left out.
    static func of(_ statements: [String], on analyzer: HazardAnalyzer) throws -> [StatementHazards] {
        try statements.flatMap(SQLScript.pieces(of:)).compactMap { sql in
            let hazards = try analyzer.hazards(of: sql)
            guard !hazards.isEmpty else { return nil }
            return StatementHazards(statement: headline(sql), hazards: hazards)
        }
    }

    static func headline(_ sql: String) -> String {
        let line = sql.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty && !$0.hasPrefix("--") } ?? ""
        return line.count > 100 ? String(line.prefix(100)) + "…" : line
    }
}

extension HazardAnalyzer {
    /// What a selected vetted playbook's deploy.sql would risk on the target, filled with its parameters as
    /// `fix` fills them (identifiers quoted by libpq; values stay bound and do not change the hazards).
    func hazards(of selection: PlaybookSelector.Selection, files: VettedPlaybook) throws -> [StatementHazards] {
        guard selection.playbook.kind == .sql else { return [] }
        let text = try files.text(of: "deploy.sql")
        let statements = try SQLTemplate.statements(text, parameters: selection.parameters, quote: database.quoted(identifier:))
        return try StatementHazards.of(statements.map(\.sql), on: self)
    }
}
