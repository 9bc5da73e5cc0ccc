import Foundation
import Yams

/// A reviewed fix, one folder of the playbook directory: `playbook.yaml` plus either SQL scripts
/// (`deploy.sql`, `verify.sql`, `revert.sql`) or a `codemod.yaml`.
public struct Playbook: Sendable {
    /// The `playbook.yaml` file.
    public struct Definition: Codable, Sendable, Equatable {
        /// Which findings the playbook fixes.
        public struct Fixes: Codable, Sendable, Equatable {
            public var rule: String
            /// The relation captures it resolves (undefined-table playbooks); nil means any.
            public var relations: [String]?
        }

        /// What must hold before deploying. `absent` relations are what the deploy creates: all absent
        /// means "apply", all present means "already applied", a mix is refused as inconsistent.
        public struct Preconditions: Codable, Sendable, Equatable {
            public var absent: [String]?
            public var present: [String]?
        }

        public var id: String
        public var title: String
        public var description: String?
        public var fixes: Fixes
        public var preconditions: Preconditions?
    }

    public enum Kind: String, Sendable { case sql, codemod }

    public let definition: Definition
    public let directory: URL
    public let kind: Kind
    public var id: String { definition.id }

    public static let sqlFiles = ["deploy.sql", "verify.sql", "revert.sql"]

    public init(directory: URL) throws {
        self.directory = directory
        let file = directory.appendingPathComponent("playbook.yaml")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw RemediationError.invalidPlaybook(path: file.path, reason: "missing or unreadable playbook.yaml")
        }
        do { definition = try YAMLDecoder().decode(Definition.self, from: text) } catch {
            throw RemediationError.invalidPlaybook(path: file.path, reason: String(describing: error))
        }
        guard definition.id == directory.lastPathComponent else {
            throw RemediationError.invalidPlaybook(path: file.path, reason: "id '\(definition.id)' must equal the folder name")
        }
        let has = { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
        if has("codemod.yaml") {
            kind = .codemod
        } else if Self.sqlFiles.allSatisfy(has) {
            kind = .sql
        } else {
            throw RemediationError.invalidPlaybook(path: directory.path, reason: "needs deploy.sql, verify.sql and revert.sql, or codemod.yaml")
        }
    }
}
