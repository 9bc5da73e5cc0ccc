/// `column "x" does not exist`: the table's real columns and the nearest one, or, with a live database whose
/// `logmedic.journal` shows that a playbook renamed x to a column the table has, that one.
/// Facts: `table` (schema-qualified), `table_name` (without schema), `suggestion` (nearest existing column);
/// `renamed_to`, `renamed_at` (UTC), `journal_id`, `renamed_by` (the playbook) when logmedic renamed it.
struct MissingColumnCheck: Check {
    let name = "missing_column"
    let requiredCaptures = ["column"]
    let facts = ["table", "table_name", "suggestion", "renamed_to", "renamed_at", "journal_id", "renamed_by"]

    /// A column logmedic renamed is not to be added back: the code is the side to change.
    func isActionable(_ correlation: Correlation) -> Bool {
        correlation.status == .confirmed && correlation.renamedByLogmedic == nil
    }

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let column = group.capture("column") else {
            return result(.inconclusive, "The message names no column.")
        }
        let tableName = group.capture("table")
        guard let snapshot = context.snapshot else { return notChecked("the columns of \(tableName ?? "the table")") }
        // The tables the failing statement names, when its text was logged (STATEMENT:, LINE 1:, [SQL: …]).
        let statement = StatementRelations.references(in: group.samples.map(\.text))
        let tables: [Relation]
        if let tableName {
            let aliased = statement.first { $0.alias == tableName }.flatMap { snapshot.relation(printed: $0.name) }
            guard let relation = snapshot.relation(printed: tableName) ?? aliased else {
                // The server names a table of the query; a name no relation has, in any case or schema, is an alias
                // whose FROM the log lacks (peewee's "t1", cut off in `LINE 1:`). No relation having the column
                // settles it all the same.
                let alias = !snapshot.relations.contains { $0.name.lowercased() == tableName.lowercased() }
                if alias, !snapshot.relations.contains(where: { $0.column(named: column) != nil }) {
                    return result(.confirmed, "No relation in \(snapshot.database) has a column named \(column), whichever table \(tableName) names.")
                }
                var correlation = result(.inconclusive, snapshot.unresolved(printed: tableName))
                correlation.similarRelations = snapshot.similarRelations(to: tableName)
                return correlation
            }
            tables = [relation]
        } else {
            let queried = snapshot.relations(of: statement)
            // Another table having the column says nothing about the tables the query read.
            if queried.count > 1, !queried.contains(where: { $0.column(named: column) != nil }) {
                return result(.confirmed, "None of the tables the statement reads (\(queried.map(CheckText.qualified).joined(separator: ", "))) has a column \(column).")
            }
            tables = queried.isEmpty ? snapshot.relations.filter { $0.column(named: column) != nil } : queried
        }
        if let table = tables.first(where: { $0.column(named: column) != nil }) {
            var correlation = result(.resolved, "\(CheckText.qualified(table)).\(column) exists now.")
            correlation.table = CheckText.qualified(table)
            correlation.facts = ["table": CheckText.qualified(table), "table_name": table.name]
            return correlation
        }
        guard let table = tables.first else {
            return result(.confirmed, "No relation in \(snapshot.database) has a column named \(column).")
        }
        var correlation = result(.confirmed, "\(CheckText.qualified(table)) has no column \(column).")
        correlation.table = CheckText.qualified(table)
        correlation.columns = table.columns.map(CheckText.describe)
        correlation.facts = ["table": CheckText.qualified(table), "table_name": table.name]
        if let database = context.database,
           let run = Journal.lastRename(ofColumn: column, table: table.name, schema: table.schema, in: database),
           let renamed = table.column(named: run.to) {
            correlation.suggestion = renamed.name
            correlation.facts.merge(["suggestion": renamed.name, "renamed_to": renamed.name, "renamed_at": run.appliedAt,
                                     "journal_id": String(run.id), "renamed_by": run.playbook]) { _, new in new }
            correlation.summary += " logmedic renamed it to \(renamed.name) at \(run.appliedAt) (\(run.playbook), logmedic.journal #\(run.id)): the code is behind the database."
            return correlation
        }
        if let nearest = ColumnMatcher.nearest(to: column, in: table) {
            correlation.suggestion = nearest.name
            correlation.facts["suggestion"] = nearest.name
            correlation.summary += " Nearest existing column: \(nearest.name) (\(nearest.type))."
        }
        return correlation
    }
}

extension Correlation {
    /// The column's name now, when the check found that a logmedic playbook renamed the missing one to it.
    public var renamedByLogmedic: String? { check == "missing_column" ? facts["renamed_to"] : nil }
}
