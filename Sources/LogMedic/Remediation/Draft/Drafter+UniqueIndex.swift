extension Drafter {
    /// An upsert whose `ON CONFLICT (columns)` has no unique index to infer: the reference's primary key,
    /// unique constraint or non-partial unique index on exactly those columns, built in the fix's
    /// transaction (`CREATE UNIQUE INDEX CONCURRENTLY` cannot run in one; the description says when to
    /// build it that way by hand instead). Rows that already share the columns make the build fail: the
    /// rehearsal then fails with the duplicate the server names.
    func missingUniqueIndex(columns: [String], of live: Relation, rule: String) throws -> Draft.Outcome {
        guard let table = try reference.table(named: live.name, schema: live.schema) else {
            return .notDrafted(reason: "the reference schema has no table \(live.schema).\(live.name)")
        }
        let referenceColumns = try reference.columns(of: table)
        let names = Dictionary(referenceColumns.map { ($0.number, $0.name) }, uniquingKeysWith: { a, _ in a })
        let wanted = Set(columns)
        func covers(_ numbers: [Int]) -> Bool {
            numbers.count == columns.count && Set(numbers.compactMap { names[$0] }) == wanted && !numbers.contains(0)
        }
        let qualified = try reference.quoted(table.schema, table.name)
        let statement: String, drop: String, name: String
        if let constraint = try reference.constraints(of: table).first(where: { ["p", "u"].contains($0.type) && covers($0.columnNumbers) }) {
            (name, statement) = (constraint.name, "ALTER TABLE \(qualified) ADD \(constraint.definition)")
            drop = "ALTER TABLE \(qualified) DROP CONSTRAINT \(try reference.quoted(constraint.name))"
        } else if let index = try reference.indexes(of: table).first(where: {
            $0.definition.hasPrefix("CREATE UNIQUE INDEX ") && !$0.hasExpressionOrPredicate && covers($0.columnNumbers)
        }) {
            (name, statement) = (index.name, index.definition)
            drop = "DROP INDEX \(try reference.quoted(table.schema, index.name))"
        } else {
            return .notDrafted(reason: "the reference's \(live.schema).\(live.name) has no unique index or constraint on (\(columns.joined(separator: ", "))) either: the code and the reference disagree — fix the conflict target, or regenerate the reference from the code")
        }
        let index = try reference.quoted(table.schema, name)
        let expected = try expectedRows(relations: [qualified], removing: [drop], statements: [statement],
                                        filter: { $0.name == name }, redraft: { nil })
        let verify = try CatalogCheck.verifySQL(expected: expected.tuples, exact: [], partial: [qualified],
                                                searchPath: expected.searchPath, quote: literal)
        let list = try columns.map(reference.quoted).joined(separator: ", ")
        let revert = """
            -- Removes exactly what deploy.sql added; the rows stay as they are.
            \(drop);
            """
        let columnPaths = columns.map { "\(live.schema).\(live.name).\($0)" }
        let quotedPaths = try columns.map { try reference.quoted(live.schema, live.name, $0) }
        var drafted = DraftedPlaybook(
            id: Self.identifier(["unique", live.name] + columns), title: "Add unique \(name) on \(live.schema).\(live.name) (\(columns.joined(separator: ", ")))",
            description: """
                Drafted by logmedic from the reference schema: \(name) as the reference declares it, the arbiter \
                the upserts' ON CONFLICT (\(columns.joined(separator: ", "))) needs. Before approving: rows that \
                already share the columns make the build fail (find them with SELECT \(list), count(*) FROM \
                \(qualified) GROUP BY \(list) HAVING count(*) > 1, and merge or delete them). Built in the \
                fix's transaction, it holds the lock its hazard names on \(qualified) until it commits (writes \
                wait; for ADD CONSTRAINT reads too); on a large, \
                busy table build it by hand instead with CREATE UNIQUE INDEX CONCURRENTLY outside a \
                transaction (and ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX for a constraint); a \
                failed concurrent build leaves an INVALID index to drop. Unvetted: review every file, then approve.
                """,
            rule: rule, relations: nil, columns: columnPaths, absent: [index], present: [qualified],
            absentColumns: [], presentColumns: quotedPaths,
            statements: [statement],
            hazards: [], verify: verify, revert: revert + "\n")
        let pending = try pendingMigration(parts: try reference.identities(of: [name], on: table))
        drafted.note = pending?.note
        drafted.follow(pending)
        return try finish(drafted)
    }
}
