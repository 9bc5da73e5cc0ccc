/// A database or code check behind a rule (`correlate: {check: NAME}`). One type per file in this
/// folder, one line in `CheckRegistry`. A check reads what the context offers (the schema snapshot,
/// the source tree, a live connection for its own parameterised queries) and never guesses what the
/// context cannot tell: it then says "not checked".
public protocol Check: Sendable {
    /// The name rules use in `correlate: {check: NAME}`.
    var name: String { get }
    /// Named groups every pattern of a rule using this check must define (checked when the catalog loads).
    var requiredCaptures: [String] { get }
    /// Facts the check publishes in `Correlation.facts`, usable as `{{fact}}` in a rule's advice.
    var facts: [String] { get }
    /// What the database (or the code) says about one problem group.
    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation
    /// Whether a playbook may act on the problem now. Database problems need the database to confirm them.
    func isActionable(_ correlation: Correlation) -> Bool
}

extension Check {
    public func isActionable(_ correlation: Correlation) -> Bool { correlation.status == .confirmed }

    /// A correlation of this check.
    func result(_ status: Correlation.Status, _ summary: String) -> Correlation {
        Correlation(check: name, status: status, summary: summary)
    }

    /// Nothing about the database is guessed without one.
    func notChecked(_ what: String) -> Correlation {
        result(.notChecked, "Not checked against the database (no --db or --schema given): \(what).")
    }

    /// Checks that run their own queries cannot work from a schema file.
    func needsLiveDatabase(_ what: String) -> Correlation {
        result(.notChecked, "Not checked: needs a live database (--db), a schema file cannot tell \(what).")
    }
}

/// What a check may look at.
public struct CheckContext: Sendable {
    public let snapshot: SchemaSnapshot?
    public let source: SourceTree?
    /// Present with `--db`: checks may run their own parameterised, read-only queries.
    public let database: LiveDatabase?

    public init(snapshot: SchemaSnapshot?, source: SourceTree? = nil, database: LiveDatabase? = nil) {
        self.snapshot = snapshot
        self.source = source
        self.database = database
    }
}
