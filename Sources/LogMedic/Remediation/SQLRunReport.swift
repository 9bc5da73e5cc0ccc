/// What one SQL playbook run did or would do.
public struct SQLRunReport: Sendable {
    public enum Mode: String, Sendable {
        case dryRun = "dry-run", apply
        case revertDryRun = "revert dry-run", revert
        /// An unvetted playbook (a draft) run in BEGIN … ROLLBACK: never vetted, never committed.
        case rehearsal

        /// Runs revert.sql rather than deploy.sql.
        public var reverts: Bool { self == .revert || self == .revertDryRun }
        /// Commits (under the lock, with a journal row) rather than rolling back.
        public var commits: Bool { self == .apply || self == .revert }
    }

    public enum Outcome: String, Sendable {
        case wouldApply = "would apply"
        case wouldRevert = "would revert"
        case rehearsed
        case applied, reverted
        case alreadyApplied = "already applied"
    }

    public var playbook: String
    public var title: String
    public var mode: Mode
    public var outcome: Outcome
    /// The script that was (or would be) run: deploy.sql, or revert.sql.
    public var script: String
    /// verify.sql's verdict, in words.
    public var verification: String
    public var diff: SchemaDiff?
    /// Every statement sent, in order.
    public var statements: [String]
    /// NOTICE/WARNING messages the server sent, one line each.
    public var notices: [String] = []
    /// The values the playbook was filled with.
    public var parameters: [String: String] = [:]
    /// What the script's statements risk on the target (locks, rewrites, scans, deleted data), from its catalog now.
    public var hazards: [StatementHazards] = []
}

/// Tuning for `fix --apply` and `--revert`.
public struct RemediationOptions: Sendable {
    /// How long to wait for another apply's lock before giving up.
    public var lockWaitSeconds: Double = 10
    /// `lock_timeout` for the script's own statements.
    public var lockTimeout = "5s"
    public var statementTimeout = "60s"
    public init() {}
}
