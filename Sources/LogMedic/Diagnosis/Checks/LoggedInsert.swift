/// A logged `INSERT INTO t [AS a] (c1, …) VALUES (…)[, (…)]`, read with `SQLTokens` from the first `INSERT` of a
/// text on: the table's last name part and the columns as the server stores them, and each row's values as
/// keyword tokens (`DEFAULT`, `NULL`, `$`, `3`, …), split at the commas outside parentheses.
struct LoggedInsert {
    let table: String
    let columns: [String]
    let rows: [[[String]]]

    init?(_ text: String) {
        guard let start = text.range(of: "INSERT", options: .caseInsensitive) else { return nil }
        let tokens = SQLTokens(String(text[start.lowerBound...]))
        let words = tokens.keywords
        guard words.count > 3, words[0] == "INSERT", words[1] == "INTO", let name = tokens.name(at: 2) else { return nil }
        var i = name.next
        if i + 1 < words.count, words[i] == "AS" { i += 2 }
        guard i < words.count, words[i] == "(" else { return nil }
        var columns: [String] = []
        i += 1
        while i < words.count, words[i] != ")" {
            if words[i] != "," { columns.append(Self.stored(tokens.tokens[i])) }
            i += 1
        }
        guard i + 2 < words.count, words[i + 1] == "VALUES", words[i + 2] == "(" else { return nil }
        var rows: [[[String]]] = []
        i += 2
        while i < words.count, words[i] == "(" {
            var values: [[String]] = [[]], depth = 0
            i += 1
            while i < words.count, depth > 0 || words[i] != ")" {
                if words[i] == "(" { depth += 1 } else if words[i] == ")" { depth -= 1 }
                if depth == 0, words[i] == "," { values.append([]) } else { values[values.count - 1].append(words[i]) }
                i += 1
            }
            rows.append(values)
            i += 1
            guard i + 1 < words.count, words[i] == ",", words[i + 1] == "(" else { break }
            i += 1
        }
        self.table = Self.stored(String(name.text.split(separator: ".").last ?? ""))
        self.columns = columns
        self.rows = rows
    }

    /// A name as the server stores it: quoted as written (`""` unescaped), unquoted folded to lower case.
    static func stored(_ token: String) -> String {
        token.first == "\"" ? String(token.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"") : token.lowercased()
    }
}
