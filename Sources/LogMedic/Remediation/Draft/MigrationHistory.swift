/// What a reference's migrations created and renamed, learned from the scratch server while they load: after each file
/// (and after each statement that may rename), the names of tables, columns, indexes and constraints are
/// compared with the names the same objects had before — by identity on the server (a relation's oid, a
/// column's table oid and number, a constraint's oid), never by reading the SQL. A name that changed at the
/// same identity is a rename `from → to`; a later object that takes the old name has another identity and
/// is not mistaken for it. An identity that was not there before is a creation (tables, columns, indexes,
/// constraints, enum labels); a column's identity that is no longer there is a drop.
public struct MigrationHistory: Sendable, Equatable {
    public struct Rename: Sendable, Equatable {
        /// `function`: one of the application's own (not an extension's); `default`: a column's default (a
        /// `pg_attrdef` row, new each time it is set); `nullable`: a column that is nullable (its identity
        /// appears when a migration creates it nullable or drops its NOT NULL).
        public enum Kind: String, Sendable { case table, column, index, constraint, label, function, `default`, nullable }
        public var kind: Kind
        /// The object on the reference server: the relation's oid (tables, indexes), the table's oid and the
        /// column number (columns), the constraint's oid (constraints), the `pg_enum` row's oid (enum labels).
        public var oid: Int
        public var number: Int
        /// The schema of the object (of its table, for columns and constraints).
        public var schema: String
        /// The oid of the table the object belongs to (the table itself for tables; 0 for enum labels).
        public var tableOID: Int
        public var from: String
        public var to: String
        /// The migration file that renamed it, as shown to the user (relative to its folder).
        public var file: String
    }

    /// A table (`number` 0), column, index, constraint, enum label, function, column default or nullable column the
    /// migrations created, and the migration file that did.
    public struct Creation: Sendable, Equatable {
        public var kind: Rename.Kind
        /// As a rename's: the table's oid for tables, columns and nullable columns, the object's own otherwise.
        public var oid: Int
        public var number: Int
        /// The oid of the table the object belongs to (the table itself for tables).
        public var tableOID: Int
        public var file: String
    }

    /// A column the migrations dropped: its table's oid, its last name, and the migration file that dropped it.
    public struct Drop: Sendable, Equatable {
        public var tableOID: Int
        public var name: String
        public var file: String
    }

    public internal(set) var renames: [Rename] = []
    /// Kept only for files of a migration folder: a file given alone is a schema, not a step of a tool's.
    public internal(set) var creations: [Creation] = []
    /// Kept only for files of a migration folder, as creations are.
    public internal(set) var drops: [Drop] = []

    /// Roles the reference's GRANTs name that the scratch server lacks (a shared `--scratch-db` server, whose
    /// roles are never created): those grants were skipped, so the reference's catalog does not hold them.
    public internal(set) var rolesLacking: Set<String> = []

    /// The migration folders' files as loaded: path in the folder → the folder as given (what the tool's commands
    /// name) and what runs going up.
    public internal(set) var files: [String: File] = [:]

    public struct File: Sendable, Equatable {
        public var folder: String
        public var text: String
        /// An Alembic revision's id and the ids it follows (`RevisionChain`).
        public var revision: String?
        public var follows: [String] = []
    }

    /// The revision of migration `file` and those that come after it, or nil for a file without a revision.
    public func revisions(from file: String) -> [String]? {
        guard let id = files[file]?.revision else { return nil }
        let chain = files.values.compactMap { file in file.revision.map { RevisionChain.Revision(id: $0, follows: file.follows, text: "") } }
        return RevisionChain.descendants(of: id, among: chain)
    }

    public init(renames: [Rename] = []) { self.renames = renames }

    /// The migration files that created the tables of `tables` (oids) or any of their columns, indexes and
    /// constraints, the `columns` (table oid, number) and the indexes, constraints and enum labels of `parts` (oids), in the
    /// order they ran: a table drafted as the folder leaves it covers the later migrations that add its columns,
    /// indexes and constraints too, and a column drafted with its index the migration that adds that index.
    /// `parts` may also name functions and column defaults (`pg_attrdef` oids); `nullable`: columns (table oid,
    /// number) made nullable, by the last migration that did.
    public func creatingFiles(tables: Set<Int>, columns: [(oid: Int, number: Int)], parts: Set<Int> = [],
                              nullable: [(oid: Int, number: Int)] = []) -> [String] {
        var files: [String] = []
        for creation in creations where !files.contains(creation.file)
            && ((tables.contains(creation.tableOID) && [.table, .column, .index, .constraint].contains(creation.kind))
                || (creation.kind == .column && columns.contains { $0 == (creation.oid, creation.number) })
                || ([.index, .constraint, .label, .function, .default].contains(creation.kind) && parts.contains(creation.oid))) {
            files.append(creation.file)
        }
        for column in nullable {
            if let last = creations.last(where: { $0.kind == .nullable && ($0.oid, $0.number) == column }), !files.contains(last.file) {
                files.append(last.file)
            }
        }
        return files
    }

    /// The migration file that last dropped a column of that name from a table.
    public func droppingFile(ofColumn name: String, tableOID: Int) -> String? {
        drops.last { $0.tableOID == tableOID && $0.name == name }?.file
    }

