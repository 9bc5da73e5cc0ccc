/// `column "x" does not exist`: the table's real columns and the nearest one.
/// Facts: `table` (schema-qualified), `table_name` (without schema), `suggestion` (nearest existing column).
struct MissingColumnCheck: Check {
    let name = "missing_column"
    let requiredCaptures = ["column"]
    let facts = ["table", "table_name", "suggestion"]

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let column = group.capture("column") else {
            return result(.inconclusive, "The message names no column.")
        }
        let tableName = group.capture("table")
        guard let snapshot = context.snapshot else { return notChecked("the columns of \(tableName ?? "the table")") }
        let tables: [Relation]
        if let tableName {
            guard let relation = snapshot.relation(named: tableName) else {
                var correlation = result(.inconclusive, "\(tableName) is not a relation in \(snapshot.database) (it may be a query alias).")
                correlation.similarRelations = snapshot.similarRelations(to: tableName)
                return correlation
            }
            tables = [relation]
        } else {
            tables = snapshot.relations.filter { $0.column(named: column) != nil }
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
        if let nearest = ColumnMatcher.nearest(to: column, in: table) {
            correlation.suggestion = nearest.name
            correlation.facts["suggestion"] = nearest.name
            correlation.summary += " Nearest existing column: \(nearest.name) (\(nearest.type))."
        }
        return correlation
    }
}
