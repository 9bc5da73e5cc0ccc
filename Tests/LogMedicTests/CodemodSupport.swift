import Foundation
@testable import LogMedic

/// The incident fixture's source trees and the two code playbooks, as the codemod tests use them.
enum CodemodFixture {
    static let incident = repositoryRoot.appendingPathComponent("fixtures/incident-2025-12-19")
    static let source = incident.appendingPathComponent("source")
    static let sourceFixed = incident.appendingPathComponent("source-fixed")
    static let renameParameters = ["model": "AuditLog", "attribute": "timestamp", "suggestion": "created_at"]
    static let textParameters = ["sql": "SELECT 1"]

    static func playbook(_ directory: String, _ id: String) throws -> Codemod {
        try Codemod.load(from: repositoryRoot.appendingPathComponent("\(directory)/\(id)/codemod.yaml"))
    }

    /// The incident's own codemod (its column suggestion is a heuristic reviewed for that incident).
    static var rename: Codemod { get throws { try playbook("fixtures/incident-2025-12-19/playbooks", "rename_model_attribute") } }
    /// A built-in: SQLAlchemy 2 needs text() around exactly the SQL the log names, in any app.
    static var wrapText: Codemod { get throws { try playbook("remediations", "wrap_textual_sql") } }

    /// A copy of the fixture's `source/` in `directory`.
    static func copySource(into directory: URL) throws -> URL {
        let root = directory.appendingPathComponent("source")
        try FileManager.default.copyItem(at: source, to: root)
        return root
    }

    /// Every regular file under `root` with its bytes, by relative path.
    static func snapshot(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        let prefix = root.standardizedFileURL.path + "/"
        while let url = walker?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files[String(url.standardizedFileURL.path.dropFirst(prefix.count))] = try Data(contentsOf: url)
        }
        return files
    }

    /// A codemod from inline YAML, for tests of the engine rather than of the playbooks.
    static func codemod(_ yaml: String) throws -> Codemod { try Codemod(yaml: yaml) }

    /// Writes `files` (relative path → text) under `root`.
    static func write(_ files: [String: String], under root: URL) throws {
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }
}
