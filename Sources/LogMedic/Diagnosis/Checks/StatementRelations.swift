/// The relations a logged SQL statement names after `FROM`, `JOIN`, `UPDATE` or `INTO`, each with the
/// alias it is given (`FROM orders o`, `JOIN sales.items AS i`). Read from an event's text (the
/// server's `STATEMENT:` line, a driver's `LINE 1:` excerpt, an ORM's `[SQL: …]`, the code line of a
/// traceback), so that `column a.x does not exist` can name its table and `column "x" does not exist`
/// is checked against the tables the query read, not against every table. Never guesses: a name cut
/// off by an excerpt (`FROM order_ite...`) is left out, and callers keep only names the schema has.
enum StatementRelations {
    struct Reference: Equatable {
        var name: String
        var alias: String?
    }

    private static let introducers: Set<String> = ["FROM", "JOIN", "UPDATE", "INTO"]
    /// Words that end a table reference rather than alias it.
    private static let clauseWords: Set<String> = [
        "WHERE", "JOIN", "ON", "LEFT", "RIGHT", "INNER", "OUTER", "CROSS", "FULL", "NATURAL", "GROUP", "ORDER",
        "LIMIT", "OFFSET", "FETCH", "SET", "VALUES", "USING", "RETURNING", "WINDOW", "HAVING", "UNION", "EXCEPT",
        "INTERSECT", "FOR", "LATERAL", "DEFAULT", "SELECT", "ONLY", "TABLESAMPLE", "AS", "WITH", "DO", "OVERRIDING",
    ]

    private enum Token: Equatable {
        case word(String, quoted: Bool)
        case dot, comma, other
    }

    /// The statement text of each `STATEMENT:` line and `[SQL: …]` of an event.
    static func loggedStatements(in text: String) -> [Substring] {
        text.split(separator: "\n").compactMap { line in
            for marker in ["STATEMENT:", "[SQL: "] {
                if let at = line.range(of: marker) { return line[at.upperBound...].drop(while: { $0 == " " }) }
            }
            return nil
        }
    }

    static func references(in texts: [String]) -> [Reference] {
        var found: [Reference] = []
        for text in texts {
            for reference in references(in: text) where !found.contains(reference) { found.append(reference) }
        }
        return found
    }

    static func references(in text: String) -> [Reference] {
        let tokens = tokenize(text)
        var found: [Reference] = []
        var i = 0
        while i < tokens.count {
            guard case .word(let word, false) = tokens[i], introducers.contains(word.uppercased()) else { i += 1; continue }
            i += 1
            // `FROM a x, b y`: a list of references after one FROM.
            while true {
                if case .word(let only, false) = token(tokens, i), only.uppercased() == "ONLY" { i += 1 }
                guard case .word(var name, let quoted) = token(tokens, i), quoted || !clauseWords.contains(name.uppercased()) else { break }
                i += 1
                var cut = false
                if token(tokens, i) == .dot {
                    if case .word(let second, _) = token(tokens, i + 1) {
                        name += "." + second; i += 2
                    } else {
                        cut = true  // `order_ite...` or a dangling dot
                    }
                }
                if token(tokens, i) == .dot { cut = true }
                var alias: String?
                if case .word(let word, false) = token(tokens, i), word.uppercased() == "AS" { i += 1 }
                if case .word(let word, let quotedAlias) = token(tokens, i), quotedAlias || !clauseWords.contains(word.uppercased()) {
                    alias = word; i += 1
                }
                if !cut { found.append(Reference(name: name, alias: alias)) }
                guard token(tokens, i) == .comma else { break }
                i += 1
            }
        }
        return found
    }

    private static func token(_ tokens: [Token], _ i: Int) -> Token? { i < tokens.count ? tokens[i] : nil }

    /// Identifiers (unquoted ones folded to lower case, as the server does), dots and commas; anything
    /// else is one `other` token, so that a reference never spans it.
    private static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func isStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c.isASCII && c.properties.isAlphabetic) }
        func isPart(_ c: Unicode.Scalar) -> Bool { isStart(c) || c == "$" || ("0"..."9").contains(c) }
        while i < scalars.count {
            let c = scalars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            if isStart(c) {
                var word = String.UnicodeScalarView()
                while i < scalars.count, isPart(scalars[i]) { word.append(scalars[i]); i += 1 }
                tokens.append(.word(String(word).lowercased(), quoted: false))
            } else if c == "\"" {
                var word = String.UnicodeScalarView()
                i += 1
                var closed = false
                while i < scalars.count {
                    if scalars[i] == "\"" {
                        if i + 1 < scalars.count, scalars[i + 1] == "\"" { word.append("\""); i += 2; continue }
                        closed = true; i += 1; break
                    }
                    if scalars[i] == "\n" { break }
                    word.append(scalars[i]); i += 1
                }
                tokens.append(closed && !word.isEmpty ? .word(String(word), quoted: true) : .other)
            } else {
                tokens.append(c == "." ? .dot : c == "," ? .comma : .other)
                i += 1
            }
        }
        return tokens
    }
}
