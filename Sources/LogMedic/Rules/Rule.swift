/// One entry of the rule catalog, as written in `rules/<id>.yaml`.
public struct Rule: Codable, Sendable, Equatable {
    /// Whether a rule reports problems or only describes context lines (such as HTTP requests).
    public enum Kind: String, Codable, Sendable { case finding, context }

    /// The `correlate:` block: the registered check (`CheckRegistry`) the diagnosis runs.
    public struct Correlation: Codable, Sendable, Equatable {
        public var check: String
    }

    /// A line (or multi-line event text) that must match, with the captures it must produce.
    public struct MatchExample: Codable, Sendable, Equatable {
        public var text: String
        public var captures: [String: String]?
    }

    /// The `examples:` block.
    public struct Examples: Codable, Sendable, Equatable {
        public var match: [MatchExample]
        public var noMatch: [String]

        enum CodingKeys: String, CodingKey {
            case match
            case noMatch = "no_match"
        }
    }

    public var id: String
    public var title: String
    public var severity: Severity
    public var category: String
    public var kind: Kind?
    public var patterns: [String]
    public var literals: [String]?
    public var explain: String
    public var correlate: Correlation?
    /// SQLSTATEs or driver error codes the rule covers.
    public var sqlstate: [String]?
    /// Documentation links for the failure class.
    public var references: [String]?
    /// What to do, as text with `{{capture}}` and `{{fact}}` placeholders (see rules/README.md).
    public var advice: Advice?
    /// Capture names that identify "the same problem" when grouping; default: every non-numeric capture.
    public var fingerprint: [String]?
    /// Text of the error lines the same failure prints besides the rule's own (Celery's `SoftTimeLimitExceeded`
    /// traceback after its time-limit line): once the rule reports a problem, an error event holding one is that
    /// failure's, not an error no rule knows.
    public var aftermath: [String]?
    /// Rules whose failures bring this one about (a session the server ended is a connection the client lost): a
    /// problem of one of them logged shortly before an occurrence is reported as its cause.
    public var causedBy: [String]?
    /// Rules whose finding its server session (`%p` of the log prefix) logged last before an occurrence, with no other
    /// finding of that session between, is its cause (a statement timeout after the session's lock wait); their
    /// captures are its advice's `session_NAME` values.
    public var sessionCausedBy: [String]?
    /// Fingerprint captures that one record of a failure may have and another lack (the relation PostgreSQL's CONTEXT
    /// line names, which the driver's exception does not): a group without them folds into the one group with them.
    public var partialCaptures: [String]?
    /// For a failure to reach another service, by the `reason` it captures: the rule an occurrence is reported under
    /// when its `host` and `port` are the database's that logmedic connects to (`DatabaseEndpointClaims`).
    public var databaseEndpoint: [String: String]?
    /// Where its cause is found besides `caused_by`.
    public var cause: Cause?
    public var examples: Examples

    public var effectiveKind: Kind { kind ?? .finding }

    enum CodingKeys: String, CodingKey {
        case id, title, severity, category, kind, patterns, literals, explain, correlate, sqlstate, references, advice
        case fingerprint, aftermath, examples
        case causedBy = "caused_by"
        case sessionCausedBy = "session_caused_by"
        case partialCaptures = "partial_captures"
        case databaseEndpoint = "database_endpoint"
        case cause
    }

    public enum Cause: String, Codable, Sendable {
        /// The error logged before it in the same server session (`current transaction is aborted`: the first error
        /// of the transaction), found by the process id of the server's log prefix.
        case previousSessionError = "previous_session_error"
    }
}
