/// The catalog rows a drafted verify.sql compares: per relation, each column (type, NOT NULL, default,
/// identity), constraint (`pg_get_constraintdef`), index (`pg_get_indexdef`), trigger (`pg_get_triggerdef`) and, for a
/// view, its definition (`pg_get_viewdef`, with its options). The same SQL produces the
/// expected rows on the reference database and the actual rows on the target, so they compare as text.
enum CatalogCheck {
    /// Rows `(relation, kind, name, detail)` for the relations listed in a CTE `relations(relation)` whose
    /// values are `to_regclass` input (server-quoted qualified names).
    static let rows = """
        SELECT r.relation, 'column'::text AS kind, a.attname::text AS name,
               format_type(a.atttypid, a.atttypmod)
               || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
               || coalesce(CASE WHEN a.attgenerated = 's' THEN ' generated ' ELSE ' default ' END || pg_get_expr(d.adbin, d.adrelid), '')
               || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END AS detail
        FROM relations r
        JOIN pg_attribute a ON a.attrelid = to_regclass(r.relation) AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        UNION ALL
        SELECT r.relation, 'constraint', con.conname::text, pg_get_constraintdef(con.oid)
        FROM relations r JOIN pg_constraint con ON con.conrelid = to_regclass(r.relation)
        UNION ALL
        SELECT r.relation, 'index', ic.relname::text, pg_get_indexdef(i.indexrelid)
        FROM relations r JOIN pg_index i ON i.indrelid = to_regclass(r.relation) JOIN pg_class ic ON ic.oid = i.indexrelid
        UNION ALL
        SELECT r.relation, 'trigger', tg.tgname::text, pg_get_triggerdef(tg.oid)
        FROM relations r JOIN pg_trigger tg ON tg.tgrelid = to_regclass(r.relation) AND NOT tg.tgisinternal
        UNION ALL
        SELECT r.relation, 'definition', CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END,
               pg_get_viewdef(c.oid) || coalesce(' WITH (' || array_to_string(c.reloptions, ', ') || ')', '')
        FROM relations r JOIN pg_class c ON c.oid = to_regclass(r.relation) AND c.relkind IN ('v', 'm')
        """

    /// One expected catalog row: its relation, kind (column, constraint, index …), name, detail (the deparsed
    /// definition) and SQL `VALUES` tuple, each value quoted by the server.
    struct Row { var relation: String; var kind: String; var name: String; var detail: String; var tuple: String }

    /// The `VALUES` tuple of a row, quoted by the server of `connection`.
    static func tuple(relation: String, kind: String, name: String, detail: String, on connection: PostgresConnection) throws -> String {
        try connection.query("SELECT format('(%L, %L, %L, %L)', $1::text, $2::text, $3::text, $4::text)", [relation, kind, name, detail])[0, 0] ?? ""
    }

    static func expectedTuples(relations: [String], on connection: PostgresConnection) throws -> [Row] {
        let literal = "{" + relations.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ",") + "}"
        let result = try connection.query("""
            WITH relations(relation) AS (SELECT unnest($1::text[])), catalog AS (\(rows))
            SELECT relation, kind, name, detail, format('(%L, %L, %L, %L)', relation, kind, name, detail) FROM catalog
            ORDER BY relation, kind, name
            """, [literal])
        return (0..<result.rowCount).map {
            Row(relation: result[$0, 0] ?? "", kind: result[$0, 1] ?? "", name: result[$0, 2] ?? "", detail: result[$0, 3] ?? "",
                tuple: result[$0, 4] ?? "")
        }
    }

    /// verify.sql: one row per difference, none when the catalog is as drafted. Relations in `exact` must
    /// match in full (a created table); elsewhere only the listed parts are compared (an added column).
    static func verifySQL(expected: [String], exact: [String], partial: [String], searchPath: String, quote: (String) throws -> String) throws -> String {
        let relations = try (exact + partial).map { "(\(try quote($0)))" }
        let exactList = exact.isEmpty ? "(NULL::text)" : try exact.map { "(\(try quote($0)))" }.joined(separator: ", ")
        return """
            -- One row per difference between the catalog and what deploy.sql creates; no rows means verified.
            -- Deparsed text (types, defaults, definitions) depends on the search_path; the draft assumed \(searchPath).
            WITH relations(relation) AS (VALUES \(relations.joined(separator: ", "))),
            exact(relation) AS (VALUES \(exactList)),
            expected(relation, kind, name, detail) AS (VALUES
                \(expected.joined(separator: ",\n    "))
            ),
            catalog AS (
            \(rows)
            ),
            actual AS (
                SELECT c.* FROM catalog c
                WHERE c.relation IN (SELECT relation FROM exact)
                   OR EXISTS (SELECT FROM expected e WHERE (e.relation, e.kind, e.name) = (c.relation, c.kind, c.name))
            )
            SELECT 'missing or different' AS problem, * FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) m
            UNION ALL
            SELECT 'unexpected', * FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) u
            UNION ALL
            SELECT 'search_path is not the draft''s', current_setting('search_path'), NULL, NULL, \(try quote(searchPath))
            WHERE current_setting('search_path') <> \(try quote(searchPath))
            """
    }
}
