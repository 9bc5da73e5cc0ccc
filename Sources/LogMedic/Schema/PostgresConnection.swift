import CLibPQ
import CLibPQLoader
import Foundation

/// An open libpq connection. It owns its `PGconn` and closes it when released; it is not `Sendable`:
/// one connection belongs to one task at a time.
public final class PostgresConnection {
    private let conn: OpaquePointer
    private let notices = NoticeBox()

    /// The `application_name` logmedic's sessions have unless the DSN names another: how a server log tells them.
    public static let applicationName = "logmedic"

    /// Connects with a URI or `key=value` DSN. A nil or empty DSN leaves everything to libpq's own
    /// defaults (PG* variables, ~/.pgpass, service files). `options` override the DSN, e.g. `dbname`.
    public convenience init(dsn: String?, options: [String: String] = [:]) throws {
        let dsn = dsn.map(DSN.withoutDriver)
        var parameters = [("fallback_application_name", Self.applicationName)]
        // libpq waits forever by default; 10 s unless the user chose otherwise. Placed before the DSN,
        // so a connect_timeout in the DSN still wins.
        if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
            parameters.append(("connect_timeout", "10"))
        }
        if let dsn, !dsn.isEmpty { parameters.append(("dbname", dsn)) }
        parameters += options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        try self.init(parameters: parameters, expandDSN: true, dsn: dsn ?? "")
    }

    /// Connects with keyword/value pairs; with `expandDSN` a `dbname` value may itself be a DSN.
    private init(parameters: [(String, String)], expandDSN: Bool, dsn: String) throws {
        if let why = logmedic_libpq_load() { throw PostgresError.libpqUnavailable(String(cString: why)) }
        let connection = Self.withCStrings(parameters.map(\.0)) { keywords in
            Self.withCStrings(parameters.map(\.1)) { values in PQconnectdbParams(keywords, values, expandDSN ? 1 : 0) }
        }
        guard let connection else {
            throw PostgresError.connectionFailed(target: ConnectionTarget(), reason: "libpq is out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let error = Self.connectionError(connection, dsn: dsn)
            PQfinish(connection)
            throw error
        }
        conn = connection
        // libpq prints NOTICE/WARNING to stderr by default, which would break logmedic's one-line output:
        // keep them for the caller instead.
        PQsetNoticeProcessor(connection, { context, message in
            guard let context, let message else { return }
            Unmanaged<NoticeBox>.fromOpaque(context).takeUnretainedValue().append(String(cString: message))
        }, Unmanaged.passUnretained(notices).toOpaque())
    }

    /// False once the server ended the session (a restart, `pg_terminate_backend`) or the network dropped it.
    public var isConnected: Bool { PQstatus(conn) == CONNECTION_OK }

    /// Opens the session again with the same options (libpq's `PQreset`); session settings are not kept.
    public func reconnect() throws {
        PQreset(conn)
        guard isConnected else {
            throw PostgresError.connectionFailed(target: target, reason: Self.firstLine(PQerrorMessage(conn)))
        }
    }

    /// NOTICE and WARNING messages the server sent since the last call, one line each.
    public func takeNotices() -> [String] { notices.take() }

    /// A second session on the same server and database with the options this one connected with (password
    /// included, never shown), pinned to the host and port actually in use; for work in parallel, e.g. reading
    /// a catalog under a snapshot exported from this session. Session settings (`SET …`) are not copied.
    public func sibling() throws -> PostgresConnection {
        guard let options = PQconninfo(conn) else {
            throw PostgresError.connectionFailed(target: target, reason: "libpq is out of memory")
        }
        defer { PQconninfoFree(options) }
        var parameters: [(String, String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            let name = String(cString: keyword)
            if let value = option.pointee.val, !["host", "hostaddr", "port"].contains(name) {
                parameters.append((name, String(cString: value)))
            }
            if name == "hostaddr", option.pointee.val != nil, let address = PQhostaddr(conn), address.pointee != 0 {
                parameters.append(("hostaddr", String(cString: address)))
            }
            option += 1
        }
        parameters += [("host", String(cString: PQhost(conn))), ("port", String(cString: PQport(conn)))]
        return try PostgresConnection(parameters: parameters, expandDSN: false, dsn: "")
    }

    /// The TCP hosts and ports of the server as this connection's options name them (its DSN's, else `PG*` variables',
    /// else libpq's defaults): every host of a multi-host DSN, none for a unix socket.
    public var endpoints: [DatabaseEndpoint] {
        guard let options = PQconninfo(conn) else { return [] }
        defer { PQconninfoFree(options) }
        let values = Self.values(of: options)
        return DatabaseEndpoint.endpoints(host: values["host"], hostaddr: values["hostaddr"], port: values["port"])
    }

    deinit {
        PQfinish(conn)
    }

    /// Runs one statement with `$1…` parameters bound as text (nil is SQL NULL); values never become SQL text.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> PostgresResult {
        let raw = Self.withCStrings(parameters) { values in
            PQexecParams(conn, sql, Int32(values.count - 1), nil, values, nil, nil, 0)
        }
        return try check(raw)
    }

    /// Runs a parameterless script of one or more statements (e.g. a playbook's deploy.sql); returns the
    /// last statement's result. The SQL text is trusted: never build it from log text.
    @discardableResult
    public func execute(_ sql: String) throws -> PostgresResult {
        try check(PQexec(conn, sql))
    }

    /// `name` as a quoted SQL identifier, quoted by libpq (`PQescapeIdentifier`) for this connection's
    /// encoding: the only way a name that is not in a vetted file reaches SQL text.
    public func escapeIdentifier(_ name: String) throws -> String {
        let bytes = Array(name.utf8)
        guard let quoted = PQescapeIdentifier(conn, name, bytes.count) else {
            throw PostgresError.protocolError("cannot quote identifier: \(Self.firstLine(PQerrorMessage(conn)))")
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// The server's version, e.g. "15.18" or "9.6.24".
    public var serverVersion: String { Self.versionString(Int(PQserverVersion(conn))) }
    public var serverVersionNumber: Int { Int(PQserverVersion(conn)) }

    /// 150018 → "15.18"; 90624 → "9.6.24" (two-part numbering began with PostgreSQL 10).
    static func versionString(_ number: Int) -> String {
        number >= 100_000
            ? "\(number / 10_000).\(number % 10_000)"
            : "\(number / 10_000).\(number / 100 % 100).\(number % 100)"
    }

    /// Whether a transaction is open, so that callers can leave a caller's transaction alone.
    public enum TransactionState: Sendable {
        case idle, inTransaction, failedTransaction, busy, unknown
    }

    public var transactionState: TransactionState {
        switch PQtransactionStatus(conn) {
        case PQTRANS_IDLE: .idle
        case PQTRANS_INTRANS: .inTransaction
        case PQTRANS_INERROR: .failedTransaction
        case PQTRANS_ACTIVE: .busy
        default: .unknown
        }
    }

    public var currentDatabase: String { String(cString: PQdb(conn)) }

    /// Where this connection went (host, port, database, user), for messages.
    public var target: ConnectionTarget {
        ConnectionTarget(
            host: String(cString: PQhost(conn)), port: String(cString: PQport(conn)),
            database: currentDatabase, user: String(cString: PQuser(conn)))
    }

    private func check(_ raw: OpaquePointer?) throws -> PostgresResult {
        guard let raw else {
            throw PostgresError.connectionLost(reason: Self.firstLine(PQerrorMessage(conn)))
        }
        let result = PostgresResult(owning: raw)
        switch result.status {
        case .ok:
            return result
        case .failed:
            if let serverError = result.serverError { throw PostgresError.server(serverError) }
            if PQstatus(conn) == CONNECTION_BAD {
                throw PostgresError.connectionLost(reason: Self.firstLine(PQerrorMessage(conn)))
            }
            throw PostgresError.protocolError(result.errorMessage)
        case .unsupported(let name):
            // COPY and pipeline results would need a protocol this wrapper does not speak.
            throw PostgresError.protocolError("unsupported result status \(name)")
        }
    }
}
