import Foundation

/// Reads a SQL script the way the server will, enough to refuse what cannot run in a transaction.
/// Comments, string literals, quoted identifiers and dollar-quoted bodies are blanked first, so a
/// `COMMIT` inside a function body or a comment is not mistaken for a statement.
enum SQLScript {
    /// Statements PostgreSQL refuses inside a transaction block, or that would end ours.
    static let refused: [(pattern: String, name: String)] = [
        (#"\bCONCURRENTLY\b"#, "a CONCURRENTLY operation"),
        (#"^VACUUM\b"#, "VACUUM"),
        (#"^(CREATE|DROP)\s+DATABASE\b"#, "CREATE/DROP DATABASE"),
        (#"^(CREATE|DROP)\s+TABLESPACE\b"#, "CREATE/DROP TABLESPACE"),
        (#"^ALTER\s+SYSTEM\b"#, "ALTER SYSTEM"),
        (#"^(BEGIN|COMMIT|ROLLBACK|ABORT|END|START\s+TRANSACTION|SAVEPOINT|RELEASE|PREPARE\s+TRANSACTION)\b"#, "transaction control"),
    ]

    /// The first statement that cannot run inside logmedic's transaction, by name.
    static func nonTransactionalStatement(in sql: String) -> String? {
        for statement in statements(of: sql) {
            for rule in refused where statement.range(of: rule.pattern, options: [.regularExpression, .caseInsensitive]) != nil {
                return "\(rule.name) (`\(statement.prefix(60))`)"
            }
        }
        return nil
    }

    /// Top-level statements with literals and comments blanked, trimmed.
    static func statements(of sql: String) -> [String] {
        blanked(sql).split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    static func blanked(_ sql: String) -> String {
        let chars = Array(sql)
        var out = ""
        var i = 0
        func skip(until terminator: [Character]) {
            while i < chars.count {
                if Array(chars[i..<min(i + terminator.count, chars.count)]) == terminator { i += terminator.count; return }
                i += 1
            }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                skip(until: ["\n"]); out += " "
            } else if c == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                i += 2; skip(until: ["*", "/"]); out += " "
            } else if c == "'" || c == "\"" {
                i += 1
                while i < chars.count {
                    if chars[i] == c, i + 1 < chars.count, chars[i + 1] == c { i += 2; continue }  // doubled quote
                    if chars[i] == c { i += 1; break }
                    i += 1
                }
                out += " x "
            } else if c == "$", let tagEnd = chars[(i + 1)...].firstIndex(of: "$"),
                      chars[(i + 1)..<tagEnd].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                      !(i + 1 < chars.count && chars[i + 1].isNumber) {
                let tag = Array(chars[i...tagEnd])
                i = tagEnd + 1
                skip(until: tag)
                out += " x "
            } else {
                out.append(c); i += 1
            }
        }
        return out
    }
}
