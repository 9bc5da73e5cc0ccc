/// Why a PostgreSQL operation failed; descriptions are one line and never contain a password.
public enum PostgresError: Error, Sendable, Equatable {
    /// The connection could not be established (wrong host, port, credentials, database …).
    case connectionFailed(target: ConnectionTarget, reason: String)
    /// The server was reached but the connection broke during an operation.
    case connectionLost(reason: String)
    /// The server rejected a statement.
    case server(ServerError)
    /// libpq or the server answered in a way this client does not handle.
    case protocolError(String)
    /// libpq, loaded when a database is first reached, is not installed or could not be loaded (why).
    case libpqUnavailable(String)

    /// The SQLSTATE of a server error, nil for every other case.
    public var sqlState: SQLState? {
        if case .server(let error) = self { return error.sqlState }
        return nil
    }
}

extension PostgresError: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        switch self {
        case .connectionFailed(let target, let reason):
            let place = target == ConnectionTarget() ? "" : " at \(target)"
            return "cannot connect to PostgreSQL\(place): \(reason)"
                + " — check --db or DATABASE_URL (and PG* variables, ~/.pgpass)"
        case .connectionLost(let reason):
            return "lost the connection to PostgreSQL: \(reason)"
        case .server(let error):
            return error.description
        case .protocolError(let message):
            return "unexpected answer from PostgreSQL: \(message)"
        case .libpqUnavailable(let why):
            return "reaching PostgreSQL needs libpq (libpq.so.5), which could not be loaded: \(why); install it (apt install libpq5)"
        }
    }

    /// Adds the server's detail (which may quote row values) to the one-line description.
    public var debugDescription: String {
        if case .server(let error) = self { return error.debugDescription }
        return description
    }
}

/// Where a connection attempt went: everything needed to say so, and never the password.
public struct ConnectionTarget: Sendable, Equatable, CustomStringConvertible {
    public var host: String?
    public var port: String?
    public var database: String?
    public var user: String?

    public init(host: String? = nil, port: String? = nil, database: String? = nil, user: String? = nil) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
    }

    /// `127.0.0.1:5432 database "railway" as user "postgres"`, leaving out what is unknown.
    public var description: String {
        var text = (host?.isEmpty == false ? host! : "localhost") + (port.map { ":\($0)" } ?? "")
        if let database, !database.isEmpty { text += " database \"\(database)\"" }
        if let user, !user.isEmpty { text += " as user \"\(user)\"" }
        return text
    }
}
