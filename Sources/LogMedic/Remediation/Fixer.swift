import Foundation

/// `fix` as the library runs it: diagnose the logs against the live database (checks may query it),
/// let `PlaybookSelector` plan, and run SQL playbooks through `SQLRemediator`. The CLI only renders.
public final class Fixer {
    public let library: PlaybookLibrary
    public let remediator: SQLRemediator
    let connection: PostgresConnection
    let catalog: CompiledCatalog

    public init(connection: PostgresConnection, library: PlaybookLibrary, catalog: CompiledCatalog, options: RemediationOptions = RemediationOptions()) {
        self.connection = connection
        self.library = library
        self.catalog = catalog
        remediator = SQLRemediator(connection: connection, library: library, options: options)
    }

    public func diagnose(paths: [String], source: SourceTree?) throws -> Diagnosis {
        let snapshot = try SchemaInspector(connection: connection).snapshot()
        return Diagnoser(pipeline: ScanPipeline(catalog: catalog), snapshot: snapshot, source: source,
                         database: LiveDatabase(connection: connection), selector: PlaybookSelector(library: library))
            .diagnose(paths: paths)
    }

    public func plan(_ diagnosis: Diagnosis) -> FixPlan {
        FixPlanner.plan(diagnosis, selector: PlaybookSelector(library: library))
    }

    /// The values `--revert` runs a playbook with: those of its one apply the journal (`logmedic.journal`) shows not
    /// reverted since, or of the one such apply whose values include every `given` one (`--param NAME=VALUE`).
    /// Applied with other values more than once (two extensions created), the run is named, never guessed.
    /// Without such an apply: `given`, else the values of the last apply (its revert then finds nothing to undo).
    public func revertParameters(of playbook: Playbook, given: [String: String]) throws -> [String: String] {
        guard try hasJournal() else { return given }
        let result = try connection.query("""
            SELECT DISTINCT ON (a.parameters) a.id, \(Journal.appliedAtUTC("a")), a.parameters::text
            FROM logmedic.journal a
            WHERE a.playbook = $1 AND a.action = 'apply' AND NOT EXISTS (
                SELECT FROM logmedic.journal r WHERE r.playbook = a.playbook AND r.action = 'revert' AND r.id > a.id AND r.parameters = a.parameters)
            ORDER BY a.parameters, a.id DESC
            """, [playbook.id])
        let runs = try (0..<result.rowCount).map { row in
            (id: Int(result[row, 0] ?? "") ?? 0, at: result[row, 1] ?? "",
             values: try JSONDecoder().decode([String: String].self, from: Data((result[row, 2] ?? "{}").utf8)))
        }.sorted { $0.id > $1.id }
        let chosen = runs.filter { run in given.allSatisfy { run.values[$0.key] == $0.value } }
        if chosen.count == 1 { return chosen[0].values.merging(given) { _, given in given } }
        if chosen.count > 1 {
            let differing = Set(chosen.flatMap(\.values.keys)).filter { key in Set(chosen.map { $0.values[key] }).count > 1 }.sorted()
            let shown = chosen.map { run in
                "journal #\(run.id) at \(run.at): " + differing.map { "\($0)=\(run.values[$0] ?? "")" }.joined(separator: " ")
            }
            let choice = differing.map { "--param \($0)=\(ShellText.word(chosen[0].values[$0] ?? ""))" }.joined(separator: " ")
            throw RemediationError.ambiguousRevert(playbook: playbook.id, runs: shown, choice: choice)
        }
        guard given.isEmpty else { return given }
        return try lastAppliedParameters(of: playbook)
    }

    /// Whether the database has `logmedic.journal` (no playbook was ever applied to it otherwise).
    private func hasJournal() throws -> Bool {
        try connection.query(Journal.existsQuery)[0, 0] == "t"
    }

    private func lastAppliedParameters(of playbook: Playbook) throws -> [String: String] {
        let result = try connection.query("""
            SELECT key, value FROM jsonb_each_text((SELECT parameters FROM logmedic.journal
                WHERE playbook = $1 AND action = 'apply' ORDER BY id DESC LIMIT 1))
            """, [playbook.id])
        return Dictionary(uniqueKeysWithValues: (0..<result.rowCount).map { (result[$0, 0] ?? "", result[$0, 1] ?? "") })
    }

    /// Which of `ids` the journal shows applied and not reverted since.
    public func appliedPlaybooks(among ids: [String]) throws -> Set<String> {
        guard !ids.isEmpty, try hasJournal() else { return [] }
        let list = String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)
        let result = try connection.query("""
            SELECT DISTINCT ON (playbook) playbook, action FROM logmedic.journal
            WHERE playbook IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY playbook, id DESC
            """, [list])
        return Set((0..<result.rowCount).filter { result[$0, 1] == "apply" }.compactMap { result[$0, 0] })
    }

    public func run(_ item: FixPlan.Item, mode: SQLRunReport.Mode) throws -> SQLRunReport {
        try remediator.run(item.playbook, mode: mode, parameters: item.parameters)
    }
}
