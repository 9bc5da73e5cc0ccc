/// The shape of a PostgreSQL database at one moment: what diagnosis checks findings against, offline or live.
///
/// Design: a snapshot is a plain value (Codable, Sendable, Equatable) so it can be saved with
/// `logmedic schema inspect -o FILE`, loaded for `report --schema FILE` and diffed around a fix.
/// `SchemaInspector` builds it from a live connection; nothing here touches the database.
///
/// JSON (snake_case keys, relations sorted by schema then name, columns in ordinal order, constraints,
/// indexes, foreign keys and checks by name; optional values are left out when absent):
/// ```json
/// { "database": "railway", "server_version": "15.18", "search_path": ["public"],
///   "taken_at": "2025-12-19T10:00:00Z",
///   "relations": [ { "schema": "public", "name": "users", "kind": "table",
///     "columns": [ { "name": "id", "type": "bigint", "is_nullable": false,
///                    "default_expression": "nextval('users_id_seq'::regclass)" } ],
///     "primary_key": ["id"], "unique_constraints": [ { "name": "users_email_key", "columns": ["email"] } ],
///     "indexes": [ { "name": "users_pkey", "columns": ["id"], "is_unique": true, "is_primary": true,
///                    "definition": "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)" } ],
///     "foreign_keys": [ { "name": "orders_user_id_fkey", "columns": ["user_id"], "referenced_schema": "public",
///       "referenced_table": "users", "referenced_columns": ["id"], "on_delete": "set null",
///       "on_update": "no action" } ],
///     "check_constraints": [ { "name": "orders_total_check", "definition": "CHECK ((total_cents >= 0))" } ] } ] }
/// ```
public struct SchemaSnapshot: Codable, Sendable, Equatable {
    public var database: String
    /// e.g. "15.18".
    public var serverVersion: String
    /// The effective schemas, in order, from `current_schemas(false)`.
    public var searchPath: [String]
    /// When the snapshot was taken, ISO-8601 in UTC (server clock).
    public var takenAt: String
    public var relations: [Relation]
    /// The sequences (`CREATE SEQUENCE`, serial and identity ones too), sorted by schema then name: a
    /// message such as `relation "x_seq" does not exist` (from `nextval('x_seq')`) names one. Snapshots
    /// written before sequences were recorded decode with none.
    public var sequences: [Sequence]

    /// A sequence's place: its schema and name.
    public struct Sequence: Codable, Sendable, Equatable {
        public var schema: String
        public var name: String

        public init(schema: String, name: String) {
            self.schema = schema
            self.name = name
        }
    }

    public init(
        database: String, serverVersion: String, searchPath: [String], takenAt: String, relations: [Relation],
        sequences: [Sequence] = []
    ) {
        self.database = database
        self.serverVersion = serverVersion
        self.searchPath = searchPath
        self.takenAt = takenAt
        self.relations = relations.sorted { ($0.schema, $0.name) < ($1.schema, $1.name) }
        self.sequences = sequences.sorted { ($0.schema, $0.name) < ($1.schema, $1.name) }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            database: try container.decode(String.self, forKey: .database),
            serverVersion: try container.decode(String.self, forKey: .serverVersion),
            searchPath: try container.decode([String].self, forKey: .searchPath),
            takenAt: try container.decode(String.self, forKey: .takenAt),
            relations: try container.decode([Relation].self, forKey: .relations),
            sequences: try container.decodeIfPresent([Sequence].self, forKey: .sequences) ?? [])
    }

    enum CodingKeys: String, CodingKey {
        case database
        case serverVersion = "server_version"
        case searchPath = "search_path"
        case takenAt = "taken_at"
        case relations
        case sequences
    }

    /// Finds a relation as PostgreSQL would resolve the name: with `schema`, in that schema; without it,
    /// first along `searchPath`, then in any schema. Exact names win over case-insensitive matches
    /// (log messages often show a folded or differently-cased name). `"sales.orders"` is also understood.
    public func relation(named name: String, schema: String? = nil) -> Relation? {
        let exact: (String, String) -> Bool = { $0 == $1 }
        let folded: (String, String) -> Bool = { $0.lowercased() == $1.lowercased() }
        for same in [exact, folded] {
            let candidates = relations.filter { same($0.name, name) }
            if let schema {
                if let match = candidates.first(where: { same($0.schema, schema) }) { return match }
                continue
            }
            for pathSchema in searchPath {
                if let match = candidates.first(where: { $0.schema == pathSchema }) { return match }
            }
            if let match = candidates.first { return match }
        }
        if schema == nil, let dot = name.firstIndex(of: ".") {
            return relation(named: String(name[name.index(after: dot)...]), schema: String(name[..<dot]))
        }
        return nil
    }

    /// The sequence the server would find for a name it printed: in `schema`, or else in the first schema
    /// of the search path that has one of that exact name.
    public func sequence(exactly name: String, schema: String?) -> Sequence? {
        if let schema { return sequences.first { $0.schema == schema && $0.name == name } }
        for pathSchema in searchPath {
            if let match = sequences.first(where: { $0.schema == pathSchema && $0.name == name }) { return match }
        }
        return nil
    }
}
