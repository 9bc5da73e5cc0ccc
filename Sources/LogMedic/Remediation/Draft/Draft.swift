/// What `fix --draft` made of one confirmed problem: a playbook to review, or why there is none.
public struct Draft: Sendable {
    public enum Outcome: Sendable {
        /// A playbook: written to the draft directory, rehearsed, unvetted until approved.
        case playbook(DraftedPlaybook)
        /// The column is not missing but renamed in the live database, and the reference's history does not
        /// show that rename: the database is ahead, the fix belongs in the code, no DDL. (A rename the history
        /// shows, which the database lacks, is drafted as a playbook instead.)
        case rename(table: String, from: String, to: String, evidence: String)
        /// DDL exists but would be unsafe as one step; `alternative` says how to do it instead.
        case refused(playbook: DraftedPlaybook, reason: String, alternative: String)
        /// The reference cannot say what to create (or the object kind is not drafted).
        case notDrafted(reason: String)
    }

    public var problemID: String
    /// The problem in a few words, e.g. `relation "user_invitations" does not exist`.
    public var problem: String
    public var outcome: Outcome
}

/// A drafted SQL playbook, before it is written out.
public struct DraftedPlaybook: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var rule: String
    /// `fixes.relations`: the relation captures it resolves (table drafts only).
    public var relations: [String]?
    /// `fixes.columns`: the `schema.table.column` it adds (column drafts only), so that it is never offered for
    /// a same-named column of another table.
    public var columns: [String]?
    /// `fixes.captures`: other captures it is for (a CHECK constraint's name, an enum's type).
    public var captures: [String: [String]]? = nil
    /// Relations the deploy creates, and relations that must exist (server-quoted, `to_regclass` input).
    public var absent: [String]
    public var present: [String]
    /// Columns the deploy adds, as `schema.table.column`.
    public var absentColumns: [String]
    public var presentColumns: [String]
    /// deploy.sql, one statement each, in order.
    public var statements: [String]
    /// Hazards of each statement, same order.
    public var hazards: [[Hazard]]
    public var verify: String
    public var revert: String
    /// One line for the terminal beside the title: why this draft is what it is (a rename: which side is behind).
    public var note: String? = nil
    /// applied.sql, for a change no `absent` precondition can see (a function): one boolean, whether deploy.sql ran.
    public var applied: String? = nil
    /// `after_apply`: what the user must do once it is applied (mark the migration that creates it applied).
    public var afterApply: String? = nil
    /// The pending migration files `afterApply` marks applied.
    public var migrationFiles: [String] = []
    /// `after_apply_needs`: the other drafts of this run that put back parts of the same folder's pending migrations,
    /// without which marking them applied would record as done what the database lacks.
    public var afterApplyNeeds: [String] = []

    /// Takes what must be done after applying it from the migration that makes its change, when one does.
    mutating func follow(_ pending: Drafter.PendingMigration?) {
        afterApply = pending?.afterApply
        migrationFiles = pending?.files ?? []  // none when there is nothing to mark
    }
}
