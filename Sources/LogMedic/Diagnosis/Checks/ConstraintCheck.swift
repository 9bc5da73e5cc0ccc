/// A constraint violation (23xxx) naming a constraint or unique index: which table and columns it
/// covers and its definition. Unique constraints and foreign keys come from the schema (so a schema file
/// and the live database agree); other constraints and unique indexes from the catalog (`pg_constraint`,
/// `pg_index`), which needs a live database. Facts: `table`, `columns`, `definition`.
struct ConstraintCheck: Check {
    let name = "constraint_definition"
    // Some wordings (Prisma, SQLite) name only the key; those groups are "inconclusive".
    let requiredCaptures: [String] = []
    let facts = ["table", "columns", "definition"]

    static let catalogQuery = """
        SELECT n.nspname || '.' || r.relname, pg_get_constraintdef(c.oid),
               coalesce((SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                           FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum), '')
          FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
         WHERE c.conname = $1
        UNION ALL
        SELECT n.nspname || '.' || r.relname, pg_get_indexdef(i.indexrelid),
               coalesce((SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                           FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum), '')
          FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
          JOIN pg_class r ON r.oid = i.indrelid JOIN pg_namespace n ON n.oid = r.relnamespace
         WHERE x.relname = $1 AND i.indisunique
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
         ORDER BY 1
        """

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let constraint = group.capture("constraint") ?? group.capture("index") else {
            return result(.inconclusive, "The message names no constraint, only the key, so there is nothing to look up.")
        }
        let table = group.capture("table") ?? group.capture("relation")
        var found = context.snapshot?.constraints(named: constraint) ?? []
        if found.isEmpty {
            guard let database = context.database else {
                return context.snapshot == nil
                    ? notChecked("which table and columns \(constraint) covers")
                    : needsLiveDatabase("check and exclusion constraints or unique indexes such as \(constraint)")
            }
            do {
                found = try database.rows(Self.catalogQuery, [constraint]).map { ($0[0] ?? "", $0[1] ?? "", $0[2] ?? "") }
            } catch {
                return result(.inconclusive, "Could not read constraint \(constraint) from the catalog: \(error).")
            }
        }
        // Constraint names are unique per table only: prefer the table the message names.
        let match = found.first { row in table.map { row.table == $0 || row.table.hasSuffix(".\($0)") } ?? false } ?? found.first
        guard let match else {
            return result(.inconclusive, "No constraint or unique index named \(constraint) exists now: it was dropped or renamed since the error.")
        }
        var correlation = result(
            .confirmed,
            "\(constraint) on \(match.table) covers (\(match.columns)): \(match.definition).")
        correlation.table = match.table
        correlation.evidence = ["\(constraint): \(match.definition) on \(match.table)"]
        if found.count > 1 { correlation.evidence.append("\(found.count) tables have a constraint named \(constraint)") }
        correlation.facts = ["table": match.table, "columns": match.columns, "definition": match.definition]
        if match.definition.hasPrefix("CHECK "), let database = context.database,
           case let rows = Self.failingRows(in: group.samples.map(\.text)), !rows.isEmpty,
           Self.checkAccepts(rows, definition: match.definition, table: match.table, covering: match.columns, on: database) {
            correlation.status = .resolved
            correlation.summary = "\(constraint) on \(match.table) accepts the logged failing row\(rows.count == 1 ? "" : "s") now (\(match.definition)): it was changed since the error."
        }
        return correlation
    }

    /// The rows of `DETAIL:  Failing row contains (…)`, as the server prints them: values in column order,
    /// separated by `, `, unquoted, `null` for NULL.
    static func failingRows(in texts: [String]) -> [String] {
        var rows: [String] = []
        for text in texts {
            for line in text.split(separator: "\n") {
                guard let start = line.range(of: "Failing row contains (") else { continue }
                var row = line[start.upperBound...].trimmingCharacters(in: .whitespaces)
                if row.hasSuffix(".") { row.removeLast() }
                guard row.hasSuffix(")") else { continue }
                row.removeLast()
                if !rows.contains(row) { rows.append(row) }
            }
        }
        return rows
    }

    /// Whether the live CHECK passes (true or NULL) on every logged failing row. Each row is bound as a
    /// parameter, rebuilt as a record of the table's row type; a row that cannot be read so (a value with `, `
    /// in it, a value the server cut short with `...`) gives false. Columns added since (a fix of the same
    /// release adds them at the end) are NULL in the record when the check's `covering` columns (as
    /// `pg_constraint.conkey` names them, comma-separated) are all among the logged ones.
    static func checkAccepts(_ rows: [String], definition: String, table: String, covering: String, on database: LiveDatabase) -> Bool {
        var expression = String(definition.dropFirst("CHECK ".count))
        if expression.hasSuffix(" NOT VALID") { expression.removeLast(" NOT VALID".count) }
        let parts = table.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let schema = try? database.quoted(identifier: parts[0]),
              let name = try? database.quoted(identifier: parts[1]),
              let columns = try? database.rows("""
                  SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum
                  """, ["\(schema).\(name)"]).compactMap({ $0.first ?? nil }) else { return false }
        let covered = Set(covering.components(separatedBy: ", ").filter { !$0.isEmpty })
        for row in rows {
            var values = row.components(separatedBy: ", ")
            guard !values.contains(where: { $0.hasSuffix("...") }) else { return false }
            if values.count < columns.count, covered.isSubset(of: columns.prefix(values.count)) {
                values += Array(repeating: "null", count: columns.count - values.count)
            }
            let record = "(" + values.map { value in
                value == "null" ? "" : "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            }.joined(separator: ",") + ")"
            // The expression is the catalog's own text (pg_get_constraintdef), the row only a parameter.
            let sql = "SELECT coalesce(\(expression), true) FROM (SELECT ($1::text::\(schema).\(name)).*) AS row_values"
            guard let result = try? database.rows(sql, [record]), result.first?.first == "t" else { return false }
        }
        return true
    }
}

extension SchemaSnapshot {
    /// Unique constraints and foreign keys named `name`, as the schema file records them.
    func constraints(named name: String) -> [(table: String, definition: String, columns: String)] {
        relations.flatMap { relation -> [(table: String, definition: String, columns: String)] in
            let unique = relation.uniqueConstraints.filter { $0.name == name }.map {
                (relation.qualifiedName, "UNIQUE (\($0.columns.joined(separator: ", ")))", $0.columns.joined(separator: ", "))
            }
            let foreign = relation.foreignKeys.filter { $0.name == name }.map {
                (relation.qualifiedName,
                 "FOREIGN KEY (\($0.columns.joined(separator: ", "))) REFERENCES \($0.referencedSchema).\($0.referencedTable)",
                 $0.columns.joined(separator: ", "))
            }
            return unique + foreign
        }
    }
}
