import Foundation

/// The schema the code expects, in a database of its own: reference SQL loaded into a scratch database
/// (never the target), or an existing reference database read as it is.
///
/// With `--scratch-db DSN` a uniquely named database is created on that server, loaded and dropped
/// afterwards; the DSN's own database is never written. Without it, logmedic starts a `ScratchServer`.
public final class ReferenceDatabase {
    public let connection: PostgresConnection
    /// Where the reference came from, for headers and messages (no password).
    public let origin: String
    /// True for a scratch database logmedic loaded (and may change in rolled-back transactions).
    public let isScratch: Bool
    /// False when no reference was given: a session of the target's own, for drafts that follow the live
    /// database alone (a partition); every other draft then says it needs a reference.
    public let holdsExpectedSchema: Bool
    /// Role and privilege statements skipped because the scratch database lacks the roles.
    public private(set) var skippedStatements = 0
    /// What the loaded files renamed, file by file, as the server saw it (empty for `--reference-db`).
    public private(set) var history = MigrationHistory()
    private var server: ScratchServer?
    private var admin: PostgresConnection?
    private var createdDatabase: String?

    /// An existing database holding the reference schema (`--reference-db`), only read.
    public init(existing dsn: String) throws {
        connection = try PostgresConnection(dsn: dsn)
        origin = "database \(connection.currentDatabase) (\(DSN.redacted(dsn)))"
        isScratch = false
        holdsExpectedSchema = true
    }

    /// No reference: a second session on the target (`dsn` as `--db` resolved it), only read.
    public init(liveOnly dsn: String?) throws {
        connection = try PostgresConnection(dsn: dsn)
        origin = "the live database \(connection.currentDatabase)"
        isScratch = false
        holdsExpectedSchema = false
    }

