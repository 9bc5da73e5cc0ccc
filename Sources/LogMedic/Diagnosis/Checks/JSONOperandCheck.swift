import Foundation

/// `operator does not exist: text ->> unknown` (42883): the query reads a column as JSON (`metadata->>'codec'`) that
/// is not json or jsonb here, usually a migration that changes its type has not run. The column is the one the
/// logged statement applies the operator to, in a table it reads. Confirmed while that column still has the type
/// the message names; resolved once it is json or jsonb. Other operators: not applicable. Facts: `table`
/// (schema-qualified), `column`, `live_type`, `text_json_column` (`table.column`, confirmed only).
struct JSONOperandCheck: Check {
    let name = "json_operand"
    let requiredCaptures: [String] = []
    let facts = ["table", "column", "live_type", "text_json_column"]

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let op = group.capture("json_operator"), let type = group.capture("left_type") else {
            return result(.notApplicable, "No database check applies to this operator.")
        }
        guard let snapshot = context.snapshot else { return notChecked("the type of the column read with \(op)") }
        let texts = group.samples.map(\.text)
        let columns = Set(texts.flatMap { StatementRelations.loggedStatements(in: $0) }.flatMap { Self.operands(of: op, in: String($0)) })
        let read = snapshot.relations(of: StatementRelations.references(in: texts))
        let candidates = read.flatMap { relation in columns.compactMap { name in relation.column(named: name).map { (relation, $0) } } }
        guard candidates.count == 1, let (relation, column) = candidates.first else {
            return result(.inconclusive, candidates.isEmpty
                ? "The logged statement shows no column of a table it reads under \(op) (the statement may not be logged)."
                : "Several columns the statement reads with \(op): \(candidates.map { "\(CheckText.qualified($0.0)).\($0.1.name)" }.joined(separator: ", ")).")
        }
        let path = "\(CheckText.qualified(relation)).\(column.name)"
        var correlation = ["json", "jsonb"].contains(column.type)
            ? result(.resolved, "\(path) is \(column.type) now, no longer \(type): its type was changed since the failures.")
            : result(column.type == type ? .confirmed : .inconclusive,
                     "\(path) is \(column.type), which has no \(op) operator: the query reads it as JSON.")
        correlation.table = CheckText.qualified(relation)
        correlation.facts = ["table": CheckText.qualified(relation), "column": column.name, "live_type": column.type]
        if correlation.status == .confirmed { correlation.facts["text_json_column"] = path }
        return correlation
    }

    /// The columns a statement applies `op` to: `metadata->>'codec'`, `e.metadata -> 'tags'`, `"Meta" #>> '{a}'`.
    static func operands(of op: String, in statement: String) -> [String] {
        let pattern = #"(?:[A-Za-z_][A-Za-z0-9_]*\.)?([A-Za-z_][A-Za-z0-9_]*|"[^"]+")\s*"# + NSRegularExpression.escapedPattern(for: op) + #"(?![>])"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: statement, range: NSRange(statement.startIndex..., in: statement)).compactMap { match in
            Range(match.range(at: 1), in: statement).map { LoggedInsert.stored(String(statement[$0])) }
        }
    }
}
