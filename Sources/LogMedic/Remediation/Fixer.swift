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

    public func run(_ item: FixPlan.Item, mode: SQLRunReport.Mode) throws -> SQLRunReport {
        try remediator.run(item.playbook, mode: mode, parameters: item.parameters)
    }
}
