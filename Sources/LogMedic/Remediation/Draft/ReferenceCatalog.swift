/// The reference database's catalog, read for exactly the objects a draft needs, as DDL the server wrote.
public struct ReferenceCatalog {
    public struct Table: Equatable, Sendable {
        public var oid: Int
        public var schema: String
        public var name: String
        public var isPartitioned: Bool
    }

    public struct Column: Equatable, Sendable {
        public var name: String
        /// `"name" type [COLLATE …] [DEFAULT …] [GENERATED …] [NOT NULL]`.
        public var definition: String
        public var isNotNull: Bool
        public var hasDefault: Bool
        public var hasVolatileDefault: Bool
        public var type: String
        public var number: Int
        public var defaultExpression: String?
        /// `GENERATED ALWAYS AS (…) STORED`: computed from other columns, never written by the application.
        public var isGenerated = false
        /// An identity column: every row gets the next value of its sequence.
        public var isIdentity = false
        /// A default that is one value per statement (`now()`, `CURRENT_DATE`): ADD COLUMN gives every existing
        /// row the apply's value, kept in attmissingval, not re-evaluated.
        public var hasApplyTimeDefault = false
    }

    public struct Constraint: Equatable, Sendable {
        public var name: String
        /// p, u, c, f or x.
        public var type: String
        /// `CONSTRAINT "name" …` as `pg_get_constraintdef` prints it.
        public var definition: String
        public var columnNumbers: [Int]
        public var referencedSchema: String?
        public var referencedTable: String?
        public var referencesItself: Bool
    }

    public struct Index: Equatable, Sendable {
        public var name: String
        public var definition: String
        /// Key column numbers; 0 stands for an expression.
        public var columnNumbers: [Int]
        public var hasExpressionOrPredicate: Bool
        /// Every column the index uses: its keys and the columns of its expressions and predicate
        /// (`WHERE state = 'picked'` uses state).
        public var usedColumnNumbers: [Int] = []
    }

    public struct Sequence: Equatable, Sendable {
        public var schema: String
        public var name: String
        public var create: String
        /// The column number that owns it when it is this table's serial sequence.
        public var ownerColumn: Int?
        public var ownedBy: String?
    }

    public struct UserType: Equatable, Sendable {
        public var schema: String
        public var name: String
        /// e enum, d domain, c composite, r range, …
        public var kind: String
        public var create: String?
    }

    public struct Extension: Equatable, Sendable {
        public var name: String
        public var schema: String
    }

    let connection: PostgresConnection
    /// Whether drafted statements may be replayed here in a rolled-back transaction (a scratch database
    /// logmedic created; never a `--reference-db` of the user's).
    let mayReplay: Bool
    /// What the reference's migrations renamed, file by file (empty when it was not loaded from files).
    let history: MigrationHistory

    /// Reads with an empty search_path, so every name the server prints is schema-qualified.
    public init(connection: PostgresConnection, mayReplay: Bool, history: MigrationHistory = MigrationHistory()) throws {
        self.connection = connection
        self.mayReplay = mayReplay
        self.history = history
        try connection.query("SELECT set_config('search_path', '', false)")
    }

    public func table(named name: String, schema: String?) throws -> Table? {
        let rows = try connection.query(Queries.findTable, [name, schema])
        guard rows.rowCount == 1, let oid = rows.int(0, 0), let schema = rows[0, 1], let name = rows[0, 2] else { return nil }
        return Table(oid: oid, schema: schema, name: name, isPartitioned: rows[0, 3] == "p")
    }

    /// A relation of the name that is not a table (a sequence, a view …): its schema, name and kind in words.
    public func nonTable(named name: String, schema: String?) throws -> (schema: String, name: String, kind: String)? {
        let rows = try connection.query("""
            SELECT n.nspname, c.relname, CASE c.relkind WHEN 'S' THEN 'a sequence' WHEN 'v' THEN 'a view'
                   WHEN 'm' THEN 'a materialized view' WHEN 'f' THEN 'a foreign table' WHEN 'c' THEN 'a composite type'
                   WHEN 'i' THEN 'an index' WHEN 'I' THEN 'an index' ELSE 'relkind ' || c.relkind::text END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind NOT IN ('r', 'p', 't') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND (c.relname = $1 OR lower(c.relname) = lower($1)) AND ($2::text IS NULL OR n.nspname = $2)
            ORDER BY c.relname = $1 DESC, n.nspname = 'public' DESC, n.nspname
            LIMIT 1
            """, [name, schema])
        guard rows.rowCount == 1, let schema = rows[0, 0], let name = rows[0, 1], let kind = rows[0, 2] else { return nil }
        return (schema, name, kind)
    }

