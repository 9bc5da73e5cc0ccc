import CLibPQ
import Foundation

extension PostgresConnection {
    /// The options of a DSN as libpq reads it (URI or key=value), or nil when libpq rejects it.
    /// Only options that are set appear; the password is included, so callers must not print the result.
    static func conninfoOptions(_ dsn: String) -> [String: String]? {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(DSN.withoutDriver(dsn), &errorMessage) else {
            if let errorMessage { PQfreemem(errorMessage) }
            return nil
        }
        defer { PQconninfoFree(options) }
        return values(of: options)
    }

    /// The options libpq set in an array from `PQconninfoParse` or `PQconninfo`, by keyword.
    static func values(of options: UnsafeMutablePointer<PQconninfoOption>) -> [String: String] {
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return values
    }

    /// Builds the error for a failed connection from what the DSN says and what libpq tried.
    static func connectionError(_ connection: OpaquePointer, dsn: String) -> PostgresError {
        let parsed = conninfoOptions(dsn)
        if DSN.isURI(DSN.withoutDriver(dsn)), let parsed, DSN.cutShort(parsed) {
            // postgresql://app:Pa@ss/w0rd@db/app: libpq stops the password at the first @ or /, and the
            // rest of it becomes the host, port or database it tried and names in its message.
            return .connectionFailed(target: ConnectionTarget(), reason: "the URI's password (or user) holds an unencoded @, /, ? or #, "
                + "which ends it early (the rest would be read as host, port or database); percent-encode them: @ as %40, / as %2F, ? as %3F, # as %23")
        }
        func attempted(_ value: UnsafeMutablePointer<CChar>?) -> String? {
            guard let value, value.pointee != 0 else { return nil }
            return String(cString: value)
        }
        var target = ConnectionTarget(
            host: attempted(PQhost(connection)) ?? parsed?["host"] ?? parsed?["hostaddr"],
            port: attempted(PQport(connection)) ?? parsed?["port"],
            database: attempted(PQdb(connection)) ?? parsed?["dbname"],
            user: attempted(PQuser(connection)) ?? parsed?["user"])
        var reason = firstLine(PQerrorMessage(connection))
        if let parsed {
            if let password = parsed["password"], !password.isEmpty {
                reason = reason.replacingOccurrences(of: password, with: "***")
            }
        } else if DSN.isConnectionString(dsn) {
            // libpq quotes pieces of a DSN it cannot parse, and those pieces may hold the password;
            // quoted text that is not part of the DSN (a socket path) is no secret.
            reason = "invalid connection string: " + maskingQuotedPieces(of: dsn, in: reason)
        } else {
            // The whole --db text is the database name, and a mistyped URI (postgres//app:pw@db/x) holds a
            // password: neither the target nor the server's `database "…" does not exist` repeats it.
            if let database = target.database, !database.isEmpty { reason = reason.replacingOccurrences(of: database, with: "***") }
            target.database = nil
            reason = "--db is neither a URI nor key=value, so libpq took it as a database name (not shown): " + reason
        }
        return .connectionFailed(target: target, reason: reason.isEmpty ? "unknown error" : reason)
    }

    /// `"…"` pieces of `message` whose text occurs in `dsn`, replaced by `"***"`.
    static func maskingQuotedPieces(of dsn: String, in message: String) -> String {
        var out = "", rest = Substring(message)
        while let open = rest.firstIndex(of: "\""),
              let close = rest[rest.index(after: open)...].firstIndex(of: "\"") {
            let inner = rest[rest.index(after: open)..<close]
            out += rest[...open] + (!inner.isEmpty && dsn.contains(inner) ? "***" : inner) + "\""
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    static func firstLine(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        let text = String(cString: message)
        return text.split(whereSeparator: \.isNewline).first.map { String($0) }?
            .trimmingCharacters(in: .whitespaces) ?? ""
    }

    /// Calls `body` with a NULL-terminated array of C strings (nil elements stay NULL), valid only during the call.
    static func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) throws -> R) rethrows -> R {
        let copies = strings.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        return try body(copies.map { $0.map { UnsafePointer($0) } } + [nil])
    }
}

/// Server notices collected by a connection's notice processor (called on the connection's thread).
final class NoticeBox {
    private var messages: [String] = []

    func append(_ message: String) {
        messages.append(message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))
    }

    func take() -> [String] {
        defer { messages = [] }
        return messages
    }
}