    /// The renames of one object, oldest first.
    public func renames(of kind: Rename.Kind, oid: Int, number: Int = 0) -> [Rename] {
        renames.filter { $0.kind == kind && $0.oid == oid && $0.number == number }
    }

    /// The names of tables, columns, indexes, (check and foreign key) constraints, enum labels, functions not of an
    /// extension, column defaults and nullable columns outside the system schemas, one row each: kind, oid, number,
    /// schema, table oid, name. Index-backed constraints (primary key, unique, exclusion) are renamed with their
    /// index, so they are tracked as constraints too.
    static let names = """
        SELECT 'table'::text AS kind, c.oid::bigint AS oid, 0 AS number, n.nspname::text AS schema, c.oid::bigint AS table_oid, c.relname::text AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(temp|toast)'
        UNION ALL
        SELECT 'column', c.oid::bigint, a.attnum, n.nspname::text, c.oid::bigint, a.attname::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(temp|toast)'
        UNION ALL
        SELECT 'index', ic.oid::bigint, 0, n.nspname::text, i.indrelid::bigint, ic.relname::text
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(temp|toast)'
          AND NOT EXISTS (SELECT FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
        UNION ALL
        SELECT 'constraint', con.oid::bigint, 0, n.nspname::text, con.conrelid::bigint, con.conname::text
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(temp|toast)'
        UNION ALL
        SELECT 'label', e.oid::bigint, 0, n.nspname::text, 0::bigint, e.enumlabel::text
        FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(temp|toast)'
        UNION ALL
        SELECT 'function', p.oid::bigint, 0, n.nspname::text, 0::bigint, p.proname::text
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(temp|toast)'
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        UNION ALL
        SELECT 'default', d.oid::bigint, d.adnum, n.nspname::text, d.adrelid::bigint, a.attname::text
        FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(temp|toast)'
        UNION ALL
        SELECT 'nullable', c.oid::bigint, a.attnum, n.nspname::text, c.oid::bigint, a.attname::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND NOT a.attnotnull
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(temp|toast)'
        """

    /// Where the previous names are kept between steps: a temporary table of the loading session, dropped
    /// when the load ends. Every role may use it (no other session sees it): a migration that runs `SET ROLE`
    /// is still followed.
    static let create = """
        CREATE TEMPORARY TABLE logmedic_reference_names AS \(names);
        GRANT ALL ON pg_temp.logmedic_reference_names TO PUBLIC
        """
    /// Whether the table is gone (a file ran `DISCARD ALL`).
    static let isGone = "SELECT to_regclass('pg_temp.logmedic_reference_names') IS NULL"
    static let drop = "DROP TABLE IF EXISTS pg_temp.logmedic_reference_names"

    /// One round trip per step: the names that changed since the previous step, the objects that are new
    /// (no previous name), the columns that are gone (no current name), and the kept names replaced
    /// by the current ones (data-modifying CTEs all see the same snapshot).
    static let step = """
        WITH now AS (\(names)),
        gone AS (DELETE FROM pg_temp.logmedic_reference_names RETURNING *),
        kept AS (INSERT INTO pg_temp.logmedic_reference_names SELECT * FROM now)
        SELECT coalesce(now.kind, gone.kind), coalesce(now.oid, gone.oid), coalesce(now.number, gone.number),
               coalesce(now.schema, gone.schema), coalesce(now.table_oid, gone.table_oid), gone.name, now.name
        FROM now FULL JOIN gone ON (now.kind, now.oid, now.number) = (gone.kind, gone.oid, gone.number)
        WHERE now.name <> gone.name OR gone.name IS NULL
           OR (now.name IS NULL AND gone.kind = 'column')
        ORDER BY coalesce(now.kind, gone.kind) = 'table' DESC, 1, 2, 3
        """

    /// Records what changed since the previous step, as done by `file`; creations only when `file` is one
    /// of a migration folder's.
    mutating func step(on connection: PostgresConnection, file: String, isMigration: Bool) throws {
        let rows = try connection.query(Self.step)
        for row in 0..<rows.rowCount {
            guard let kind = rows[row, 0].flatMap(Rename.Kind.init(rawValue:)), let oid = rows.int(row, 1), let number = rows.int(row, 2),
                  let schema = rows[row, 3], let table = rows.int(row, 4) else { continue }
            guard let to = rows[row, 6] else {
                if isMigration, let from = rows[row, 5] { drops.append(Drop(tableOID: table, name: from, file: file)) }
                continue
            }
            if let from = rows[row, 5] {
                // A function's, a default's or a nullable column's name is its own or its column's: tracked for creations only.
                guard ![.function, .default, .nullable].contains(kind) else { continue }
                renames.append(Rename(kind: kind, oid: oid, number: number, schema: schema, tableOID: table, from: from, to: to, file: file))
            } else if isMigration {
                creations.append(Creation(kind: kind, oid: oid, number: number, tableOID: table, file: file))
            }
        }
    }

    /// A statement after which the names are compared at once (not only at the end of its file), so that a
    /// rename and a later statement of the same file are told apart: only a gate, the server says what changed.
    static func mayRename(_ statement: String) -> Bool {
        statement.range(of: "rename", options: .caseInsensitive) != nil
    }
}
