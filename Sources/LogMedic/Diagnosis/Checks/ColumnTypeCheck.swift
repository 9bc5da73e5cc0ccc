import Foundation

/// A write a column's type rejects: `column "amount" is of type integer but expression is of type numeric`
/// (42804), or `invalid input syntax for type integer: "12.50"` (22P02) with the server's `CONTEXT: … parameter
/// $3` and the logged `INSERT INTO t (a, b, c) VALUES ($1, $2, $3)` or `UPDATE t SET c = $3` naming the column, or
/// a statement comparing the column with the value quoted in (`WHERE ("t1"."bed" = 'B-12')`, as psycopg2 sends it).
/// Confirmed while the column (in a table the logged statement writes) still has the type the message names;
/// resolved once its type changed (a migration that changes it ran since). Not applicable when the log does
/// not tell the column. Facts: `table` (schema-qualified), `column`, `live_type`; `type_behind` (confirmed) or
/// `retyped` (resolved), the live type again, for the advice of that state.
struct ColumnTypeCheck: Check {
    let name = "column_type"
    let requiredCaptures: [String] = []
    let facts = ["table", "column", "live_type", "type_behind", "retyped"]

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        let texts = group.samples.map(\.text)
        guard let type = group.capture("expected_type") ?? group.capture("type"),
              let column = group.capture("column") ?? Self.parameterColumn(in: texts)
                ?? group.capture("value").flatMap({ Self.literalColumn($0, in: texts) }) else {
            return result(.notApplicable, "The log does not tell which column the value was for.")
        }
        guard let snapshot = context.snapshot else { return notChecked("the type of column \(column)") }
        let written = snapshot.relations(of: StatementRelations.references(in: texts)).filter { $0.column(named: column) != nil }
        guard written.count == 1, let relation = written.first, let live = relation.column(named: column) else {
            return result(.inconclusive, written.isEmpty
                ? "No table the logged statement writes has a column \(column) (the statement may not be logged)."
                : "Several tables the logged statement writes have a column \(column): \(written.map(CheckText.qualified).joined(separator: ", ")).")
        }
        let path = "\(CheckText.qualified(relation)).\(column)"
        // The server names a type without its modifier (`numeric`, `character varying`): compared so.
        var correlation = Self.unmodified(live.type) == Self.unmodified(type)
            ? result(.confirmed, "\(path) is \(type): the value sent is not one, so the migration that changes its type has not run here, or the code sends the wrong type.")
            : result(.resolved, "\(path) is \(live.type) now, no longer \(type): its type was changed since the failures.")
        correlation.table = CheckText.qualified(relation)
        correlation.facts = ["table": CheckText.qualified(relation), "column": column, "live_type": live.type]
        correlation.facts[correlation.status == .confirmed ? "type_behind" : "retyped"] = live.type
        return correlation
    }

    static let parameter = try! NSRegularExpression(pattern: #"portal parameter (\$[0-9]+) = "#)
    static let assignment = try! NSRegularExpression(pattern: #"([A-Za-z_][A-Za-z0-9_]*|"[^"]+")\s*=\s*(\$[0-9]+)\b"#)

    /// The column a bind parameter the server names (`CONTEXT:  unnamed portal parameter $3 = '…'`) is written to
    /// by the logged statement: the same position of `INSERT INTO t (a, b, c) VALUES ($1, $2, $3)`, or `c = $3`.
    static func parameterColumn(in texts: [String]) -> String? {
        func groups(_ regex: NSRegularExpression, _ text: String) -> [[String]] {
            regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
                (1..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
            }
        }
        for text in texts {
            guard let parameter = groups(Self.parameter, text).first?[0] else { continue }
            for statement in StatementRelations.loggedStatements(in: text).map(String.init) {
                if statement.uppercased().hasPrefix("INSERT"), let insert = LoggedInsert(statement) {
                    // `$3` is two tokens.
                    let values = insert.rows.first ?? [], bound = ["$", String(parameter.dropFirst())]
                    if insert.columns.count == values.count, let at = values.firstIndex(of: bound) { return insert.columns[at] }
                } else if let set = groups(Self.assignment, statement).first(where: { $0[1] == parameter }) {
                    return LoggedInsert.stored(set[0])
                }
            }
        }
        return nil
    }

    /// The column the logged statement compares with or assigns the literal `value` (`"t1"."bed" = 'B-12'`, `bed = 'B-12'`):
    /// a driver that quotes values into the SQL leaves no parameter for the server to name.
    static func literalColumn(_ value: String, in texts: [String]) -> String? {
        let literal = NSRegularExpression.escapedPattern(for: "'" + value.replacingOccurrences(of: "'", with: "''") + "'")
        guard let comparison = try? NSRegularExpression(pattern: #"([A-Za-z_][A-Za-z0-9_]*|"[^"]+")\s*=\s*"# + literal) else { return nil }
        for statement in texts.flatMap(StatementRelations.loggedStatements(in:)).map(String.init) {
            let whole = NSRange(statement.startIndex..., in: statement)
            if let match = comparison.firstMatch(in: statement, range: whole), let name = Range(match.range(at: 1), in: statement) {
                return LoggedInsert.stored(String(statement[name]))
            }
        }
        return nil
    }

    /// A type without its modifiers: `numeric(8,2)` → `numeric`, `timestamp(3) without time zone` → `timestamp without time zone`.
    static func unmodified(_ type: String) -> String {
        type.replacingOccurrences(of: #"\([^)]*\)"#, with: "", options: .regularExpression)
    }
}