    /// Loads reference SQL files, or folders of migrations (`MigrationFiles`), into a fresh scratch
    /// database: on `scratchDSN`'s server, else a private one.
    public init(loading files: [String], scratchDSN: String?) throws {
        let texts = try MigrationFiles.expand(files).map { path in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw DraftError.unreadableReference(path: path) }
            return (path, MigrationFiles.upSection(of: text), MigrationFiles.inFolder(path, arguments: files))
        }
        origin = files.joined(separator: ", ")
        isScratch = true
        holdsExpectedSchema = true
        if let scratchDSN {
            let admin = try PostgresConnection(dsn: scratchDSN)
            let name = "logmedic_reference_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
            try admin.execute("CREATE DATABASE \(name)")
            self.admin = admin
            createdDatabase = name
            do {
                connection = try PostgresConnection(dsn: scratchDSN, options: ["dbname": name])
            } catch {
                _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                throw error
            }
        } else {
            let server = try ScratchServer()
            self.server = server
            connection = try PostgresConnection(dsn: server.dsn())
        }
        do {
            try connection.execute(MigrationHistory.create)
            let loaded = Self.loadOrder(texts)
            for file in loaded where file.isMigration {
                history.files[file.shown] = .init(folder: file.folder, text: file.text, revision: file.revision?.id, follows: file.revision?.follows ?? [])
            }
            for file in loaded { try load(file.text, path: file.path, shown: file.shown, isMigration: file.isMigration) }
            try connection.execute(MigrationHistory.drop)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// A file as it loads: a whole file, or one revision of an Alembic script.
    struct LoadedFile {
        var path: String
        var text: String
        /// The name messages give it: its path, its path in its migration folder, or `<revision> in <file name>`.
        var shown: String
        var folder: String
        var isMigration: Bool
        var revision: RevisionChain.Revision?
    }

    /// The files in the order they load: files of Alembic revisions after the files of the revisions they follow
    /// (their ids are not in that order), and an Alembic script of several revisions (`alembic upgrade head --sql`),
    /// or a lone one given as a file, as one migration per revision, so that a draft names the revision that
    /// creates what it drafts and Alembic's history is read for it.
    static func loadOrder(_ texts: [(path: String, text: String, migration: (folder: String, file: String)?)]) -> [LoadedFile] {
        let read = texts.map { (file: $0, revisions: RevisionChain.revisions(in: $0.text)) }
        return RevisionChain.ordered(read) { $0.revisions }.flatMap { file, revisions -> [LoadedFile] in
            let (path, text, migration) = file
            let shown = migration?.file ?? path
            guard revisions.count > 1 || (revisions.count == 1 && migration == nil) else {
                return [LoadedFile(path: path, text: text, shown: shown, folder: migration?.folder ?? path, isMigration: migration != nil,
                                   revision: revisions.first)]
            }
            let folder = migration?.folder ?? URL(fileURLWithPath: path).deletingLastPathComponent().relativePath
            let name = URL(fileURLWithPath: shown).lastPathComponent
            return revisions.map { LoadedFile(path: path, text: $0.text, shown: "\($0.id) in \(name)", folder: folder, isMigration: true, revision: $0) }
        }
    }

    /// Drops the scratch database or stops the scratch server. Idempotent.
    public func close() {
        if let name = createdDatabase, let admin {
            _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            createdDatabase = nil
        }
        server?.stop()
        server = nil
    }

    /// Runs one file's statements one by one, each file with fresh session settings, and records what the
    /// file renamed (compared after it, and around each statement that may rename) and, for a migration
    /// folder's file, created.
    private func load(_ sql: String, path: String, shown: String, isMigration: Bool) throws {
        try connection.execute("RESET ALL")
        let step = { try self.step(shown, isMigration: isMigration) }
        for statement in ReferenceScript(sql).statements {
            let mayRename = MigrationHistory.mayRename(statement.text)
            if mayRename { try step() }
            do {
                try execute(statement.text)
            } catch let error as PostgresError {
                if ReferenceScript.isAboutRoles(statement.text) {
                    skippedStatements += 1
                    if case .server(let server) = error, ReferenceScript.grants(statement.text), let role = Self.missingRole(in: server.message) {
                        history.rolesLacking.insert(role)
                    }
                    continue
                }
                let head = statement.text.split(separator: "\n").first.map(String.init) ?? ""
                throw DraftError.referenceStatementFailed(path: path, line: statement.line,
                                                          statement: String(head.prefix(80)), error: "\(error)")
            }
            if mayRename { try step() }
        }
        try step()
    }

    /// Runs one statement. On logmedic's own scratch server a GRANT or ALTER DEFAULT PRIVILEGES naming a role
    /// the server lacks creates that role (NOLOGIN, gone with the server) and runs again, so that the
    /// reference's catalog holds the privileges its migrations grant (an OWNER TO still fails and is skipped);
    /// a shared `--scratch-db` server's roles are never created.
    private func execute(_ sql: String) throws {
        var created: Set<String> = []
        while true {
            do {
                try connection.execute(sql)
                return
            } catch PostgresError.server(let error) where server != nil && error.sqlState.code == "42704" && ReferenceScript.grants(sql) {
                guard let role = Self.missingRole(in: error.message), created.insert(role).inserted else { throw PostgresError.server(error) }
                let quoted = try connection.query("SELECT format('%I', $1::text)", [role])[0, 0] ?? ""
                try connection.execute("CREATE ROLE \(quoted) NOLOGIN")
            }
        }
    }

    /// The role of the server's `role "x" does not exist`.
    static func missingRole(in message: String) -> String? {
        guard message.hasPrefix("role \""), message.hasSuffix("\" does not exist") else { return nil }
        return String(message.dropFirst(6).dropLast(16))
    }

    /// Compares the names with the previous step's; a file that dropped the session's temporary table
    /// (`DISCARD ALL`) starts the comparison afresh. Any other failure is reported: what the file renamed would
    /// be lost.
    private func step(_ shown: String, isMigration: Bool) throws {
        do {
            try history.step(on: connection, file: shown, isMigration: isMigration)
        } catch let error as PostgresError {
            guard (try? connection.query(MigrationHistory.isGone)[0, 0]) == "t" else {
                throw DraftError.namesUnread(path: shown, error: "\(error)")
            }
            try connection.execute(MigrationHistory.create)
        }
    }
}
