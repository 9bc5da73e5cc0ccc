/// What the database (or the code) says about a problem group.
public struct Correlation: Sendable, Codable, Equatable {
    /// confirmed: the database shows the problem now; resolved: it no longer does; not_checked: no
    /// schema was given; not_applicable: nothing in the database to check; inconclusive: checked, unclear.
    public enum Status: String, Sendable, Codable {
        case confirmed, resolved, inconclusive
        case notChecked = "not_checked"
        case notApplicable = "not_applicable"
    }

    /// The registered check that produced this (`CheckRegistry`), nil when the rule names none.
    public var check: String?
    public var status: Status
    /// One sentence a person reads first.
    public var summary: String
    /// Facts behind the status, one per line.
    public var evidence: [String] = []
    /// The table involved, schema-qualified, when one was identified.
    public var table: String?
    /// The table's real columns, when relevant (name and type).
    public var columns: [String]?
    /// The name the code or query should have used (a column, for attribute and column problems).
    public var suggestion: String?
    /// Existing relations with names like the missing one.
    public var similarRelations: [String]?
    /// The endpoint tied to a frontend error, e.g. `GET /api/admin/agencies`.
    public var endpoint: String?
    /// Lines in the source tree that need the change, as `file:line: text`.
    public var sourceLines: [String]?
    /// Named values the check found (`table`, `suggestion`, `endpoint`, …), for `{{fact}}` in a rule's advice.
    public var facts: [String: String] = [:]

    public init(check: String?, status: Status, summary: String) {
        self.check = check
        self.status = status
        self.summary = summary
    }
}
