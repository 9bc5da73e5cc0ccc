extension Drafter {
    /// A missing sequence (`nextval('x_seq')` logs `relation "x_seq" does not exist`) that the reference
    /// creates on its own: CREATE SEQUENCE with the reference's type, start, bounds, increment, cache and
    /// cycle; verify compares them in `pg_sequences`; revert refuses once a value was handed out.
    func missingSequence(_ name: String, schema: String?, rule: String) throws -> Draft.Outcome? {
        let rows = try reference.connection.query("""
            SELECT n.nspname, c.relname,
                   format('CREATE SEQUENCE %I.%I AS %s START WITH %s INCREMENT BY %s MINVALUE %s MAXVALUE %s CACHE %s%s',
                          n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,
                          s.seqmax, s.seqcache, CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END),
                   format('%I.%I', n.nspname, c.relname),
                   format_type(s.seqtypid, NULL), s.seqstart::text, s.seqincrement::text, s.seqmin::text, s.seqmax::text,
                   s.seqcache::text, s.seqcycle::text,
                   EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
            WHERE c.relkind = 'S' AND c.relname = $1 AND ($2::text IS NULL OR n.nspname = $2)
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            ORDER BY n.nspname = 'public' DESC, n.nspname LIMIT 1
            """, [name, schema])
        guard rows.rowCount == 1, let seqSchema = rows[0, 0], let seqName = rows[0, 1], let create = rows[0, 2],
              let quoted = rows[0, 3] else { return nil }
        // A column's own sequence (serial, identity) comes with the column or the table, not on its own.
        guard !rows.bool(0, 11) else { return nil }
        let values = try (4...10).map { try literal(rows[0, $0] ?? "") }
        let verify = """
            -- The sequence exists with the reference's definition; a row names what differs.
            SELECT 'missing: ' || \(try literal(quoted)) WHERE to_regclass(\(try literal(quoted))) IS NULL
            UNION ALL
            SELECT 'differs: ' || \(try literal(quoted)) FROM pg_sequences
            WHERE schemaname = \(try literal(seqSchema)) AND sequencename = \(try literal(seqName))
              AND (format_type(data_type, NULL), start_value::text, increment_by::text, min_value::text, max_value::text,
                   cache_size::text, cycle::text)
                  IS DISTINCT FROM (\(values.joined(separator: ", ")))
            """
        let message = try literal("\(seqSchema).\(seqName) handed out values since the draft was applied (rows may hold them); dropping it would lose its position — revert by hand")
        let revert = """
            -- Removes exactly what deploy.sql created; refuses (and changes nothing) once nextval() was called.
            \(Self.refusal(while: "(SELECT is_called FROM \(quoted))", message))
            DROP SEQUENCE \(quoted);
            """
        return try finish(DraftedPlaybook(
            id: Self.identifier(["create", seqName]), title: "Create sequence \(seqSchema).\(seqName)",
            description: "Drafted by logmedic from the reference schema: the sequence \(seqSchema).\(seqName) as the reference declares it. Unvetted: review every file, then approve.",
            rule: rule, relations: [schema.map { "\($0).\(name)" } ?? name], columns: nil, absent: [quoted], present: [],
            absentColumns: [], presentColumns: [],
            statements: [create], hazards: [], verify: verify + "\n", revert: revert + "\n"))
    }
}
