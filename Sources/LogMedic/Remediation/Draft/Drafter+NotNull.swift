extension Drafter {
    /// A write failed on a NOT NULL column that the reference declares nullable, or with a default the live
    /// column lacks: a migration that relaxed the column never ran here. Drafted as the reference declares it
    /// (`DROP NOT NULL`, `SET DEFAULT …`). When the reference declares it as the live database has it, the
    /// code must set the value and nothing is drafted. A column the reference's table no longer has is
    /// `droppedColumn`'s.
    func notNullColumn(_ name: String, of live: Relation, rule: String) throws -> Draft.Outcome {
        let path = "\(live.schema).\(live.name).\(name)"
        guard let (liveColumn, table, column) = try referenceColumn(name, of: live) else {
            if let liveColumn = live.column(named: name), let table = try reference.table(named: live.name, schema: live.schema) {
                return try droppedColumn(liveColumn, of: live, table, rule: rule)
            }
            return .notDrafted(reason: "the reference schema has no table \(live.schema).\(live.name) — is it the schema the deployed code expects?")
        }
        guard column.type == liveColumn.type else {
            return .notDrafted(reason: "the reference declares \(path) as \(column.type), the live column is \(liveColumn.type): a type change is not drafted")
        }
        let qualified = try reference.quoted(table.schema, table.name)
        let quotedColumn = try reference.quoted(name)
        let alter = "ALTER TABLE \(qualified) ALTER COLUMN \(quotedColumn)"
        // Each change's revert, undone in reverse order.
        var statements: [String] = [], reverts: [String] = [], changes: [String] = [], done: [String] = []
        if !column.isNotNull && !liveColumn.isNullable {
            statements.append("\(alter) DROP NOT NULL")
            reverts.append(try setNotNullAgain(quotedColumn, of: qualified, path: path))
            changes.append("nullable (the live column is NOT NULL)")
            done.append("NOT a.attnotnull")
        }
        if let wanted = column.defaultExpression, !column.isGenerated, !column.isIdentity, wanted != liveColumn.defaultExpression {
            statements.append("\(alter) SET DEFAULT \(wanted)")
            reverts.append(liveColumn.defaultExpression.map { "\(alter) SET DEFAULT \($0);" } ?? "\(alter) DROP DEFAULT;")
            changes.append("with default \(wanted) (the live column has \(liveColumn.defaultExpression ?? "none"))")
            // The live default as the target deparses it, not the reference's text (its search_path may differ).
            done.append("pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM \(try liveColumn.defaultExpression.map(literal) ?? "NULL")")
        }
        guard !statements.isEmpty else {
            return .notDrafted(reason: "the reference declares \(path) NOT NULL \(column.defaultExpression.map { "with default \($0)" } ?? "without a default") too, as the live database has it: no migration relaxes it, so the code must set the value")
        }
        let expected = try expectedRows(relations: [qualified], removing: [], statements: statements,
                                        filter: { $0.kind == "column" && $0.name == name }, redraft: { nil })
        let verify = try CatalogCheck.verifySQL(expected: expected.tuples, exact: [], partial: [qualified],
                                                searchPath: expected.searchPath, quote: literal)
        let quotedPath = try reference.quoted(live.schema, live.name, name)
        var drafted = DraftedPlaybook(
            id: Self.identifier(["alter", live.name, name]), title: "Alter column \(path) as the reference declares it",
            description: """
                Drafted by logmedic from the reference schema: \(path) \(changes.joined(separator: ", ")). A migration \
                that changed the column never ran here, and writes that leave it empty fail. Only the catalog \
                changes (no table rewrite), under a brief ACCESS EXCLUSIVE lock on \(qualified). A default \
                applies to writes that leave the column out; a write that sends NULL explicitly still fails while \
                the column is NOT NULL. Unvetted: review every file, then approve.
                """,
            rule: rule, relations: nil, columns: [path], absent: [], present: [qualified],
            absentColumns: [], presentColumns: [quotedPath],
            statements: statements, hazards: [], verify: verify,
            revert: "-- Puts the column back as it was before deploy.sql.\n" + reverts.reversed().joined(separator: "\n") + "\n")
        // The migration that made the reference's column so: the one that created its default, or made it nullable.
        let relaxed = statements.contains { $0.hasSuffix(" DROP NOT NULL") }
        let defaults = !statements.contains { $0.contains(" SET DEFAULT ") } ? [] : try reference.strings("""
            SELECT d.oid::text FROM pg_attrdef d WHERE d.adrelid = $1::oid AND d.adnum = $2::int2
            """, [String(table.oid), String(column.number)])
        let pending = try pendingMigration(parts: Set(defaults.compactMap { Int($0) }),
                                           nullable: relaxed ? [(table.oid, column.number)] : [], changes: true)
        drafted.note = pending?.note
        drafted.follow(pending)
        // No `absent` precondition sees a column's nullability or default.
        drafted.applied = """
            -- Whether deploy.sql already ran: the column is as the reference declares it.
            SELECT coalesce((SELECT \(done.joined(separator: " AND "))
                             FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                             WHERE a.attrelid = to_regclass(\(try literal(qualified))) AND a.attname = \(try literal(name)) AND NOT a.attisdropped), false)

            """
        return try finish(drafted)
    }

    /// Puts NOT NULL back on a column a draft made nullable, refusing while a NULL written since would break it.
    func setNotNullAgain(_ quotedColumn: String, of qualified: String, path: String) throws -> String {
        let message = try literal("\(path): NULLs were written since the draft was applied; set them before reverting")
        return """
            \(Self.refusal(while: "EXISTS (SELECT FROM \(qualified) WHERE \(quotedColumn) IS NULL)", message))
            ALTER TABLE \(qualified) ALTER COLUMN \(quotedColumn) SET NOT NULL;
            """
    }
}
