import ArgumentParser
import Foundation
import LogMedic

/// The `--db` option shared by every command that talks to PostgreSQL.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "PostgreSQL connection string (URI or key=value); default DATABASE_URL, then PG* variables.",
            valueName: "DSN"))
    var dsn: String?

    /// `--db`, else `DATABASE_URL`, else nil (libpq then reads PG* variables, ~/.pgpass, service files).
    var resolvedDSN: String? {
        if let dsn, !dsn.isEmpty { return dsn }
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty { return url }
        return nil
    }
}

/// `--schema FILE`, else `dsn` (inspected once, and kept for the checks that query), else no schema; with
/// where it came from ("file" or "live").
func loadSchema(file: String?, dsn: String?) throws -> (SchemaSnapshot?, String, LiveDatabase?) {
    if let file { return (try SchemaSnapshot.load(from: URL(fileURLWithPath: file)), "file", nil) }
    guard let dsn else { return (nil, "live", nil) }
    let database = try PostgresConnection(dsn: dsn)
    return (try SchemaInspector(connection: database).snapshot(), "live", LiveDatabase(connection: database, reconnects: true))
}
