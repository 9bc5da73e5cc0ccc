extension SchemaInspector {
    /// The catalog queries, one per kind of fact, each returning one row per fact (no per-table queries).
    /// Rows are keyed by the relation's oid; relations are filtered the same way in every query. Column names
    /// are looked up by number on the client (from the columns query) rather than joined in SQL, which was
    /// most of the constraints query's time; index definitions are composed on the client too (`IndexDefinition`).
    enum Queries {
        /// The relations a snapshot covers, for a `pg_class` alias and its `pg_namespace` alias.
        static func userRelations(_ c: String = "c", _ n: String = "n") -> String {
            """
            \(c).relkind IN ('r', 'v', 'm', 'p', 'f')
            AND \(n).nspname NOT IN ('pg_catalog', 'information_schema')
            AND \(n).nspname NOT LIKE 'pg\\_toast%' AND \(n).nspname NOT LIKE 'pg\\_temp\\_%'
            """
        }

        static let settings = """
            SELECT current_database(),
                   array_to_json(current_schemas(false))::text,
                   to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   (SELECT coalesce(json_agg(json_build_array(n.nspname, c.relname)), '[]')::text
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                      AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%')
            """

        /// One row per column, unordered (the builder orders by attnum); relations without columns
        /// (`CREATE TABLE t()`) come with NULL columns. Type, collation and the quoted name (NULL when no
        /// quotes are needed) serve index definitions. Defaults come from their own query.
        static let columns = """
            SELECT c.oid, n.nspname, c.relname, c.relkind, a.attnum, a.attname,
                   format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.atttypid, a.attcollation, NULLIF(quote_ident(a.attname), a.attname)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE \(userRelations())
            """

        /// One row per column default or generation expression, as SQL text. A plain default cannot refer to
        /// columns, so it is deparsed without the relation (about twice as fast); a generated column's
        /// expression needs it. The text depends on session settings (search_path, DateStyle, …), so a second
        /// session must run with the first one's (`SchemaInspector.openHelper`).
        static let defaults = """
            SELECT d.adrelid, d.adnum, CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, 0)
                                            ELSE pg_get_expr(d.adbin, d.adrelid) END
            FROM pg_attrdef d
            JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum AND NOT a.attisdropped
            JOIN pg_class c ON c.oid = d.adrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE \(userRelations())
            """

        /// One row per key column of each primary key, unique and foreign key constraint, in key order, with
        /// column numbers. The referenced column's name is only given when the referenced relation is not one
        /// the snapshot covers (so the client cannot name it).
        static let constraints = """
            SELECT con.conrelid, con.oid, con.contype, con.conname, k.attnum, con.confrelid, k.refattnum,
                   rn.nspname, rc.relname, con.confdeltype, con.confupdtype,
                   CASE WHEN con.contype = 'f' AND NOT (\(userRelations("rc", "rn"))) THEN (
                       SELECT ra.attname FROM pg_attribute ra
                       WHERE ra.attrelid = con.confrelid AND ra.attnum = k.refattnum) END
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refattnum, position)
            LEFT JOIN pg_class rc ON rc.oid = con.confrelid
            LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE con.contype IN ('p', 'u', 'f') AND \(userRelations())
            ORDER BY con.conrelid, con.oid, k.position
            """

        /// One row per CHECK constraint with its definition (PostgreSQL 18's NOT NULL constraints are columns'
        /// `is_nullable`). The text depends on session settings, as defaults' does.
        static let checks = """
            SELECT con.conrelid, con.conname, pg_get_constraintdef(con.oid)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE con.contype = 'c' AND \(userRelations())
            """

        /// One row per index with its key as numbers. For a plain btree index (no expression, predicate or
        /// storage parameter) the start of its `pg_get_indexdef` text comes along, quoted as the server quotes.
        /// `NULLS NOT DISTINCT` exists from PostgreSQL 15 on.
        static func indexes(serverVersion: Int) -> String {
            """
            SELECT i.indrelid, i.indexrelid, ic.relname, i.indisunique, i.indisprimary, i.indnkeyatts,
                   i.indkey, i.indclass, i.indcollation, i.indoption,
                   CASE WHEN ic.relam = 403 AND i.indexprs IS NULL AND i.indpred IS NULL AND ic.reloptions IS NULL
                   THEN 'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX '
                        || quote_ident(ic.relname) || ' ON ' || CASE WHEN ic.relkind = 'I' THEN 'ONLY ' ELSE '' END
                        || quote_ident(n.nspname) || '.' || quote_ident(c.relname) || ' USING ' || quote_ident('btree') || ' (' END,
                   \(serverVersion >= 150_000 ? "i.indnullsnotdistinct" : "false")
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE \(userRelations())
            """
        }

        /// The btree operator class `CREATE INDEX` picks by default for each plain base type, as the server's
        /// `GetDefaultOpClass` chooses it: the default class for exactly that type, else the one default class
        /// for a binary-coercible type (or the one of a preferred type among several). Only base types that
        /// are not arrays (no element type, or fixed length like `name`) are listed, so that coercion to the
        /// polymorphic types is known without asking: to `any`, `anyelement`, `anynonarray` and their
        /// `anycompatible` forms yes, to the array, enum, range and record ones only through `pg_cast`. A
        /// type is left out (its indexes keep `pg_get_indexdef`) when no class is chosen, or when the class
        /// family takes options (then a definition may show them).
        static let defaultBtreeOpclasses = """
            SELECT type_oid, opclass FROM (
                SELECT t.oid AS type_oid, CASE
                    WHEN bool_or(o.opcintype = t.oid) THEN min(o.oid) FILTER (WHERE o.opcintype = t.oid)
                    WHEN count(*) FILTER (WHERE x.coercible AND x.preferred) = 1
                        THEN min(o.oid) FILTER (WHERE x.coercible AND x.preferred)
                    WHEN count(*) FILTER (WHERE x.coercible AND x.preferred) = 0
                         AND count(*) FILTER (WHERE x.coercible) = 1 THEN min(o.oid) FILTER (WHERE x.coercible)
                    END AS opclass
                FROM pg_type t
                JOIN pg_opclass o ON o.opcmethod = 403 AND o.opcdefault
                JOIN pg_type ot ON ot.oid = o.opcintype
                LEFT JOIN pg_cast pc ON pc.castsource = t.oid AND pc.casttarget = o.opcintype
                                      AND pc.castmethod = 'b' AND pc.castcontext = 'i'
                CROSS JOIN LATERAL (SELECT
                    pc.oid IS NOT NULL OR ot.typnamespace = 'pg_catalog'::regnamespace AND ot.typname IN
                        ('any', 'anyelement', 'anycompatible', 'anynonarray', 'anycompatiblenonarray') AS coercible,
                    ot.typispreferred AND ot.typcategory = t.typcategory AS preferred) x
                WHERE t.typtype = 'b' AND (t.typelem = 0 OR t.typlen > 0) AND t.typrelid = 0
                GROUP BY t.oid
            ) d
            JOIN pg_opclass o ON o.oid = d.opclass
            WHERE NOT EXISTS (SELECT FROM pg_amproc p WHERE p.amprocfamily = o.opcfamily AND p.amprocnum = 5)
            """

        /// Definitions (`position` 0) and expression key columns (`position` ≥ 1) the client could not compose,
        /// from the server's own `pg_get_indexdef`; `$1` and `$2` are parallel arrays of index oids and positions.
        static let indexTexts = """
            SELECT f.oid, f.position, CASE WHEN f.position = 0 THEN pg_get_indexdef(f.oid)
                                           ELSE pg_get_indexdef(f.oid, f.position, true) END
            FROM unnest($1::oid[], $2::int[]) AS f(oid, position)
            """
    }
}
