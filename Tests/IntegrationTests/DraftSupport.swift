import Foundation
import Testing
@testable import LogMedic

/// Drafting against a test database: the reference loaded on the test server (`--scratch-db`), the drafts
/// written to a temporary directory that is removed afterwards.
enum Drafting {
    struct Outcome {
        var entries: [DraftPipeline.Entry]
        var directory: URL
    }

    /// Diagnoses `logs` against the live database, then drafts from `referenceSQL` (file paths).
    /// `queried`: checks may also query the database, as `fix` lets them (not only read its snapshot).
    /// `scratchLacks`: a role the test server has, dropped while the reference loads (as a shared `--scratch-db`
    /// server without it) and created again after.
    static func draft<R>(logs: [String], referenceSQL: [String], target: PostgresConnection, queried: Bool = false, scratchLacks: String? = nil,
                         _ body: (Outcome) throws -> R) throws -> R {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-drafts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let snapshot = try SchemaInspector(connection: target).snapshot()
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()), snapshot: snapshot,
                                  database: queried ? LiveDatabase(connection: target) : nil).diagnose(paths: logs)
        if let role = scratchLacks { try target.execute("DROP ROLE \(role)") }
        let reference = try ReferenceDatabase(loading: referenceSQL, scratchDSN: TestDatabase.url)
        defer { reference.close() }
        if let role = scratchLacks { try target.execute("CREATE ROLE \(role)") }
        let entries = try DraftPipeline(target: target, snapshot: snapshot, reference: reference, outputDirectory: out.path).run(diagnosis)
        return try body(Outcome(entries: entries, directory: out))
    }

    /// Approves every drafted playbook of the directory and applies it the careful way.
    static func approveAndApply(_ outcome: Outcome, on connection: PostgresConnection) throws -> [SQLRunReport] {
        let library = try PlaybookLibrary(directory: outcome.directory.path)
        return try outcome.entries.compactMap { entry -> SQLRunReport? in
            guard case .playbook(let playbook) = entry.draft.outcome else { return nil }
            _ = try library.approve(id: playbook.id)
            let approved = try PlaybookLibrary(directory: outcome.directory.path)
            return try SQLRemediator(connection: connection, library: approved).run(try approved.playbook(id: playbook.id), mode: .apply)
        }
    }

    /// Writes `migrations` (path in the folder → SQL) and `log`, loads `live` into a test database, and drafts
    /// from the folder.
    static func draft(migrations: [String: String], log: String, live: String, queried: Bool = false,
                      _ body: (PostgresConnection, Outcome) throws -> Void) throws {
        try withScratchDirectory { dir in
            let folder = dir.appendingPathComponent("migrations")
            for (path, sql) in migrations {
                let file = folder.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try sql.write(to: file, atomically: true, encoding: .utf8)
            }
            let logPath = dir.appendingPathComponent("app.log")
            try log.write(to: logPath, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(live)
                try draft(logs: [logPath.path], referenceSQL: [folder.path], target: db, queried: queried) { try body(db, $0) }
            }
        }
    }

    /// Runs the playbook `id` of the draft directory (approved) in `mode`.
    static func run(_ id: String, _ mode: SQLRunReport.Mode, in outcome: Outcome, on db: PostgresConnection) throws -> SQLRunReport {
        let library = try PlaybookLibrary(directory: outcome.directory.path)
        return try SQLRemediator(connection: db, library: library).run(try library.playbook(id: id), mode: mode)
    }

    static func playbook(_ entry: DraftPipeline.Entry) -> DraftedPlaybook? {
        if case .playbook(let playbook) = entry.draft.outcome { return playbook }
        return nil
    }
}
