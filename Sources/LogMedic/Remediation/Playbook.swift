import Foundation

/// A reviewed fix, one folder of the playbook directory: `playbook.yaml` plus either SQL scripts
/// (`deploy.sql`, `verify.sql`, `revert.sql`) or a `codemod.yaml`.
public struct Playbook: Sendable {
    /// The `playbook.yaml` file. Every field is text: read by `StringTreeDecoder`, like the rules.
    public struct Definition: Codable, Sendable, Equatable {
        /// Which problems the playbook fixes: those of the named rules, or of any rule whose check is
        /// named (a failure class), optionally only for the named relations. The one link between a
        /// problem and a playbook (rules do not name playbooks).
        public struct Fixes: Codable, Sendable, Equatable {
            public var rules: [String]?
            /// Shorthand for a one-element `rules`.
            public var rule: String?
            public var checks: [String]?
            /// The relations it creates or changes, as the log names them (exact names, optionally
            /// schema-qualified); nil means any.
            public var relations: [String]?
            /// The columns it adds, `table.column` or `schema.table.column` as the missing_column check names
            /// them (exact); nil means any. Without it, a column playbook is offered for every missing column.
            public var columns: [String]?
            /// Other captures it is for, by name: the problem's capture must be one of the values (a drafted
            /// CHECK change names its `constraint`, an enum's labels its `type`); nil means any.
            public var captures: [String: [String]]?

            public var ruleIDs: [String] { (rules ?? []) + (rule.map { [$0] } ?? []) }
        }

        /// What must hold before deploying. `absent` relations (and `absent_columns`) are what the deploy
        /// creates: all absent means "apply", all present means "already applied", a mix is refused as
        /// inconsistent. `present` relations and `present_columns` must exist. Columns are written
        /// `schema.table.column`, quoted as in SQL when a part needs it.
        public struct Preconditions: Codable, Sendable, Equatable {
            public var absent: [String]?
            public var present: [String]?
            public var absentColumns: [String]?
            public var presentColumns: [String]?

            enum CodingKeys: String, CodingKey {
                case absent, present
                case absentColumns = "absent_columns"
                case presentColumns = "present_columns"
            }
        }

        public var id: String
        public var title: String
        public var description: String?
        public var fixes: Fixes
        /// Values the diagnosis supplies (captures and check facts, by name). In the SQL files
        /// `{{name}}` is sent as a bound parameter and `{{name:ident}}` as an identifier quoted by libpq.
        public var parameters: [String]?
        public var preconditions: Preconditions?
        /// What the user must do once it is applied, printed after `fix --apply` commits it.
        public var afterApply: String?
        /// Playbooks that must be applied too before `after_apply` holds (drafts of the same migration folder).
        public var afterApplyNeeds: [String]?
        /// The migration files `after_apply` marks applied (drafts): drafts are applied in the order they run.
        public var afterApplyMigrations: [String]?

        enum CodingKeys: String, CodingKey {
            case id, title, description, fixes, parameters, preconditions
            case afterApply = "after_apply"
            case afterApplyNeeds = "after_apply_needs"
            case afterApplyMigrations = "after_apply_migrations"
        }
    }

    public enum Kind: String, Sendable { case sql, codemod }

    public let definition: Definition
    public let directory: URL
    public let kind: Kind
    public var id: String { definition.id }

    public static let sqlFiles = ["deploy.sql", "verify.sql", "revert.sql"]
    /// Optional: one boolean row, true when the fix is already in place (for playbooks whose state is not
    /// a set of relations or columns, e.g. a sequence position or an installed extension).
    public static let appliedFile = "applied.sql"

    public init(directory: URL) throws {
        self.directory = directory
        let file = directory.appendingPathComponent("playbook.yaml")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw RemediationError.invalidPlaybook(path: file.path, reason: "missing or unreadable playbook.yaml")
        }
        do { definition = try StringTreeDecoder.decode(Definition.self, from: text) } catch {
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
