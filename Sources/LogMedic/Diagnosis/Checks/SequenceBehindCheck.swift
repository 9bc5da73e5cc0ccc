/// `duplicate key value violates unique constraint "orders_pkey"`: is the key column filled by a
/// sequence that is behind the column's maximum (an import or restore wrote ids without moving it)?
/// The constraint name from the log is only ever a bound parameter; the table, column and sequence come
/// from the catalog and reach SQL quoted by libpq. Needs a live database.
/// Facts: `table`, `table_schema`, `table_name`, `column`, `sequence` (schema-qualified, quoted as SQL),
/// `sequence_schema`, `sequence_name`, `last_value` (the last value issued), `max_value`, `restart_value`
/// (max + increment: where the sequence should continue), `restart_value_before` (what nextval returns now).
struct SequenceBehindCheck: Check {
    let name = "sequence_behind"
    /// Reads `constraint`; a wording without one (Prisma's lists the fields) gets "not applicable".
    let requiredCaptures: [String] = []
    let facts = ["table", "table_schema", "table_name", "column", "sequence", "sequence_schema", "sequence_name",
                 "last_value", "max_value", "restart_value", "restart_value_before", "written_key"]

    /// The single-column unique indexes (constraint-backed or not) with that name, visible ones first.
    static let keyQuery = """
        SELECT tn.nspname, t.relname, a.attname, sn.nspname, s.relname, pg_table_is_visible(t.oid)
        FROM pg_class i
        JOIN pg_index x ON x.indexrelid = i.oid AND x.indisunique AND x.indnkeyatts = 1 AND x.indkey[0] <> 0
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace tn ON tn.oid = t.relnamespace
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
        LEFT JOIN pg_class s ON s.oid = pg_get_serial_sequence(format('%I.%I', tn.nspname, t.relname), a.attname)::regclass
        LEFT JOIN pg_namespace sn ON sn.oid = s.relnamespace
        WHERE i.relname = $1 AND i.relkind IN ('i', 'I')
        ORDER BY pg_table_is_visible(t.oid) DESC, tn.nspname
        """

    /// The columns of a unique index of several (a seat per event), visible tables first: an expression's column is
    /// shown as `(expression)`.
    static let multiColumnKeyQuery = """
        SELECT tn.nspname, t.relname, string_agg(coalesce(a.attname, '(expression)'), ', ' ORDER BY k.ord)
        FROM pg_class i
        JOIN pg_index x ON x.indexrelid = i.oid AND x.indisunique
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace tn ON tn.oid = t.relnamespace
        CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum <> 0
        WHERE i.relname = $1 AND i.relkind IN ('i', 'I') AND k.ord <= x.indnkeyatts
        GROUP BY tn.nspname, t.relname, pg_table_is_visible(t.oid)
        ORDER BY pg_table_is_visible(t.oid) DESC, tn.nspname
        """

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let constraint = group.capture("constraint") else {
            return result(.notApplicable, "The message names no constraint, so no sequence can be checked.")
        }
        guard let database = context.database else {
            return context.snapshot == nil ? notChecked("whether a sequence behind \(constraint) is behind its data")
                                           : needsLiveDatabase("where a sequence stands")
        }
        do {
            return try correlate(constraint, database)
        } catch {
            return result(.inconclusive, "Could not read the sequence behind \(constraint): \(error).")
        }
    }

    private func correlate(_ constraint: String, _ database: LiveDatabase) throws -> Correlation {
        let keys = try database.rows(Self.keyQuery, [constraint])
        let visible = keys.filter { $0[5] == "t" }
        guard let key = (visible.count == 1 ? visible.first : keys.count == 1 ? keys.first : nil),
              let tableSchema = key[0], let tableName = key[1], let column = key[2] else {
            if keys.isEmpty { return try multiColumnKey(constraint, database) }
            let tables = keys.map { "\($0[0] ?? "").\($0[1] ?? "")" }.joined(separator: ", ")
            return result(.inconclusive, "\(constraint) names a unique key on several tables (\(tables)); not checked which one the log meant.")
        }
        let table = "\(tableSchema).\(tableName)"
        var facts = ["table": table, "table_schema": tableSchema, "table_name": tableName, "column": column]
        guard let sequenceSchema = key[3], let sequenceName = key[4] else {
            var correlation = result(.notApplicable, "\(table).\(column) is not filled by a sequence: the duplicate came from the values written.")
            facts["written_key"] = column  // no sequence to be behind: advice about one does not apply
            correlation.facts = facts
            return correlation
        }
        let quotedSequence = try database.quoted(identifier: sequenceSchema) + "." + database.quoted(identifier: sequenceName)
        let sequence = SQLText.identifier(sequenceSchema) + "." + SQLText.identifier(sequenceName)
        let quotedTable = try database.quoted(identifier: tableSchema) + "." + database.quoted(identifier: tableName)
        let position = try database.rows("SELECT last_value, is_called, (SELECT seqincrement FROM pg_sequence WHERE seqrelid = $1::regclass) FROM \(quotedSequence)", [quotedSequence])
        let maximum = try database.rows("SELECT max(\(try database.quoted(identifier: column)))::text FROM \(quotedTable)")
        guard let row = position.first, let lastValue = row[0].flatMap({ Int($0) }), let isCalled = row[1],
              let increment = row[2].flatMap({ Int($0) }), increment > 0 else {
            return result(.inconclusive, "Could not read \(sequence) (or it counts down).")
        }
        let issued = isCalled == "t" ? lastValue : lastValue - increment
        facts.merge(["sequence": sequence, "sequence_schema": sequenceSchema, "sequence_name": sequenceName,
                     "last_value": String(issued), "restart_value_before": String(issued + increment)]) { _, new in new }
        guard let maxText = maximum.first?[0] ?? nil, let maxValue = Int(maxText) else {
            var correlation = result(.resolved, "\(table) is empty: sequence \(sequence) cannot be behind it now.")
            correlation.facts = facts
            return correlation
        }
        facts["max_value"] = maxText
        facts["restart_value"] = String(maxValue + increment)
        var correlation: Correlation
        if issued < maxValue {
            correlation = result(.confirmed, "Sequence \(sequence) is at \(issued) but max(\(column)) in \(table) is \(maxValue): its next \(maxValue - issued) values collide with existing rows.")
        } else {
            correlation = result(.resolved, "Sequence \(sequence) is at \(issued), at or past max(\(column)) = \(maxValue) in \(table): not behind now.")
        }
        correlation.table = table
        correlation.evidence = ["\(sequence): last_value \(lastValue), is_called \(isCalled == "t")", "max(\(column)) in \(table): \(maxValue)"]
        correlation.facts = facts
        return correlation
    }

    /// A key of several columns (a seat per event) is not one a sequence fills alone: the duplicate is two writes of
    /// the same values, so advice about a sequence behind does not apply (`written_key`).
    private func multiColumnKey(_ constraint: String, _ database: LiveDatabase) throws -> Correlation {
        let keys = try database.rows(Self.multiColumnKeyQuery, [constraint])
        guard let key = keys.first, let tableSchema = key[0], let tableName = key[1], let columns = key[2] else {
            return result(.notApplicable, "No unique key named \(constraint) in this database.")
        }
        let table = "\(tableSchema).\(tableName)"
        var correlation = result(.notApplicable, "\(constraint) is a unique key of \(table) on (\(columns)), which no sequence fills alone: the duplicate came from the values written, two writes of the same \(columns).")
        correlation.table = table
        correlation.facts = ["table": table, "table_schema": tableSchema, "table_name": tableName, "written_key": columns]
        return correlation
    }
}
