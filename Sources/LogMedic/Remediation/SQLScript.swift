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
        var out = ""
        walk(Array(sql), plain: { out.append($0) }, skipped: { comment in out += comment ? " " : " x " })
        return out
    }

    /// Top-level statements as written (comments and literals kept), split where the server splits them.
    /// A piece that holds only comments is left out.
    static func pieces(of sql: String) -> [String] {
        let chars = Array(sql)
        var pieces: [String] = []
        var start = 0, index = 0, hasCode = false
        func close(at end: Int) {
            if hasCode { pieces.append(String(chars[start..<end]).trimmingCharacters(in: .whitespacesAndNewlines)) }
            start = end + 1
            hasCode = false
        }
        walk(chars, plain: { c in
            if c == ";" { close(at: index) } else if !c.isWhitespace { hasCode = true }
            index += 1
        }, skipped: { comment in if !comment { hasCode = true } }, advanced: { index = $0 })
        close(at: chars.count)
        return pieces
    }

    /// Reads the script as the server's lexer does: `plain` gets each character outside comments, literals,
    /// quoted identifiers and dollar-quoted bodies; `skipped` is told of each of those (true for a comment);
    /// `advanced` gets the index of the next character after each skip.
    private static func walk(_ chars: [Character], plain: (Character) -> Void, skipped: (Bool) -> Void,
                             advanced: (Int) -> Void = { _ in }) {
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
                skip(until: ["\n"]); skipped(true); advanced(i)
            } else if c == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                i += 2; skip(until: ["*", "/"]); skipped(true); advanced(i)
            } else if c == "'" || c == "\"" {
                i += 1
                while i < chars.count {
                    if chars[i] == c, i + 1 < chars.count, chars[i + 1] == c { i += 2; continue }  // doubled quote
                    if chars[i] == c { i += 1; break }
                    i += 1
                }
                skipped(false); advanced(i)
            } else if c == "$", let tagEnd = chars[(i + 1)...].firstIndex(of: "$"),
                      chars[(i + 1)..<tagEnd].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                      !(i + 1 < chars.count && chars[i + 1].isNumber) {
                let tag = Array(chars[i...tagEnd])
                i = tagEnd + 1
                skip(until: tag)
                skipped(false); advanced(i)
            } else {
                plain(c); i += 1
            }
        }
    }
}
