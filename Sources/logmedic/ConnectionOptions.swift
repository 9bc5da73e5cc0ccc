import ArgumentParser
import Foundation

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
