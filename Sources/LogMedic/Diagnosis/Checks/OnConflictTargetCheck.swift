import Foundation

/// `there is no unique or exclusion constraint matching the ON CONFLICT specification`: the message names
/// nothing, so the table and the conflict columns are read from the logged statement (`INSERT INTO t …
/// ON CONFLICT (a, b)`, the server's `STATEMENT:` line or an ORM's `[SQL: …]`), and the table is looked up
/// for a primary key, unique constraint or non-partial unique index on exactly those columns (in any
/// order, as the server infers the arbiter). A target with expressions, opclasses or a `WHERE` (partial
/// index inference) is not guessed at.
/// Facts: `table` (schema-qualified), `table_sql` (the same, each part quoted as an SQL identifier), `columns` (as written, comma-separated), `columns_sql` (each quoted
/// as an SQL identifier), `index` (the unique index or constraint that matches now, when resolved),
/// `column_paths` (`schema.table.column` of each, one a line: what a drafted playbook's `fixes.columns` match).
struct OnConflictTargetCheck: Check {
    let name = "on_conflict_target"
    let requiredCaptures: [String] = []
    let facts = ["table", "table_sql", "columns", "columns_sql", "index", "column_paths"]

    static let insert = try! NSRegularExpression(
        pattern: #"\bINSERT\s+INTO\s+((?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*))?)"#,
        options: [.caseInsensitive])
    static let target = try! NSRegularExpression(
        pattern: #"\bON\s+CONFLICT\s*\(([^()]*)\)\s*(WHERE\b)?"#, options: [.caseInsensitive])

    /// A name as the server stores it: quoted as written (`""` is one quote), unquoted folded to lower case.
    static func stored(_ word: Substring) -> String? {
        let word = word.trimmingCharacters(in: .whitespacesAndNewlines)
        if word.hasPrefix("\""), word.hasSuffix("\""), word.count >= 2 {
            return String(word.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        guard !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }) else { return nil }
        return word.lowercased()
    }

    /// The table and the conflict columns of the first logged upsert that names both plainly.
    static func upsert(in texts: [String]) -> (table: String, columns: [String])? {
        for text in texts {
            let whole = NSRange(text.startIndex..., in: text)
            guard let into = insert.firstMatch(in: text, range: whole), let name = Range(into.range(at: 1), in: text),
                  let conflict = target.firstMatch(in: text, range: whole), conflict.range.location > into.range.location,
                  conflict.range(at: 2).location == NSNotFound, let list = Range(conflict.range(at: 1), in: text) else { continue }
            let columns = text[list].split(separator: ",").map(stored)
            guard !columns.isEmpty, columns.allSatisfy({ $0 != nil }) else { continue }
            let parts = text[name].split(separator: ".", maxSplits: 1).map(stored)
            guard parts.allSatisfy({ $0 != nil }) else { continue }
            return (parts.compactMap { $0 }.joined(separator: "."), columns.compactMap { $0 })
        }
        return nil
    }

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let (tableName, columns) = Self.upsert(in: group.samples.map(\.text)) else {
            return result(.inconclusive, "No logged statement shows the INSERT … ON CONFLICT (columns) that failed (the server's STATEMENT: line names it), so the table and columns are not known.")
        }
        var facts = ["columns": columns.joined(separator: ", "),
                     "columns_sql": columns.map(SQLText.identifier).joined(separator: ", ")]
        let shown = "\(tableName) (\(facts["columns"]!))"
        guard let snapshot = context.snapshot else {
            var correlation = notChecked("whether \(shown) has a unique index")
            correlation.facts = facts
            return correlation
        }
        guard let relation = snapshot.relation(printed: tableName) else {
            var correlation = result(.inconclusive, snapshot.unresolved(printed: tableName))
            correlation.facts = facts
            return correlation
        }
        let qualified = CheckText.qualified(relation)
        facts["table"] = qualified
        facts["table_sql"] = SQLText.identifier(relation.schema) + "." + SQLText.identifier(relation.name)
        facts["column_paths"] = columns.map { "\(qualified).\($0)" }.joined(separator: "\n")
        let wanted = Set(columns)
        var arbiters: [(name: String, what: String)] = []
        if Set(relation.primaryKey) == wanted, relation.primaryKey.count == columns.count { arbiters.append(("primary key", "PRIMARY KEY")) }
        for unique in relation.uniqueConstraints where Set(unique.columns) == wanted && unique.columns.count == columns.count {
            arbiters.append((unique.name, "UNIQUE constraint"))
        }
        for index in relation.indexes where index.isUnique && !index.isPrimary && Set(index.columns) == wanted
            && index.columns.count == columns.count && !index.definition.contains(" WHERE ") {
            arbiters.append((index.name, "unique index"))
        }
        var correlation: Correlation
        if let arbiter = arbiters.first {
            correlation = result(.resolved, "\(qualified) has the \(arbiter.what) \(arbiter.name) on (\(facts["columns"]!)) now: the upsert can infer its arbiter.")
            facts["index"] = arbiter.name
        } else {
            let missingColumns = columns.filter { relation.column(named: $0) == nil }
            if !missingColumns.isEmpty {
                correlation = result(.inconclusive, "\(qualified) has no column \(missingColumns.joined(separator: ", ")): the upsert fails on that first.")
            } else {
                correlation = result(.confirmed, "\(qualified) has no primary key, unique constraint or non-partial unique index on exactly (\(facts["columns"]!)), the ON CONFLICT target of the logged INSERT.")
                let unique = relation.indexes.filter(\.isUnique).map { "\($0.name) (\($0.columns.joined(separator: ", ")))" }
                correlation.evidence = ["unique indexes on \(qualified): " + (unique.isEmpty ? "none" : unique.joined(separator: "; "))]
            }
        }
        correlation.table = qualified
        correlation.facts = facts
        return correlation
    }
}
