extension SchemaInspector {
    /// The catalog queries, one per kind of fact, each returning one row per fact (no per-table queries).
    /// Rows are keyed by the relation's oid; relations are filtered the same way in every query.
    enum Queries {
        static let userRelations = """
            c.relkind IN ('r', 'v', 'm', 'p', 'f')
            AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
            """

        static let settings = """
            SELECT current_database(),
                   array_to_json(current_schemas(false))::text,
                   to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            """

        /// One row per column, unordered (the builder orders by attnum); relations without columns
        /// (`CREATE TABLE t()`) come with NULL columns. A plain default cannot refer to columns, so it is
        /// deparsed without the relation (about twice as fast); a generated column's expression needs it.
        static let columns = """
            SELECT c.oid, n.nspname, c.relname, c.relkind, a.attnum, a.attname,
                   format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, 0) ELSE pg_get_expr(d.adbin, d.adrelid) END
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE \(userRelations)
            """

        /// One row per key column of each primary key, unique and foreign key constraint.
        static let constraints = """
            SELECT con.conrelid, con.oid, con.contype, con.conname, a.attname,
                   rn.nspname, rc.relname, ra.attname, con.confdeltype, con.confupdtype
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refattnum, position)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
            LEFT JOIN pg_class rc ON rc.oid = con.confrelid
            LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            LEFT JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refattnum
            WHERE con.contype IN ('p', 'u', 'f') AND \(userRelations)
            ORDER BY con.conrelid, con.oid, k.position
            """

        /// One row per key column of each index; expression columns are shown as SQL text, and the full
        /// definition comes on the first row of each index only.
        static let indexes = """
            SELECT i.indrelid, i.indexrelid, ic.relname, i.indisunique, i.indisprimary,
                   CASE WHEN k.position = 1 THEN pg_get_indexdef(i.indexrelid) END,
                   COALESCE(a.attname, pg_get_indexdef(i.indexrelid, k.position::int, true))
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
            LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
            WHERE k.position <= i.indnkeyatts AND \(userRelations)
            ORDER BY i.indrelid, i.indexrelid, k.position
            """
    }
}
