/// What one SQL playbook run did or would do.
public struct SQLRunReport: Sendable {
    public enum Mode: String, Sendable {
        case dryRun = "dry-run", apply
        case revertDryRun = "revert dry-run", revert

        /// Runs revert.sql rather than deploy.sql.
        public var reverts: Bool { self == .revert || self == .revertDryRun }
        /// Commits (under the lock, with a journal row) rather than rolling back.
        public var commits: Bool { self == .apply || self == .revert }
    }

    public enum Outcome: String, Sendable {
        case wouldApply = "would apply"
        case wouldRevert = "would revert"
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
