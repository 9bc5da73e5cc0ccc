/// `null value in column "x" of relation "t" violates not-null constraint`: whether the column is still
/// NOT NULL, and whether it has a default (which applies only when a write leaves the column out, not
/// when it sends NULL, as ORMs do for an unset attribute; a logged INSERT that wrote `DEFAULT` or left the
/// column out takes the default it has now). The table is the one the message names, else
/// the one the logged statement writes (`INSERT INTO t`, PostgreSQL before 13 names only the column).
/// Facts: `table` (schema-qualified), `default`.
struct NotNullColumnCheck: Check {
    let name = "not_null_column"
    // The SQLSTATE and exception-name patterns name no column: those groups are "inconclusive".
    let requiredCaptures: [String] = []
    let facts = ["table", "default"]

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let column = group.capture("column") else { return result(.inconclusive, "The message names no column.") }
        let tableName = group.capture("table")
        guard let snapshot = context.snapshot else { return notChecked("whether \(tableName.map { "\($0)." } ?? "")\(column) is NOT NULL") }
        let relation: Relation?
        if let tableName {
            relation = snapshot.relation(printed: tableName)
        } else {
            let written = snapshot.relations(of: StatementRelations.references(in: group.samples.map(\.text))).filter { $0.column(named: column) != nil }
            relation = written.count == 1 ? written[0] : nil
        }
        guard let relation else {
            return result(.inconclusive, tableName.map { snapshot.unresolved(printed: $0) }
                ?? "The message names no table and no logged statement tells which one has \(column).")
        }
        let qualified = CheckText.qualified(relation)
        var correlation: Correlation
        guard let found = relation.column(named: column) else {
            correlation = result(.resolved, "\(qualified) has no column \(column) now: the writes that left it empty cannot fail this way again.")
            correlation.table = qualified
            correlation.facts = ["table": qualified]
            return correlation
        }
        if found.isNullable {
            correlation = result(.resolved, "\(qualified).\(column) accepts NULL now.")
        } else if let defaultExpression = found.defaultExpression,
                  case let written = Self.insertedValues(of: column, table: relation.name, in: group.samples.map(\.text)),
                  !written.isEmpty, written.allSatisfy({ $0 == "DEFAULT" || $0 == "omitted" }) {
            correlation = result(.resolved, "\(qualified).\(column) has default \(defaultExpression) now, which the logged INSERT \(written.contains("DEFAULT") ? "asked for (DEFAULT)" : "takes (it leaves the column out)"): the error is from before the default was set.")
            correlation.facts["default"] = defaultExpression
        } else if let defaultExpression = found.defaultExpression {
            correlation = result(.confirmed, "\(qualified).\(column) is NOT NULL with default \(defaultExpression): the write sent NULL explicitly (a default applies only to a column the INSERT leaves out).")
            correlation.facts["default"] = defaultExpression
        } else {
            correlation = result(.confirmed, "\(qualified).\(column) is NOT NULL and has no default: every write must set it.")
        }
        correlation.table = qualified
        correlation.columns = relation.columns.map(CheckText.describe)
        correlation.facts["table"] = qualified
        return correlation
    }

    /// What each logged `INSERT INTO t (…) VALUES (…)` wrote to `column` of `table` (its last name part,
    /// compared unquoted): `DEFAULT`, `NULL`, `omitted` (not in the column list), or `other`; statements that
    /// are no such INSERT give nothing. ORMs that know a column's database default (Django's `db_default`)
    /// write `DEFAULT`, which takes the default the column has now.
    static func insertedValues(of column: String, table: String, in texts: [String]) -> [String] {
        var written: [String] = []
        for text in texts {
            guard let insert = LoggedInsert(text), insert.table == table else { continue }
            guard let position = insert.columns.firstIndex(of: column) else { written.append("omitted"); continue }
            for row in insert.rows {
                let value = position < row.count ? row[position] : []
                written.append(value == ["DEFAULT"] ? "DEFAULT" : value == ["NULL"] ? "NULL" : "other")
            }
        }
        return written
    }
}
