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

    /// The values the last committed apply of a playbook ran with (`logmedic.journal`), for `--revert`
    /// of a parameterised playbook; empty when there is no journal or no such row.
    public func lastAppliedParameters(of playbook: Playbook) throws -> [String: String] {
        guard try connection.query("SELECT to_regclass('logmedic.journal') IS NOT NULL")[0, 0] == "t" else { return [:] }
        let result = try connection.query("""
            SELECT key, value FROM jsonb_each_text((SELECT parameters FROM logmedic.journal
                WHERE playbook = $1 AND action = 'apply' ORDER BY id DESC LIMIT 1))
            """, [playbook.id])
        return Dictionary(uniqueKeysWithValues: (0..<result.rowCount).map { (result[$0, 0] ?? "", result[$0, 1] ?? "") })
    }

    /// Which of `ids` the journal shows applied and not reverted since.
    public func appliedPlaybooks(among ids: [String]) throws -> Set<String> {
        guard !ids.isEmpty, try connection.query("SELECT to_regclass('logmedic.journal') IS NOT NULL")[0, 0] == "t" else { return [] }
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
