/// What a draft needs to know about the target database, asked with bound parameters only.
struct TargetFacts {
    let connection: PostgresConnection

    func relationExists(_ schema: String, _ name: String) throws -> Bool {
        try flag("SELECT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2)", [schema, name])
    }

    func columnExists(_ schema: String, _ table: String, _ column: String) throws -> Bool {
        try flag("""
            SELECT EXISTS (SELECT FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3 AND a.attnum > 0 AND NOT a.attisdropped)
            """, [schema, table, column])
    }

    /// An index `schema.name` on the table of that name in any schema.
    func indexExists(_ schema: String, _ name: String, onTable table: String) throws -> Bool {
        try flag("""
            SELECT EXISTS (SELECT FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
                           JOIN pg_class t ON t.oid = i.indrelid WHERE n.nspname = $1 AND ic.relname = $2 AND t.relname = $3)
            """, [schema, name, table])
    }

    func constraintExists(_ schema: String, _ table: String, _ name: String) throws -> Bool {
        try flag("""
            SELECT EXISTS (SELECT FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = $1 AND c.relname = $2 AND con.conname = $3)
            """, [schema, table, name])
    }

    func typeExists(_ schema: String, _ name: String) throws -> Bool {
        try flag("SELECT EXISTS (SELECT FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2)", [schema, name])
    }

    /// The enum `type` names (`to_regtype` input): its schema, name and labels in order; nil for no enum.
    func enumType(_ type: String) throws -> (schema: String, name: String, labels: [String])? {
        let rows = try connection.query("""
            SELECT n.nspname, t.typname, e.enumlabel FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.oid = to_regtype($1) ORDER BY e.enumsortorder
            """, [type])
        guard rows.rowCount > 0, let schema = rows[0, 0], let name = rows[0, 1] else { return nil }
        return (schema, name, (0..<rows.rowCount).compactMap { rows[$0, 2] })
    }

    /// `signature`: `schema.f(types)`, to_regprocedure input.
    func functionExists(_ signature: String) throws -> Bool {
        try flag("SELECT to_regprocedure($1) IS NOT NULL", [signature])
    }

    func triggerExists(_ schema: String, _ table: String, _ name: String) throws -> Bool {
        try flag("""
            SELECT EXISTS (SELECT FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = $1 AND c.relname = $2 AND t.tgname = $3 AND NOT t.tgisinternal)
            """, [schema, table, name])
    }

    func schemaExists(_ name: String) throws -> Bool {
        try flag("SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)", [name])
    }

    func extensionInstalled(_ name: String) throws -> Bool {
        try flag("SELECT EXISTS (SELECT FROM pg_extension WHERE extname = $1)", [name])
    }

    func extensionAvailable(_ name: String) throws -> Bool {
        try flag("SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = $1)", [name])
    }

    /// Whether the table holds at least one row (exact, not the planner's estimate); the query text is
    /// composed by the server with `format('%I')`.
    func hasRows(_ schema: String, _ name: String) throws -> Bool {
        guard let sql = try connection.query("SELECT format('SELECT EXISTS (SELECT FROM %I.%I)', $1::text, $2::text)", [schema, name])[0, 0]
        else { return false }
        return try connection.query(sql)[0, 0] == "t"
    }

    /// The session's search_path, which deparsed catalog text (defaults, constraint definitions) depends on.
    /// Whether `role` holds `privilege` on `object` (a quoted name), directly or through a role it is in.
    /// `kind` is TABLE, SEQUENCE or SCHEMA.
    func role(_ role: String, has privilege: String, on object: String, kind: String) throws -> Bool {
        try flag("""
            SELECT CASE $4 WHEN 'SEQUENCE' THEN has_sequence_privilege($1, $2, $3) WHEN 'SCHEMA' THEN has_schema_privilege($1, $2, $3)
                           ELSE has_table_privilege($1, $2, $3) END
            """, [role, object, privilege, kind])
    }

    func searchPath() throws -> String {
        try connection.query("SELECT current_setting('search_path')")[0, 0] ?? ""
    }

    private func flag(_ sql: String, _ parameters: [String?]) throws -> Bool {
        try connection.query(sql, parameters)[0, 0] == "t"
    }
}
