/// `value too long for type character varying(50)` (22001) names a type, not a column: which column of that
/// type the write hit. The tables the logged statement writes (a server's `STATEMENT:`, an ORM's `[SQL: …]`)
/// narrow it; without them, every table. Confirmed when exactly one column has the type; resolved when none
/// has it any more (it was widened since); among several, also when the app's own code line in the traceback
/// sets exactly one of them (`Order.create(note="…")`). Facts: `table` (schema-qualified), `column`, `candidates`.
struct StringLengthCheck: Check {
    let name = "string_length"
    // The exception-name and SQLSTATE patterns name no type: those groups are "inconclusive".
    let requiredCaptures: [String] = []
    let facts = ["table", "column", "candidates"]

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let type = group.capture("type") else { return result(.inconclusive, "The message names no type.") }
        guard let snapshot = context.snapshot else { return notChecked("which \(type) column the write hit") }
        let written = snapshot.relations(of: StatementRelations.references(in: group.samples.map(\.text)))
        let pool = written.isEmpty ? snapshot.relations : written
        let candidates = pool.flatMap { relation in relation.columns.filter { $0.type == type }.map { (relation, $0) } }
        let place = written.isEmpty ? "this database" : written.map(CheckText.qualified).joined(separator: ", ")
        guard let (relation, column) = candidates.first else {
            return result(.resolved, "No column of \(place) is \(type) now: the column the writes overflowed was widened since.")
        }
        let paths = candidates.map { "\(CheckText.qualified($0.0)).\($0.1.name)" }
        if candidates.count > 1, let (relation, column, place) = Self.setByAppCode(candidates, group.samples.map(\.text)) {
            var correlation = result(.confirmed, "\(CheckText.qualified(relation)).\(column.name) is \(type), and the app's code at \(place) sets \(column.name) (of \(paths.count) \(type) columns, the only one it sets): the write sent a longer value.")
            correlation.table = CheckText.qualified(relation)
            correlation.facts = ["table": CheckText.qualified(relation), "column": column.name, "candidates": paths.joined(separator: ", ")]
            return correlation
        }
        guard candidates.count == 1 else {
            var correlation = result(.inconclusive, "\(paths.count) columns of \(place) are \(type) (\(paths.prefix(5).joined(separator: ", "))\(paths.count > 5 ? ", …" : "")): the log does not tell which one the write overflowed.")
            correlation.facts["candidates"] = paths.joined(separator: ", ")
            return correlation
        }
        var correlation = result(.confirmed, "\(paths[0]) is \(type): the write sent a longer value.")
        correlation.table = CheckText.qualified(relation)
        correlation.facts = ["table": CheckText.qualified(relation), "column": column.name, "candidates": paths[0]]
        return correlation
    }

    /// The one candidate column an app code line of the samples sets, and that line's place (`orders.py:95`).
    static func setByAppCode(_ candidates: [(Relation, Column)], _ texts: [String]) -> (Relation, Column, String)? {
        let code = AppCodeLines.lines(in: texts)
        let set = candidates.compactMap { candidate in
            code.first { AppCodeLines.sets($0.code, candidate.1.name) }.map { (candidate, $0.frame) }
        }
        guard set.count == 1, let ((relation, column), frame) = set.first else { return nil }
        let file = frame.file.split(separator: "/").last.map(String.init) ?? frame.file
        return (relation, column, "\(file):\(frame.line)")
    }
}
