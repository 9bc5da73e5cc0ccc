extension Drafter {
    /// A view or materialized view that a migration creates and the target lacks (`relation "x" does not exist`
    /// where the reference has a view): `CREATE VIEW` with the reference server's `pg_get_viewdef` (schema-qualified,
    /// read with an empty search_path) and its options; a materialized view populated, with its indexes. What it
    /// reads (tables, views, columns, types, functions) must be on the target: a view draft creates none of them,
    /// and when one is missing nothing is drafted and the reason names it. nil when the reference has no view of
    /// the name.
    func missingView(_ name: String, schema: String?, rule: String) throws -> Draft.Outcome? {
        let found = try reference.row("""
            SELECT c.oid, n.nspname, c.relname, c.relkind, format('%I.%I', n.nspname, c.relname),
                   rtrim(pg_get_viewdef(c.oid), E';\\n '), coalesce(array_to_string(c.reloptions, ', '), '')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND (c.relname = $1 OR lower(c.relname) = lower($1)) AND ($2::text IS NULL OR n.nspname = $2)
            ORDER BY c.relname = $1 DESC, n.nspname = 'public' DESC, n.nspname
            LIMIT 1
            """, [name, schema])
        guard found.count == 7, let oid = Int(found[0]) else { return nil }
        let (viewSchema, viewName, materialized, qualified, definition, options) =
            (found[1], found[2], found[3] == "m", found[4], found[5], found[6])
        let kind = materialized ? "materialized view" : "view"

        // What its query reads, from the reference's dependencies of the view's rewrite rule.
        let used = try reference.connection.query("""
            SELECT DISTINCT 'relation', n.nspname, c.relname, format('%I.%I', n.nspname, c.relname), a.attname
            FROM pg_rewrite r
            JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
            JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
            WHERE r.ev_class = $1::oid AND d.refobjid <> $1::oid
            UNION
            SELECT DISTINCT 'type', n.nspname, t.typname, format('%I.%I', n.nspname, t.typname), NULL
            FROM pg_rewrite r
            JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_type'::regclass
            JOIN pg_type t ON t.oid = d.refobjid JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE r.ev_class = $1::oid AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            UNION
            SELECT DISTINCT 'function', n.nspname, p.proname, format('%I.%I(%s)', n.nspname, p.proname, oidvectortypes(p.proargtypes)), NULL
            FROM pg_rewrite r
            JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_proc'::regclass
            JOIN pg_proc p ON p.oid = d.refobjid JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE r.ev_class = $1::oid AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            ORDER BY 1, 4, 5
            """, [String(oid)])
        var lacking: [String] = [], present: [String] = []
        for row in 0..<used.rowCount {
            guard let what = used[row, 0], let objectSchema = used[row, 1], let objectName = used[row, 2], let quoted = used[row, 3] else { continue }
            switch what {
            case "relation":
                if try !target.relationExists(objectSchema, objectName) {
                    if !lacking.contains(quoted) { lacking.append(quoted) }
                } else if let column = used[row, 4], try !target.columnExists(objectSchema, objectName, column) {
                    lacking.append("\(quoted).\(column) (a column)")
                } else if !present.contains(quoted) {
                    present.append(quoted)
                }
            case "type":
                if try !target.typeExists(objectSchema, objectName) { lacking.append("\(quoted) (a type)") }
            default:
                if try !target.functionExists(quoted) { lacking.append("\(quoted) (a function)") }
            }
        }
        if !lacking.isEmpty {
            return .notDrafted(reason: "the reference's \(kind) \(qualified) reads \(lacking.joined(separator: ", ")), which the target lacks: a view draft does not create what it reads — create \(lacking.count == 1 ? "it" : "them") first (draft a table from its own `relation … does not exist`, or run its migration), then draft again")
        }

        var before: [String] = [], dropLast: [String] = []
        if try !target.schemaExists(viewSchema) {
            before.append(try createSchemaIfAbsent(viewSchema))
            dropLast.append(try dropSchemaUnlessUsed(viewSchema))
        }
        let with = options.isEmpty ? "" : " WITH (\(options))"
        var statements = before
        statements.append("CREATE \(materialized ? "MATERIALIZED VIEW" : "VIEW") \(qualified)\(with) AS\n\(definition)\(materialized ? "\nWITH DATA" : "")")
        let table = ReferenceCatalog.Table(oid: oid, schema: viewSchema, name: viewName, isPartitioned: false)
        if materialized { statements += try reference.indexes(of: table).map(\.definition) }
        let drop = "DROP \(materialized ? "MATERIALIZED VIEW" : "VIEW") \(qualified)"
        let expected = try expectedRows(relations: [qualified], removing: [drop + " CASCADE"], statements: statements) { nil }
        let verify = try CatalogCheck.verifySQL(expected: expected.tuples, exact: [qualified], partial: [], searchPath: expected.searchPath, quote: literal)
        let revert = """
            -- Removes exactly what deploy.sql created (a view holds no rows of its own); the server refuses while
            -- anything (another view, a function) depends on it.
            \(([drop] + dropLast).map { $0 + ";" }.joined(separator: "\n"))
            """
        let playbook = DraftedPlaybook(
            id: Self.identifier(["create", viewName]), title: "Create \(kind) \(viewSchema).\(viewName)",
            description: "Drafted by logmedic from the reference schema: the \(kind) \(viewSchema).\(viewName) as the reference server prints it (pg_get_viewdef)\(materialized ? ", populated (its query runs once when deploy.sql runs), with its indexes" : ""), over \(present.isEmpty ? "no table" : present.joined(separator: ", ")), which the target has. Unvetted: review every file, then approve.",
            rule: rule, relations: [schema.map { "\($0).\(name)" } ?? name], columns: nil, absent: [qualified], present: present,
            absentColumns: [], presentColumns: [],
            statements: statements, hazards: [], verify: verify,
            revert: revert.trimmingCharacters(in: .whitespacesAndNewlines) + "\n")
        return try finish(playbook)
    }
}
