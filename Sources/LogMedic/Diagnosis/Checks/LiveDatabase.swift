import Foundation

/// The live connection as checks see it: one query at a time, values as text, parameters always bound.
/// Shared by the checks of one diagnosis; the lock keeps the connection to one caller at a time.
public final class LiveDatabase: @unchecked Sendable {
    private let connection: PostgresConnection
    private let lock = NSLock()

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    public var serverVersionNumber: Int { lock.withLock { connection.serverVersionNumber } }

    /// Rows of one parameterised statement, each value as text (nil for NULL).
    public func rows(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        try lock.withLock {
            let result = try connection.query(sql, parameters)
            return (0..<result.rowCount).map { row in (0..<result.columnCount).map { result[row, $0] } }
        }
    }

    /// An identifier quoted by libpq (`PQescapeIdentifier`), for names read from the catalog.
    public func quoted(identifier: String) throws -> String {
        try lock.withLock { try connection.escapeIdentifier(identifier) }
    }
}
