extension Drafter {
    /// One of the application's own types that a migration creates and the target lacks
    /// (`type "order_status" does not exist`): an enum with the reference's labels in order, or a domain with its
    /// base type, default and checks (after the enum or domain it is based on, when the target lacks that too).
    /// Other kinds (composite, range) are not drafted; an extension's type is the create_extension playbook's.
    func missingType(_ logged: String, rule: String) throws -> Draft.Outcome {
        let parts = logged.split(separator: ".", maxSplits: 1).map(String.init)
        let (schema, name) = parts.count == 2 ? (Optional(parts[0]), parts[1]) : (nil, logged)
        let found = try reference.row("""
            SELECT t.oid, n.nspname, t.typname, t.typtype, format('%I.%I', n.nspname, t.typname),
                   (SELECT x.extname FROM pg_depend d JOIN pg_extension x ON x.oid = d.refobjid
                    WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE (t.typname = $1 OR lower(t.typname) = lower($1)) AND ($2::text IS NULL OR n.nspname = $2)
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND (t.typrelid = 0 OR EXISTS (SELECT FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
            ORDER BY t.typname = $1 DESC, n.nspname = 'public' DESC, n.nspname
            LIMIT 1
            """, [name, schema])
        guard found.count == 6, let oid = Int(found[0]) else {
            return .notDrafted(reason: "the reference schema has no type \(logged) either — is it the schema the deployed code expects, or does an extension the map does not know provide it?")
        }
        let (typeSchema, typeName, qualified, ext) = (found[1], found[2], found[4], found[5])
        if !ext.isEmpty {
            return .notDrafted(reason: "\(qualified) belongs to extension \(ext) in the reference: install that extension on the target (CREATE EXTENSION), do not copy its type")
        }
        var creates: [String] = [], drops: [String] = [], created: [String] = []
        if try !target.schemaExists(typeSchema) {
            creates.append(try createSchemaIfAbsent(typeSchema))
            drops.append(try dropSchemaUnlessUsed(typeSchema))
        }
        for type in try reference.types(ofType: oid) where try !target.typeExists(type.schema, type.name) {
            guard let create = type.create else {
                return .notDrafted(reason: "\(type.schema).\(type.name) is a \(Self.typeKind(type.kind)) type: only enum and domain types are drafted — create it by hand as the reference's migration does")
            }
            creates.append(create)
            drops.insert(try reference.strings("SELECT format('DROP TYPE %I.%I', $1::text, $2::text)", [type.schema, type.name])[0], at: 0)
            created.append(try reference.quoted(type.schema, type.name))
        }
        guard !created.isEmpty else {
            return .notDrafted(reason: "the target has \(qualified) already: the error is from before it was created, or the code looks for it on another search_path")
        }

        // What verify.sql expects, as the reference prints it under the target's search_path.
        let path = try target.searchPath()
        let connection = reference.connection
        try connection.execute("BEGIN")
        defer { _ = try? connection.execute("ROLLBACK") }
        try connection.query("SELECT set_config('search_path', $1, true)", [path])
        var expected: [String] = []
        for type in created {
            let detail = try connection.query("SELECT \(Queries.typeDetail) FROM (VALUES ($1::text)) e(type)", [type])[0, 0] ?? ""
            expected.append("(\(try literal(type)), \(try literal(detail)))")
        }
        let verify = """
            -- One row per difference between the catalog and what deploy.sql creates; no rows means verified.
            -- Deparsed text (a domain's base type, default and checks) depends on the search_path; the draft assumed \(path).
            WITH expected(type, detail) AS (VALUES \(expected.joined(separator: ", ")))
            SELECT 'missing or different' AS problem, e.type, e.detail AS expected, \(Queries.typeDetail) AS actual
            FROM expected e WHERE \(Queries.typeDetail) IS DISTINCT FROM e.detail
            UNION ALL
            SELECT 'search_path is not the draft''s', current_setting('search_path'), NULL, \(try literal(path))
            WHERE current_setting('search_path') <> \(try literal(path))
            """
        let revert = """
            -- Removes exactly what deploy.sql created; the server refuses while a column, function or view uses it.
            \(drops.map { $0 + ";" }.joined(separator: "\n"))
            """
        let kind = Self.typeKind(found[3])
        var playbook = DraftedPlaybook(
            id: Self.identifier(["create", typeName]), title: "Create \(kind) type \(typeSchema).\(typeName)",
            description: "Drafted by logmedic from the reference schema: the \(kind) type \(typeSchema).\(typeName) as the reference declares it\(kind == "enum" ? " (its labels in order)" : ""), with what the target lacks of the types it is based on. Unvetted: review every file, then approve.",
            rule: rule, relations: nil, columns: nil, absent: [], present: [],
            absentColumns: [], presentColumns: [],
            statements: creates, hazards: [], verify: verify + "\n",
            revert: revert.trimmingCharacters(in: .whitespacesAndNewlines) + "\n")
        // Offered for its own problem only, not for another missing type (or index …) of the rule.
        playbook.captures = ["kind": ["type"], "name": [logged]]
        playbook.applied = "-- Whether deploy.sql already ran: the type exists.\nSELECT to_regtype(\(try literal(qualified))) IS NOT NULL\n"
        return try finish(playbook)
    }

    private typealias Queries = ReferenceCatalog.Queries

    /// `pg_type.typtype` in words.
    static func typeKind(_ code: String) -> String {
        switch code {
        case "e": return "enum"
        case "d": return "domain"
        case "c": return "composite"
        case "r": return "range"
        case "m": return "multirange"
        default: return "base"
        }
    }
}
