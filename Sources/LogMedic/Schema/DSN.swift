import Foundation

/// PostgreSQL connection strings (URI or key=value): showing them safely, and reading their target.
public enum DSN {
    static let uriSchemes = ["postgresql://", "postgres://"]

    /// The DSN with its password replaced by `***`, in the DSN's own form; unchanged when it has none.
    /// The rewrite is checked by parsing it again with libpq; if the password would survive, the result
    /// falls back to a `key=value` rendering of the parsed options.
    public static func redacted(_ dsn: String) -> String {
        let dsn = withoutDriver(dsn)
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

    /// SQLAlchemy's `postgresql+psycopg2://`, `postgresql+asyncpg://`, `postgresql+psycopg://` (any
    /// `+driver`) name the Python driver, which libpq does not know: the URI without it.
    public static func withoutDriver(_ dsn: String) -> String {
        for scheme in ["postgresql", "postgres"] where dsn.hasPrefix(scheme + "+") {
            let rest = dsn.dropFirst(scheme.count + 1)
            guard let end = rest.range(of: "://"),
                  rest[..<end.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return dsn }
            return scheme + rest[end.lowerBound...]
        }
        return dsn
    }

    /// True when libpq reads the string as a connection string; anything else is taken as a database name.
    static func isConnectionString(_ dsn: String) -> Bool {
        isURI(dsn) || dsn.contains("=")
    }

    /// Whether libpq's reading of a URI shows a userinfo cut short by an unencoded `@` or `/`: an `@`
    /// left in the host, database or user, or a port that is not a number (the password's first part).
    static func cutShort(_ options: [String: String]) -> Bool {
        if ["host", "dbname", "user"].contains(where: { options[$0]?.contains("@") == true }) { return true }
        guard let port = options["port"], !port.isEmpty else { return false }
        return !port.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { $0.isEmpty || $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
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
