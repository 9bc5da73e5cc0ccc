import Foundation
import Testing
@testable import LogMedic

/// Fixture paths and a scratch playbook directory for remediation tests.
enum Incident {
    static let root = CLI.packageRoot.appendingPathComponent("fixtures/incident-2025-12-19")
    /// The incident's own playbooks (`--playbooks`), with their manifest.
    static let playbooks = root.appendingPathComponent("playbooks")
    static let logs = ["railway-backend.jsonl", "frontend.log", "postgres.log"].map { root.appendingPathComponent("logs/" + $0).path }
    static var schemaSQL: String { get throws { try String(contentsOf: root.appendingPathComponent("schema.sql"), encoding: .utf8) } }

    /// Loads the database as it stood on the day of the incident.
    static func load(into connection: PostgresConnection) throws {
        _ = try connection.execute(try schemaSQL)
    }

    static func relationExists(_ name: String, _ connection: PostgresConnection) throws -> Bool {
        try connection.query("SELECT to_regclass($1) IS NOT NULL", [name])[0, 0] == "t"
    }
}

/// A temporary copy of the incident's playbooks (approved), so tests can tamper with them.
func withPlaybookCopy<R>(_ body: (PlaybookLibrary, URL) throws -> R) throws -> R {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-playbooks-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.copyItem(at: Incident.playbooks, to: dir)
    return try body(try PlaybookLibrary(directory: dir.path), dir)
}

/// Writes a test-only SQL playbook into `dir` and approves it.
func writePlaybook(in dir: URL, id: String, deploy: String, verify: String = "SELECT true", revert: String = "SELECT 1",
                   absent: [String], rule: String = "undefined_table") throws -> PlaybookLibrary {
    let folder = dir.appendingPathComponent(id)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let yaml = """
        id: \(id)
        title: test playbook \(id)
        fixes: {rule: \(rule)}
        preconditions: {absent: [\(absent.joined(separator: ", "))]}
        """
    for (name, text) in [("playbook.yaml", yaml), ("deploy.sql", deploy), ("verify.sql", verify), ("revert.sql", revert)] {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let library = try PlaybookLibrary(directory: dir.path)
    _ = try library.approve(id: id)
    return library
}