    public func columns(of table: Table) throws -> [Column] {
        let rows = try connection.query(Queries.columns, [String(table.oid)])
        return (0..<rows.rowCount).map { row in
            Column(name: rows[row, 0] ?? "", definition: rows[row, 1] ?? "", isNotNull: rows.bool(row, 2),
                   hasDefault: rows.bool(row, 3), hasVolatileDefault: rows.bool(row, 4), type: rows[row, 5] ?? "",
                   number: rows.int(row, 6) ?? 0, defaultExpression: rows[row, 7],
                   isGenerated: rows.bool(row, 8), isIdentity: rows.bool(row, 9), hasApplyTimeDefault: rows.bool(row, 10))
        }
    }

    public func constraints(of table: Table) throws -> [Constraint] {
        let rows = try connection.query(Queries.constraints, [String(table.oid)])
        return (0..<rows.rowCount).map { row in
            Constraint(name: rows[row, 0] ?? "", type: rows[row, 1] ?? "", definition: rows[row, 2] ?? "",
                       columnNumbers: rows.ints(row, 3) ?? [], referencedSchema: rows[row, 4],
                       referencedTable: rows[row, 5], referencesItself: rows.bool(row, 6))
        }
    }

    public func indexes(of table: Table) throws -> [Index] {
        let rows = try connection.query(Queries.indexes, [String(table.oid)])
        return (0..<rows.rowCount).map { row in
            Index(name: rows[row, 0] ?? "", definition: rows[row, 1] ?? "", columnNumbers: rows.ints(row, 2) ?? [],
                  hasExpressionOrPredicate: rows.bool(row, 3), usedColumnNumbers: rows.ints(row, 4) ?? [])
        }
    }

    /// The identities (oids) of the table's indexes and constraints of these names, as `MigrationHistory` knows them.
    func identities(of names: [String], on table: Table) throws -> Set<Int> {
        var oids: Set<Int> = []
        for name in names {
            let rows = try connection.query("""
                SELECT i.indexrelid::bigint FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1::oid AND c.relname = $2
                UNION ALL SELECT oid::bigint FROM pg_constraint WHERE conrelid = $1::oid AND conname = $2
                """, [String(table.oid), name])
            oids.formUnion((0..<rows.rowCount).compactMap { rows.int($0, 0) })
        }
        return oids
    }

    /// COMMENT statements: the table's (column number 0) and its columns'.
    public func comments(of table: Table) throws -> [(column: Int, statement: String)] {
        let rows = try connection.query(Queries.comments, [String(table.oid)])
        return (0..<rows.rowCount).compactMap { row in rows[row, 1].map { (rows.int(row, 0) ?? 0, $0) } }
    }

    public func sequences(of table: Table) throws -> [Sequence] {
        let rows = try connection.query(Queries.sequences, [String(table.oid)])
        return (0..<rows.rowCount).map { row in
            Sequence(schema: rows[row, 0] ?? "", name: rows[row, 1] ?? "", create: rows[row, 2] ?? "",
                     ownerColumn: rows[row, 4] == nil ? nil : rows.int(row, 3), ownedBy: rows[row, 4])
        }
    }

    /// The sequences one column's default calls (`nextval('s'::regclass)`), owned by it or not: `schema.name`.
    public func sequences(ofDefault table: Table, column: Int) throws -> Set<String> {
        let rows = try connection.query("""
            SELECT sn.nspname || '.' || sc.relname
            FROM pg_attrdef ad
            JOIN pg_depend dep ON dep.classid = 'pg_attrdef'::regclass AND dep.objid = ad.oid AND dep.refclassid = 'pg_class'::regclass
            JOIN pg_class sc ON sc.oid = dep.refobjid AND sc.relkind = 'S'
            JOIN pg_namespace sn ON sn.oid = sc.relnamespace
            WHERE ad.adrelid = $1::oid AND ad.adnum = $2::int2
            """, [String(table.oid), String(column)])
        return Set((0..<rows.rowCount).compactMap { rows[$0, 0] })
    }

    /// Enum and domain types first by kind, domains after the types they are based on.
    public func types(of table: Table) throws -> [UserType] {
        try types(query: Queries.types, oid: table.oid)
    }

