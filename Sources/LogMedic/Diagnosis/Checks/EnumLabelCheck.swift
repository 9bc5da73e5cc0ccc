/// `invalid input value for enum order_status: "refunded"` (22P02): does the enum lack that label here (a
/// migration that adds it has not run), or has it now? Other invalid-input errors (an integer, a date) are
/// not about a label: `ColumnTypeCheck` answers them. Needs a live database: a schema file does not list enum labels.
/// Facts: `enum` (as the server names it), `labels` (its labels in order), `missing_label` (when it lacks it).
struct EnumLabelCheck: Check {
    let name = "enum_label"
    let requiredCaptures: [String] = []
    let facts = ["enum", "labels", "missing_label", "table", "column", "live_type", "type_behind", "retyped"]

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let type = group.capture("type"), let value = group.capture("value"),
              group.samples.contains(where: { $0.text.contains("for enum \(type):") }) else {
            return ColumnTypeCheck().correlate(group, in: context)  // a value of another type: the column's type
        }
        guard let database = context.database else {
            return context.snapshot == nil ? notChecked("whether enum \(type) has the label \(value)") : needsLiveDatabase("an enum's labels")
        }
        do {
            let rows = try database.rows("""
                SELECT format_type(t.oid, NULL), string_agg(e.enumlabel, E'\\n' ORDER BY e.enumsortorder),
                       bool_or(e.enumlabel = $2)
                FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
                WHERE t.oid = to_regtype($1) GROUP BY t.oid
                """, [type, value])
            guard let row = rows.first, let shown = row[0] else {
                return result(.inconclusive, "No enum \(type) is visible on this database's search_path.")
            }
            let labels = (row[1] ?? "").split(separator: "\n").map(String.init)
            var correlation = row[2] == "t"
                ? result(.resolved, "Enum \(shown) has the label \(value) now: the writes that failed ran before it was added.")
                : result(.confirmed, "Enum \(shown) has no label \(value) (it has \(labels.joined(separator: ", "))): the migration that adds it has not run here, or the code sends a value it should not.")
            correlation.facts = ["enum": shown, "labels": labels.joined(separator: ", ")]
            if correlation.status == .confirmed { correlation.facts["missing_label"] = value }
            return correlation
        } catch {
            return result(.inconclusive, "Could not read the enum's labels: \(error).")
        }
    }
}
