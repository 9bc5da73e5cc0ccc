/// The names of the columns of a database's tables by identity (table oid, column number), as `MigrationHistory` follows
/// a reference's: read before a playbook's script and again before its journal row, they tell which columns it renamed,
/// which the journal records (`renamed_columns`) for the checks to read.
struct ColumnNames {
    /// A column the run renamed; `table` is its table's name after the run.
    struct Rename: Codable, Equatable, Sendable {
        var schema: String
        var table: String
        var from: String
        var to: String
    }

    private struct Identity: Hashable {
        var table: Int
        var number: Int
    }

    private let names: [Identity: (schema: String, table: String, column: String)]

    static let query = """
        SELECT c.oid::bigint, a.attnum, n.nspname::text, c.relname::text, a.attname::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(temp|toast)'
        """

    init(on connection: PostgresConnection) throws {
        let rows = try connection.query(Self.query)
        var names: [Identity: (schema: String, table: String, column: String)] = [:]
        for row in 0..<rows.rowCount {
            guard let table = rows.int(row, 0), let number = rows.int(row, 1),
                  let schema = rows[row, 2], let relation = rows[row, 3], let column = rows[row, 4] else { continue }
            names[Identity(table: table, number: number)] = (schema, relation, column)
        }
        self.names = names
    }

    /// The columns that have another name in `after`, in a stable order.
    func renames(to after: ColumnNames) -> [Rename] {
        names.compactMap { identity, before -> Rename? in
            guard let now = after.names[identity], now.column != before.column else { return nil }
            return Rename(schema: now.schema, table: now.table, from: before.column, to: now.column)
        }.sorted { ($0.schema, $0.table, $0.from) < ($1.schema, $1.table, $1.from) }
    }
}
