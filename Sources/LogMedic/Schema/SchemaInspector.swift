import Foundation

/// Reads a live database's catalog into a `SchemaSnapshot`.
///
/// A fixed number of catalog queries whatever the size of the schema (settings, columns, defaults, constraints,
/// indexes, default operator classes, and index texts only the server can print), each returning flat rows;
/// rows are joined on the client through dictionaries keyed by oid, so the cost is linear in the number of
/// columns, constraints and indexes. When the connection is idle the queries share one read-only REPEATABLE
/// READ transaction, so they see one consistent catalog; all but the columns query then run at the same time
/// on a second session that imports that transaction's snapshot (`pg_export_snapshot`) and this session's
/// settings, and on the inspector's own session if no second one can be had. Inside a caller's transaction (a fix's dry run) every
/// query runs in it, in turn, untouched: only that session can see the caller's uncommitted changes.
public struct SchemaInspector {
    public let connection: PostgresConnection
    /// Whether an idle connection may read with a second session (on by default).
    public var usesSecondSession = true

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    public func snapshot() throws -> SchemaSnapshot {
        guard connection.transactionState == .idle else { return try readCatalog(helper: nil) }
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let helper = usesSecondSession ? openHelper() : nil
            let snapshot = try readCatalog(helper: helper)
            try connection.execute("COMMIT")
            return snapshot
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// A second session reading under this transaction's snapshot, or nil when there cannot be one (too many
    /// connections, a server that refuses the snapshot, …): then the inspector's own session does all the work.
    func openHelper() -> PostgresConnection? {
        do {
            let exported = try connection.query("SELECT pg_export_snapshot()")
            // The id is hex digits and dashes (e.g. 00000003-0000001B-1); SET TRANSACTION SNAPSHOT takes no parameter.
            guard exported.rowCount == 1, let id = exported[0, 0],
                  id.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { return nil }
            // Deparsed text and quoting depend on session settings: the helper takes over every one this
            // session changed (search_path, DateStyle, quote_all_identifiers, …) for its transaction.
            let changed = try connection.query("""
                SELECT name, setting FROM pg_settings WHERE source = 'session' AND name NOT LIKE 'transaction\\_%'
                """)
            let helper = try connection.sibling()
            try helper.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '\(id)'")
            for row in 0..<changed.rowCount {
                try helper.query("SELECT set_config($1, $2, true)", [changed[row, 0], changed[row, 1]])
            }
            return helper
        } catch {
            return nil
        }
    }

    private func readCatalog(helper: PostgresConnection?) throws -> SchemaSnapshot {
        let settings = try connection.query(Queries.settings)
        guard settings.rowCount == 1, let database = settings[0, 0],
              let searchPath = settings[0, 1], let takenAt = settings[0, 2]
        else { throw PostgresError.protocolError("the settings query returned no row") }

        let version = connection.serverVersionNumber
        let keysAndIndexes = { (session: PostgresConnection) in
            (defaults: try session.query(Queries.defaults),
                    constraints: try session.query(Queries.constraints),
                    checks: try session.query(Queries.checks),
                    indexes: try session.query(Queries.indexes(serverVersion: version)),
                    opclasses: try session.query(Queries.defaultBtreeOpclasses))
        }
        let background = helper.map { helper in BackgroundWork { try keysAndIndexes(helper) } }

        // Wait for the helper even when the columns query fails, so that it is done with its session.
        let columns = Result { try connection.query(Queries.columns) }
        let results = try background?.result() ?? keysAndIndexes(connection)
        if let helper { _ = try? helper.execute("COMMIT") }
        var builder = CatalogBuilder()
        builder.addColumns(try columns.get())
        builder.addDefaults(results.defaults)

        builder.addConstraints(results.constraints)
        builder.addChecks(results.checks)
        var defaultOpclass: [Int: Int] = [:]
        for row in 0..<results.opclasses.rowCount {
            if let type = results.opclasses.int(row, 0), let opclass = results.opclasses.int(row, 1) {
                defaultOpclass[type] = opclass
            }
        }
        builder.addIndexes(results.indexes, defaultOpclass: defaultOpclass)
        let requests = builder.indexTextRequests
        if !requests.oids.isEmpty {
            builder.addIndexTexts(try connection.query(Queries.indexTexts, [
                "{" + requests.oids.map(String.init).joined(separator: ",") + "}",
                "{" + requests.positions.map(String.init).joined(separator: ",") + "}",
            ]))
        }
        builder.finish()
        return SchemaSnapshot(
            database: database, serverVersion: connection.serverVersion,
            searchPath: try Self.decodeNames(searchPath), takenAt: takenAt, relations: builder.relations,
            sequences: try Self.decodeSequences(settings[0, 3] ?? "[]"))
    }

    /// Decodes the JSON array of `[schema, name]` pairs the settings query returns for sequences.
    static func decodeSequences(_ json: String) throws -> [SchemaSnapshot.Sequence] {
        do {
            return try JSONDecoder().decode([[String]].self, from: Data(json.utf8)).compactMap { pair in
                pair.count == 2 ? SchemaSnapshot.Sequence(schema: pair[0], name: pair[1]) : nil
            }
        } catch {
            throw PostgresError.protocolError("unexpected sequence list \(json)")
        }
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
