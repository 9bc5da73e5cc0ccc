import Foundation

/// Reference DDL as users have it (`pg_dump -s`, `alembic upgrade --sql`, SQLAlchemy `CreateTable`, Django
/// `sqlmigrate`, Rails `structure.sql`, Prisma `migrate diff --script`), cut into statements the scratch
/// database runs one at a time. psql meta-commands (`\restrict`, `\connect`, …) are dropped: they are psql's,
/// not the server's; so are transaction control statements, since each statement runs on its own.
struct ReferenceScript {
    struct Statement: Equatable {
        var text: String
        /// 1-based line where the statement starts, for messages.
        var line: Int
    }

    let statements: [Statement]

    init(_ sql: String) {
        var statements: [Statement] = []
        var current = "", startLine = 1, line = 1
        let chars = Array(sql)
        var i = 0
        var atLineStart = true
        func flush() {
            let text = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty, !Self.isTransactionControl(text) { statements.append(Statement(text: text, line: startLine)) }
            current = ""
        }
        func take(_ count: Int) {
            for _ in 0..<count where i < chars.count {
                if chars[i] == "\n" { line += 1 }
                current.append(chars[i]); i += 1
            }
        }
        while i < chars.count {
            let c = chars[i]
            if !c.isWhitespace, current.allSatisfy(\.isWhitespace) { startLine = line }
            if atLineStart && c == "\\" && current.allSatisfy(\.isWhitespace) {
                while i < chars.count && chars[i] != "\n" { i += 1 }  // a psql meta-command line
                current = ""
                continue
            }
            atLineStart = c == "\n"
            if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                var depth = 0
                repeat {
                    if chars[i] == "/", i + 1 < chars.count, chars[i + 1] == "*" { depth += 1; i += 2; continue }
                    if chars[i] == "*", i + 1 < chars.count, chars[i + 1] == "/" { depth -= 1; i += 2; continue }
                    if chars[i] == "\n" { line += 1 }
                    i += 1
                } while depth > 0 && i < chars.count
                current.append(" ")
                continue
            }
            if c == "'" || c == "\"" {
                take(1)
                while i < chars.count {
                    if chars[i] == c, i + 1 < chars.count, chars[i + 1] == c { take(2); continue }
                    let closes = chars[i] == c
                    take(1)
                    if closes { break }
                }
                continue
            }
            if c == "$", let tag = Self.dollarTag(chars, at: i) {
                take(tag.count)
                while i < chars.count, !Array(chars[i..<min(i + tag.count, chars.count)]).elementsEqual(tag) { take(1) }
                take(tag.count)
                continue
            }
            if c == ";" { i += 1; flush(); continue }
            take(1)
        }
        flush()
        self.statements = statements
    }

    /// `$tag$` starting at `i` (not a `$1` parameter), as characters.
    static func dollarTag(_ chars: [Character], at i: Int) -> [Character]? {
        guard i + 1 < chars.count, !chars[i + 1].isNumber, let end = chars[(i + 1)...].firstIndex(of: "$"),
              chars[(i + 1)..<end].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        if i > 0, chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_" { return nil }
        return Array(chars[i...end])
    }

    static func isTransactionControl(_ text: String) -> Bool {
        text.range(of: #"^(BEGIN|COMMIT|ROLLBACK|END|START\s+TRANSACTION)\b"#, options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// GRANT, and ALTER DEFAULT PRIVILEGES (which grants on objects created later).
    static func grants(_ text: String) -> Bool {
        text.range(of: #"^(GRANT|ALTER\s+DEFAULT\s+PRIVILEGES)\b"#, options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// Statements about roles and privileges: a scratch database has no such roles, and they change no
    /// table's shape, so one that fails there is skipped.
    static func isAboutRoles(_ text: String) -> Bool {
        text.range(of: #"(^(GRANT|REVOKE)\b)|(\bOWNER\s+TO\b)|(^ALTER\s+DEFAULT\s+PRIVILEGES\b)|(^CREATE\s+ROLE\b)|(^COMMENT\s+ON\s+EXTENSION\b)|(^SET\s+(SESSION\s+)?ROLE\b)"#,
                   options: [.regularExpression, .caseInsensitive]) != nil
    }
}
