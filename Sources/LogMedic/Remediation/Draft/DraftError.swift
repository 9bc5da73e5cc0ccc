/// Why a draft could not be made. Every message says what to do next.
public enum DraftError: Error, CustomStringConvertible, Equatable {
    case noServerBinaries(searched: [String])
    case noPostgresUser
    case serverFailed(step: String, detail: String)
    case unreadableReference(path: String)
    case noMigrations(directory: String)
    case referenceStatementFailed(path: String, line: Int, statement: String, error: String)
    case outputExists(paths: [String])
    case namesUnread(path: String, error: String)

    public var description: String {
        switch self {
        case let .noServerBinaries(searched):
            return "no PostgreSQL server binaries (initdb, pg_ctl, postgres) in \(searched.joined(separator: " or ")) — install the server package (apt-get install postgresql), or pass --scratch-db DSN or --reference-db DSN"
        case .noPostgresUser:
            return "initdb refuses to run as root and there is no 'postgres' user to run it as — run logmedic as another user, or pass --scratch-db DSN"
        case let .serverFailed(step, detail):
            return "the scratch PostgreSQL server failed at \(step): \(detail) — pass --scratch-db DSN to use a server of yours"
        case let .unreadableReference(path):
            return "cannot read reference SQL \(path) — check the path"
        case let .noMigrations(directory):
            return "\(directory) holds no SQL migration files (*.sql, down and undo files left out) — pass the folder of the migrations or the files"
        case let .referenceStatementFailed(path, line, statement, error):
            return "\(path):\(line): the scratch database refused `\(statement)`: \(error) — fix the reference SQL (it never touches the target)"
        case let .namesUnread(path, error):
            return "\(path): reading the scratch database's names after it failed: \(error) — what it renamed cannot be followed; check what the file changes in the session (its role, its settings)"
        case let .outputExists(paths):
            return "\(paths.joined(separator: ", ")) already exist\(paths.count == 1 ? "s" : "") — remove \(paths.count == 1 ? "it" : "them") or choose another --out DIR"
        }
    }
}
