/// What to do about a problem: root cause, fix, how to verify it and how to roll it back.
public struct Recommendation: Sendable, Codable, Equatable {
    public var rootCause: String
    public var fix: [String]
    /// A code or SQL snippet for the fix, in `fixLanguage` (sql, python, diff …).
    public var fixCode: String?
    public var fixLanguage: String?
    public var verification: String
    public var verificationLanguage: String?
    public var rollback: String
    /// Vetted playbooks that implement the fix (`logmedic fix --dry-run`).
    public var playbooks: [String]
    /// What those playbooks' statements would risk on the live target (with `--db`); absent when none would.
    public var hazards: [StatementHazards]?
}

/// SQL quoting for the statements shown to people (never used to run log text).
enum SQLText {
    static func identifier(_ name: String) -> String {
        // [a-z_][a-z0-9_$]*, in bytes: a regular expression compiled per name was a tenth of a large report's making.
        let plain = name.utf8.first.map { $0 == UInt8(ascii: "_") || ASCII.isLower($0) } == true
            && name.utf8.allSatisfy { ASCII.isLower($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "$") }
        return plain ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

enum ShellText {
    private static let plainPunctuation = Set("_./:@%+=,-".utf8)

    /// `text` as one POSIX shell word: as it is when it is plain, else single-quoted (a `'` inside as `'\''`).
    static func word(_ text: String) -> String {
        let plain = !text.isEmpty && text.utf8.allSatisfy { ASCII.isAlphanumeric($0) || Self.plainPunctuation.contains($0) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
