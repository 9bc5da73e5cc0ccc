extension Drafter {
    /// `rows` with each CHECK constraint's text as the target prints it once deploy.sql has added it: the server's
    /// text of `status IN ('a', 'b')` on a varchar reads back as another text (`ARRAY[('a'::character varying)::text,
    /// …]`), and verify.sql compared the two texts of one constraint. For a reference that is only read
    /// (`--reference-db`), whose tables cannot be replayed on.
    ///
    /// Read back on a temporary table with the reference table's columns, in a transaction on the target that is
    /// rolled back: no live table is locked or read. A check that cannot be read back so (a type or function the
    /// target lacks until deploy.sql runs) keeps the reference's text.
    func checksAsTheTargetPrintsThem(_ rows: [CatalogCheck.Row], searchPath: String) throws -> [CatalogCheck.Row] {
        let checks = rows.indices.filter { rows[$0].kind == "constraint" && rows[$0].detail.hasPrefix("CHECK ") }
        guard !checks.isEmpty else { return rows }
        let connection = target.connection
        try connection.execute("BEGIN")
        defer { _ = try? connection.execute("ROLLBACK") }
        try connection.query("SELECT set_config('search_path', $1, true)", [searchPath])
        var read = rows
        for (n, relation) in Set(checks.map { rows[$0].relation }).sorted().enumerated() {
            // Identifiers and types as the reference's server quotes and prints them.
            guard let columns = try reference.connection.query("""
                SELECT string_agg(format('%I %s', attname, format_type(atttypid, atttypmod)), ', ' ORDER BY attnum)
                FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped
                """, [relation])[0, 0] else { continue }
            let table = "pg_temp.logmedic_read_back_\(n)"
            try connection.execute("SAVEPOINT read_back")
            do { try connection.execute("CREATE TEMPORARY TABLE \(table) (\(columns))") } catch is PostgresError {
                try connection.execute("ROLLBACK TO SAVEPOINT read_back")
                continue
            }
            for i in checks where rows[i].relation == relation {
                try connection.execute("SAVEPOINT read_back")
                do {
                    try connection.execute("ALTER TABLE \(table) ADD CONSTRAINT logmedic_read_back \(rows[i].detail)")
                    let printed = try connection.query("""
                        SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = $1::regclass AND conname = 'logmedic_read_back'
                        """, [table])[0, 0]
                    try connection.execute("ROLLBACK TO SAVEPOINT read_back")
                    guard let printed, printed != rows[i].detail else { continue }
                    read[i].detail = printed
                    read[i].tuple = try CatalogCheck.tuple(relation: relation, kind: rows[i].kind, name: rows[i].name, detail: printed,
                                                           on: reference.connection)
                } catch is PostgresError {
                    try connection.execute("ROLLBACK TO SAVEPOINT read_back")
                }
            }
        }
        return read
    }
}
