import Foundation

/// A playbook SQL file with parameters: `{{name}}` becomes a bound parameter (`$1`, `$2` … of its
/// statement) and `{{name:ident}}` an identifier quoted by libpq. Values never become SQL text any
/// other way. A file with placeholders is split into its top-level statements (each sent with its own
/// parameters); placeholders inside a string, a quoted identifier, a comment or a dollar-quoted body
/// are refused, since no quoting is right there.
enum SQLTemplate {
    struct Statement: Equatable {
        var sql: String
        var values: [String?]
    }

    enum Problem: Error, Equatable, CustomStringConvertible {
        case insideLiteral(name: String)
        case undeclared(name: String)
        case numberedParameter(String)

        var description: String {
            switch self {
            case let .insideLiteral(name): return "{{\(name)}} is inside a string, quoted identifier, comment or dollar-quoted body"
            case let .undeclared(name): return "{{\(name)}} is not a declared parameter"
            case let .numberedParameter(text): return "\(text) is a numbered parameter; write {{name}} instead"
            }
        }
    }

    /// A piece of the file: SQL code, a literal/comment (kept verbatim), or a placeholder.
    enum Token: Equatable {
        case code(String), verbatim(String), placeholder(name: String, identifier: Bool), end
    }

    static let placeholderPattern = try! NSRegularExpression(pattern: #"^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(:ident)?\s*\}\}"#)

    /// Placeholder names used in `sql`, in order of first use.
    static func names(in sql: String) throws -> [String] {
        var names: [String] = []
        for case let .placeholder(name, _) in try tokens(sql) where !names.contains(name) { names.append(name) }
        return names
    }

    /// The statements to send. Without placeholders the file is one script, sent as it is.
    static func statements(_ sql: String, parameters: [String: String], quote: (String) throws -> String) throws -> [Statement] {
        let tokens = try tokens(sql)
        guard tokens.contains(where: { if case .placeholder = $0 { return true } else { return false } }) else {
            return [Statement(sql: sql, values: [])]
        }
        var statements: [Statement] = []
        var current = Statement(sql: "", values: [])
        var numbers: [String: Int] = [:]
        func close() {
            if !current.sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { statements.append(current) }
            current = Statement(sql: "", values: [])
            numbers = [:]
        }
        for token in tokens {
            switch token {
            case .code(let text):
                var parts = text.split(separator: ";", omittingEmptySubsequences: false)[...]
                current.sql += parts.removeFirst()
                for part in parts { close(); current.sql += part }
            case .verbatim(let text):
                current.sql += text
            case let .placeholder(name, identifier):
                guard let value = parameters[name] else { throw Problem.undeclared(name: name) }
                if identifier {
                    current.sql += try quote(value)
                } else {
                    if numbers[name] == nil { current.values.append(value); numbers[name] = current.values.count }
                    current.sql += "$\(numbers[name]!)"
                }
            case .end: close()
            }
        }
        return statements
    }

    /// Splits the text the way the server reads it: code, and verbatim strings, quoted identifiers,
    /// comments (nested block comments included) and dollar-quoted bodies.
    static func tokens(_ sql: String) throws -> [Token] {
        let chars = Array(sql)
        var tokens: [Token] = []
        var code = ""
        var i = 0
        func flush() { if !code.isEmpty { tokens.append(.code(code)); code = "" } }
        func verbatim(from start: Int) throws {
            let text = String(chars[start..<i])
            if let open = text.range(of: "{{") {
                let name = text[open.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                throw Problem.insideLiteral(name: String(name))
            }
            flush(); tokens.append(.verbatim(text))
        }
        func starts(_ s: String, at index: Int) -> Bool {
            let needle = Array(s)
            return index + needle.count <= chars.count && Array(chars[index..<index + needle.count]) == needle
        }
        while i < chars.count {
            let c = chars[i]
            let start = i
            if starts("--", at: i) {
                while i < chars.count, chars[i] != "\n" { i += 1 }
                try verbatim(from: start)
            } else if starts("/*", at: i) {
                var depth = 0
                repeat {
                    if starts("/*", at: i) { depth += 1; i += 2 } else if starts("*/", at: i) { depth -= 1; i += 2 } else { i += 1 }
                } while depth > 0 && i < chars.count
                try verbatim(from: start)
            } else if c == "'" || c == "\"" {
                i += 1
                while i < chars.count {
                    if chars[i] == c, i + 1 < chars.count, chars[i + 1] == c { i += 2; continue }
                    i += 1
                    if chars[i - 1] == c { break }
                }
                try verbatim(from: start)
            } else if c == "$", let tagEnd = chars[(i + 1)...].firstIndex(of: "$"),
                      chars[(i + 1)..<tagEnd].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                      !(i + 1 < chars.count && chars[i + 1].isNumber) {
                let tag = String(chars[i...tagEnd])
                i = tagEnd + 1
                while i < chars.count, !starts(tag, at: i) { i += 1 }
                i = min(i + tag.count, chars.count)
                try verbatim(from: start)
            } else if c == "$", i + 1 < chars.count, chars[i + 1].isNumber {
                throw Problem.numberedParameter("$" + String(chars[(i + 1)...].prefix { $0.isNumber }))
            } else if c == "{", starts("{{", at: i) {
                let rest = String(chars[i...])
                guard let match = placeholderPattern.firstMatch(in: rest, range: NSRange(rest.startIndex..., in: rest)) else {
                    code.append(c); i += 1; continue
                }
                flush()
                let name = String(rest[Range(match.range(at: 1), in: rest)!])
                tokens.append(.placeholder(name: name, identifier: match.range(at: 2).location != NSNotFound))
                i += rest[Range(match.range, in: rest)!].count
            } else {
                code.append(c); i += 1
            }
        }
        flush()
        tokens.append(.end)
        return tokens
    }
}
