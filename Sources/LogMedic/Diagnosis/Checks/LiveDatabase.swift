import Foundation

/// The live connection as checks see it: one query at a time, values as text, parameters always bound.
/// Shared by the checks of one diagnosis; the lock keeps the connection to one caller at a time.
public final class LiveDatabase: @unchecked Sendable {
    private let connection: PostgresConnection
    private let reconnects: Bool
    private let lock = NSLock()

    /// With `reconnects`, a session the server ended is opened again for the next statement: only for
    /// callers that never hold a transaction on `connection` (report, watch), never for `fix`.
    public init(connection: PostgresConnection, reconnects: Bool = false) {
        self.connection = connection
        self.reconnects = reconnects
    }

    public var serverVersionNumber: Int { lock.withLock { connection.serverVersionNumber } }

    /// The server's TCP hosts and ports, as the connection names them (`PostgresConnection.endpoints`).
    public var endpoints: [DatabaseEndpoint] { lock.withLock { connection.endpoints } }

    /// Rows of one parameterised statement, each value as text (nil for NULL).
    public func rows(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        try lock.withLock {
            do {
                return try Self.rows(of: connection.query(sql, parameters))
            } catch where reconnects && !connection.isConnected {
                // The server restarted or ended the session during a long run (`watch`): one new
                // session and one more try.
                try connection.reconnect()
                return try Self.rows(of: connection.query(sql, parameters))
            }
        }
    }

    private static func rows(of result: PostgresResult) -> [[String?]] {
        (0..<result.rowCount).map { row in (0..<result.columnCount).map { result[row, $0] } }
    }

    /// An identifier quoted by libpq (`PQescapeIdentifier`), for names read from the catalog.
    public func quoted(identifier: String) throws -> String {
        try lock.withLock { try connection.escapeIdentifier(identifier) }
    }
}
