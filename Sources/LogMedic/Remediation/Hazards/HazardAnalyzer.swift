/// Hazards of statements on a live target: the classifier, fed with each table's row estimate
/// (`pg_class.reltuples`) and whether it has rows, asked with the name as a bound parameter.
public final class HazardAnalyzer {
    let database: LiveDatabase
    private var cache: [String: TableFacts?] = [:]

    public init(database: LiveDatabase) { self.database = database }

    public convenience init(connection: PostgresConnection) { self.init(database: LiveDatabase(connection: connection)) }

    public func hazards(of statement: String) throws -> [Hazard] {
        var failure: (any Error)?
        let hazards = HazardClassifier.classify(statement) { name in
            do { return try facts(name) } catch { failure = error; return nil }
        }
        if let failure { throw failure }
        return hazards
    }

    /// Facts about a table (or sequence) named as SQL text (`public.users`, `"Sales"."Orders"`); nil when it does not exist.
    public func facts(_ name: String) throws -> TableFacts? {
        if let known = cache[name] { return known }
        let row = try database.rows("""
            SELECT c.reltuples::bigint, format('SELECT EXISTS (SELECT FROM %s)', c.oid::regclass),
                   (SELECT string_agg(a.attname || E'\t' || format_type(a.atttypid, a.atttypmod), E'\n')
                    FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
            FROM pg_class c WHERE c.oid = to_regclass($1) AND c.relkind IN ('r', 'p', 'm', 'S')
            """, [name])
        var facts: TableFacts?
        if row.count == 1, let probe = row[0][1] {
            let estimate = row[0][0].flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
            let columns = (row[0][2] ?? "").split(separator: "\n").map { $0.split(separator: "\t", maxSplits: 1).map(String.init) }
            facts = TableFacts(estimatedRows: estimate, hasRows: try database.rows(probe).first?.first == "t",
                               columnTypes: Dictionary(columns.filter { $0.count == 2 }.map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a }))
        }
        cache[name] = facts
        return facts
    }
}
