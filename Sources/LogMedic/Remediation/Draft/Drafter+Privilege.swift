extension Drafter {
    /// A role lacks a privilege on a table, sequence or schema that the reference grants it: the migration that
    /// grants it never ran. Drafted as the GRANTs the reference's catalog holds for that role (`aclexplode`, so
    /// a grant by ALTER DEFAULT PRIVILEGES counts too) and the target's role lacks, on the object and, for a
    /// table, on the sequences its columns own (an INSERT's nextval needs them next). The revert REVOKEs
    /// exactly those. No draft when the reference grants the role nothing there, or when the scratch server lacked
    /// the role, so its grants were skipped (said so).
    func missingPrivilege(kind: String, schema: String, name: String, role: String, logged: String, rule: String) throws -> Draft.Outcome {
        let grants = try reference.connection.query("""
            WITH object AS (
                SELECT 'TABLE' AS kind, format('%I.%I', n.nspname, c.relname) AS name, c.relacl AS acl, c.relowner AS owner
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE $3 <> 'schema' AND n.nspname = $1 AND c.relname = $2
                UNION ALL
                SELECT 'SEQUENCE', format('%I.%I', n.nspname, s.relname), s.relacl, s.relowner
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_depend d ON d.refobjid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                JOIN pg_class s ON s.oid = d.objid AND d.classid = 'pg_class'::regclass AND s.relkind = 'S'
                WHERE $3 = 'table' AND n.nspname = $1 AND c.relname = $2
                UNION ALL
                SELECT 'SCHEMA', format('%I', n.nspname), n.nspacl, n.nspowner FROM pg_namespace n WHERE $3 = 'schema' AND n.nspname = $1
            )
            SELECT o.kind, o.name, r.rolname, a.privilege_type
            FROM object o CROSS JOIN LATERAL aclexplode(o.acl) a JOIN pg_roles r ON r.oid = a.grantee
            WHERE a.grantee <> o.owner ORDER BY o.kind DESC, o.name, a.privilege_type
            """, [schema, name, kind])
        let object = kind == "schema" ? schema : "\(schema).\(name)"
        var lacking: [(kind: String, object: String, privileges: [String])] = []
        var others: Set<String> = []
        for row in 0..<grants.rowCount {
            guard let type = grants[row, 0], let target = grants[row, 1], let grantee = grants[row, 2], let privilege = grants[row, 3] else { continue }
            guard grantee == role else { others.insert(grantee); continue }
            guard try !self.target.role(role, has: privilege, on: target, kind: type) else { continue }
            if lacking.last?.object == target { lacking[lacking.count - 1].privileges.append(privilege) } else { lacking.append((type, target, [privilege])) }
        }
        guard !lacking.isEmpty else {
            if reference.history.rolesLacking.contains(role) {
                return .notDrafted(reason: "the migrations grant to role \(role), which the scratch server lacks (those grants were skipped): rerun without --scratch-db, or create the role there")
            }
            if grants.rowCount > 0 && others.isEmpty {
                return .notDrafted(reason: "\(role) has here every privilege the reference grants it on \(object): grant what it lacks by hand")
            }
            return .notDrafted(reason: others.isEmpty
                ? "the migrations never grant it: grant it to the role the app uses (\(role))"
                : "the reference grants \(object) to \(others.sorted().joined(separator: ", ")), not to \(role): does the app connect as another role here?")
        }
        let grantee = try reference.quoted(role)
        let wanted = try lacking.flatMap { entry in
            try entry.privileges.map { "(\(try literal(entry.kind)), \(try literal(entry.object)), \(try literal($0)))" }
        }
        let holder = try literal(role)
        let missing = """
            SELECT 'missing privilege' AS problem, kind, object, privilege
            FROM (VALUES \(wanted.joined(separator: ", "))) AS wanted (kind, object, privilege)
            WHERE NOT CASE kind WHEN 'SEQUENCE' THEN has_sequence_privilege(\(holder), object, privilege)
                                WHEN 'SCHEMA' THEN has_schema_privilege(\(holder), object, privilege)
                                ELSE has_table_privilege(\(holder), object, privilege) END
            """
        var drafted = DraftedPlaybook(
            id: Self.identifier(["grant", name, "to", role]), title: "Grant \(role) what the reference grants it on \(object)",
            description: """
                Drafted by logmedic from the reference schema: its migrations grant \(role) \
                \(lacking.map { "\($0.privileges.joined(separator: ", ")) on \($0.object)" }.joined(separator: "; ")), \
                which it lacks here, so the migration that grants them never ran. GRANT changes only the catalog. \
                The revert revokes exactly these privileges. Unvetted: review every file, then approve.
                """,
            rule: rule, relations: nil, columns: nil, absent: [], present: kind == "schema" ? [] : [lacking[0].object],
            absentColumns: [], presentColumns: [],
            statements: lacking.map { "GRANT \($0.privileges.joined(separator: ", ")) ON \($0.kind) \($0.object) TO \(grantee)" },
            hazards: [],
            verify: "-- One row per privilege deploy.sql grants that the role still lacks; no rows means verified.\n\(missing)\n\n",
            revert: "-- Revokes exactly what deploy.sql granted.\n"
                + lacking.map { "REVOKE \($0.privileges.joined(separator: ", ")) ON \($0.kind) \($0.object) FROM \(grantee);\n" }.joined() + "\n")
        drafted.captures = ["object": [logged]]
        drafted.applied = "-- Whether deploy.sql already ran: the role has every privilege it grants.\nSELECT NOT EXISTS (\n\(missing)\n)\n\n"
        return try finish(drafted)
    }
}