    /// The same for the types a function takes and returns (`$1` its pg_proc oid).
    func types(ofFunction oid: Int) throws -> [UserType] {
        try types(query: Queries.functionTypes, oid: oid)
    }

    /// A type and what it is based on (a domain's base types), bases first (`$1` its pg_type oid).
    func types(ofType oid: Int) throws -> [UserType] {
        try types(query: Queries.typeItself, oid: oid)
    }

    private func types(query: String, oid: Int) throws -> [UserType] {
        let rows = try connection.query(query, [String(oid)])
        var types = (0..<rows.rowCount).map { row in
            (UserType(schema: rows[row, 0] ?? "", name: rows[row, 1] ?? "", kind: rows[row, 2] ?? "", create: rows[row, 3]), rows[row, 4])
        }
        var ordered: [UserType] = []
        while !types.isEmpty {
            let placed = Set(ordered.map { "\($0.schema).\($0.name)" })
            let pending = Set(types.map { "\($0.0.schema).\($0.0.name)" })
            let next = types.firstIndex { $0.1 == nil || placed.contains($0.1!) || !pending.contains($0.1!) } ?? 0
            ordered.append(types.remove(at: next).0)
        }
        return ordered
    }

    /// A trigger of a table (not a constraint's internal one), with the function it executes.
    public struct Trigger: Equatable, Sendable {
        public var name: String
        /// `CREATE TRIGGER … EXECUTE FUNCTION schema.f()` as `pg_get_triggerdef` prints it.
        public var definition: String
        /// `schema.f()`: to_regprocedure input and DROP FUNCTION's target.
        public var function: String
        /// `pg_get_functiondef` of the function, as CREATE FUNCTION.
        public var functionDefinition: String
        /// The extension the function belongs to, if any (its function is the extension's, never copied).
        public var functionExtension: String?
        /// Column numbers of `UPDATE OF …`, and of the columns its function's source names as words.
        public var columnNumbers: [Int]
    }

    public func triggers(of table: Table) throws -> [Trigger] {
        let rows = try connection.query(Queries.triggers, [String(table.oid)])
        return (0..<rows.rowCount).map { row in
            var definition = (rows[row, 3] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if definition.hasPrefix("CREATE OR REPLACE FUNCTION ") {
                definition = "CREATE FUNCTION " + definition.dropFirst("CREATE OR REPLACE FUNCTION ".count)
            }
            return Trigger(name: rows[row, 0] ?? "", definition: rows[row, 1] ?? "", function: rows[row, 2] ?? "",
                           functionDefinition: definition, functionExtension: rows[row, 4],
                           columnNumbers: (rows[row, 5] ?? "").split(separator: " ").compactMap { Int($0) })
        }
    }

    public func extensions(of table: Table) throws -> [Extension] {
        let rows = try connection.query(Queries.extensions, [String(table.oid)])
        return (0..<rows.rowCount).map { Extension(name: rows[$0, 0] ?? "", schema: rows[$0, 1] ?? "") }
    }

    /// `format('%I.%I')`: a qualified name as the server quotes it, for DDL and `to_regclass` preconditions.
    public func quoted(_ schema: String, _ name: String) throws -> String {
        try connection.query("SELECT format('%I.%I', $1::text, $2::text)", [schema, name])[0, 0] ?? ""
    }

    /// `format('%I')`: one identifier as the server quotes it.
    public func quoted(_ name: String) throws -> String {
        try connection.query("SELECT format('%I', $1::text)", [name])[0, 0] ?? ""
    }

    /// `format('%I.%I.%I')`: `schema.table.column` as preconditions read it (the server's parse_ident folds
    /// unquoted names, so parts that need quotes have them).
    public func quoted(_ schema: String, _ table: String, _ column: String) throws -> String {
        try connection.query("SELECT format('%I.%I.%I', $1::text, $2::text, $3::text)", [schema, table, column])[0, 0] ?? ""
    }

    /// Runs `sql` (a query with `$1…`) and returns every column of its first row (NULL as "").
    func row(_ sql: String, _ parameters: [String?]) throws -> [String] {
        let rows = try connection.query(sql, parameters)
        guard rows.rowCount > 0 else { return [] }
        return (0..<rows.columnCount).map { rows[0, $0] ?? "" }
    }

    /// Runs `sql` (a query with `$1…`) and returns the first column of every row.
    func strings(_ sql: String, _ parameters: [String?]) throws -> [String] {
        let rows = try connection.query(sql, parameters)
        return (0..<rows.rowCount).compactMap { rows[$0, 0] }
    }
}
