/// Tokens of one SQL statement, enough to find the statement's kind and the relations it names:
/// words, quoted identifiers (kept with their quotes, as SQL text), punctuation; literals and comments
/// become a single `'…'` token or nothing.
struct SQLTokens {
    private(set) var tokens: [String] = []

    init(_ sql: String) {
        let chars = Array(sql)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
            } else if c == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                i += 2
                while i + 1 < chars.count, !(chars[i] == "*" && chars[i + 1] == "/") { i += 1 }
                i += 2
            } else if c == "\"" || c == "'" {
                var token = String(c)
                i += 1
                while i < chars.count {
                    token.append(chars[i])
                    if chars[i] == c {
                        if i + 1 < chars.count, chars[i + 1] == c { token.append(c); i += 2; continue }
                        i += 1; break
                    }
                    i += 1
                }
                tokens.append(c == "'" ? "'…'" : token)
            } else if c == "$", let tag = ReferenceScript.dollarTag(chars, at: i) {
                i += tag.count
                while i < chars.count, !Array(chars[i..<min(i + tag.count, chars.count)]).elementsEqual(tag) { i += 1 }
                i += tag.count
                tokens.append("'…'")
            } else if c.isLetter || c == "_" || c.isNumber {
                var word = ""
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "$" { word.append(chars[i]); i += 1 }
                tokens.append(word)
            } else {
                tokens.append(String(c)); i += 1
            }
        }
    }

    /// Upper-cased words (quoted identifiers and literals left as they are), for keyword matching.
    var keywords: [String] { tokens.map { $0.first == "\"" || $0.first == "'" ? $0 : $0.uppercased() } }

    /// A possibly qualified name starting at `index`: its SQL text and the index after it.
    func name(at index: Int) -> (text: String, next: Int)? {
        guard index < tokens.count, Self.isIdentifier(tokens[index]) else { return nil }
        var text = tokens[index], next = index + 1
        while next + 1 < tokens.count, tokens[next] == ".", Self.isIdentifier(tokens[next + 1]) {
            text += "." + tokens[next + 1]
            next += 2
        }
        return (text, next)
    }

    static func isIdentifier(_ token: String) -> Bool {
        guard let first = token.first else { return false }
        return first == "\"" || first.isLetter || first == "_"
    }
}
