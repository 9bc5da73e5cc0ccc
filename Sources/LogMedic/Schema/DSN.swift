import Foundation

/// PostgreSQL connection strings (URI or key=value): showing them safely, and reading their target.
public enum DSN {
    static let uriSchemes = ["postgresql://", "postgres://"]

    /// The DSN with its password replaced by `***`, in the DSN's own form; unchanged when it has none.
    /// The rewrite is checked by parsing it again with libpq; if the password would survive, the result
    /// falls back to a `key=value` rendering of the parsed options.
    public static func redacted(_ dsn: String) -> String {
        let rewritten = isURI(dsn) ? redactingURI(dsn) : redactingKeywordValue(dsn)
        guard let original = PostgresConnection.conninfoOptions(dsn) else { return rewritten }
        guard let password = original["password"], !password.isEmpty else { return dsn }
        if let check = PostgresConnection.conninfoOptions(rewritten), check["password"] == "***" {
            return rewritten
        }
        var safe = original
        safe["password"] = "***"
        return keywordValue(safe)
    }

    /// Host, port, database and user named by a DSN (nil where it names none); nil if libpq rejects it.
    public static func target(of dsn: String) -> ConnectionTarget? {
        guard let options = PostgresConnection.conninfoOptions(dsn) else { return nil }
        return ConnectionTarget(
            host: options["host"] ?? options["hostaddr"], port: options["port"],
            database: options["dbname"], user: options["user"])
    }

    static func isURI(_ dsn: String) -> Bool {
        uriSchemes.contains { dsn.hasPrefix($0) }
    }

    /// Renders options as `key=value` pairs sorted by key, quoting values that need it.
    static func keywordValue(_ options: [String: String]) -> String {
        options.sorted { $0.key < $1.key }.map { key, value in
            let needsQuotes = value.isEmpty || value.contains { $0.isWhitespace || $0 == "'" || $0 == "\\" }
            guard needsQuotes else { return "\(key)=\(value)" }
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            return "\(key)='\(escaped)'"
        }.joined(separator: " ")
    }
}
