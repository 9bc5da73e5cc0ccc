import Foundation

/// Reads a live database's catalog into a `SchemaSnapshot`.
///
/// Four catalog queries whatever the size of the schema (settings, columns, constraints, indexes), each
/// returning flat rows ordered by relation oid; rows are grouped in one pass and joined through a
/// dictionary keyed by oid, so the cost is linear in the number of columns, constraints and indexes.
/// When the connection is idle the queries share one read-only REPEATABLE READ transaction, so they see
/// one consistent catalog; inside a caller's transaction (a fix's dry run) they run in it, untouched.
public struct SchemaInspector {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    public func snapshot() throws -> SchemaSnapshot {
        guard connection.transactionState == .idle else { return try readCatalog() }
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let snapshot = try readCatalog()
            try connection.execute("COMMIT")
            return snapshot
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private func readCatalog() throws -> SchemaSnapshot {
        let settings = try connection.query(Queries.settings)
        guard settings.rowCount == 1, let database = settings[0, 0],
              let searchPath = settings[0, 1], let takenAt = settings[0, 2]
        else { throw PostgresError.protocolError("the settings query returned no row") }

        var builder = CatalogBuilder()
        builder.addColumns(try connection.query(Queries.columns))
        builder.addConstraints(try connection.query(Queries.constraints))
        builder.addIndexes(try connection.query(Queries.indexes))
        return SchemaSnapshot(
            database: database, serverVersion: connection.serverVersion,
            searchPath: try Self.decodeNames(searchPath), takenAt: takenAt, relations: builder.relations)
    }

    /// Decodes the JSON array of names the settings query returns.
    static func decodeNames(_ json: String) throws -> [String] {
        do {
            return try JSONDecoder().decode([String].self, from: Data(json.utf8))
        } catch {
            throw PostgresError.protocolError("unexpected search path \(json)")
        }
    }
}
