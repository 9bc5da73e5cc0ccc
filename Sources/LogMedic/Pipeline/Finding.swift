/// One rule matching one event: the unit that scan streams and diagnosis groups.
public struct Finding: Sendable, Codable, Equatable {
    public var ruleID: String
    public var title: String
    public var severity: Severity
    public var category: String
    public var captures: [Capture]
    /// The text the pattern matched.
    public var matched: String
    public var event: LogEvent
    public var frames: [CodeFrame]
    /// Context lines (HTTP requests …) logged shortly before the event, oldest first.
    public var context: [ContextLine]
    /// For a rule whose cause is the error before it in the same server session (`cause: previous_session_error`): that
    /// error's rule and captures, when the input logged one for that process. Not written in `scan`'s output.
    public var sessionCause: SessionCause? = nil
    /// The line of the 5xx response (one of `context`) this failure answered, when neither has a clock (uvicorn's access
    /// line, then its `Exception in ASGI application` traceback): the order of the lines ties them
    /// (`HeldResponses.takeUntimed`). A line number, not the line: a finding is copied often. Not written in `scan`'s output.
    public var answeredLine: Int? = nil

    public func capture(_ name: String) -> String? { captures.first { $0.name == name }?.value }

    enum CodingKeys: String, CodingKey { case ruleID, title, severity, category, captures, matched, event, frames, context }
}

/// The error a server session logged before a finding (a transaction aborted by it).
public struct SessionCause: Sendable, Equatable {
    public var ruleID: String
    public var captures: [Capture]
}

/// A line logged before a finding that a context rule recognised, such as an HTTP request.
public struct ContextLine: Sendable, Codable, Equatable {
    public var line: Int
    public var timestamp: String?
    public var epoch: Double?
    public var service: String?
    public var ruleID: String
    public var captures: [Capture]
    public var text: String

    public func capture(_ name: String) -> String? { captures.first { $0.name == name }?.value }
}

/// Totals of one scan: what ingest read, and what each rule found or failed on.
public struct ScanStats: Sendable, Codable, Equatable {
    public var ingest = IngestStats()
    public var findingsByRule: [String: Int] = [:]
    public var ruleFailures: [String: Int] = [:]
    /// One message per unreadable or damaged input.
    public var inputErrors: [String] = []
    /// How many of the findings were read from findings files without a summary record (`scan --format ndjson`
    /// without `--summary-record`): what their scans read, lines and events, is not in `ingest`. Nil: none.
    public var findingsWithoutSummary: Int?
    /// Error events no rule matched (nil: none).
    public var unrecognisedErrors: UnrecognisedErrors?

    public init() {}

    public var findingCount: Int { findingsByRule.values.reduce(0, +) }

    public mutating func add(_ other: ScanStats) {
        ingest.add(other.ingest)
        findingsByRule.merge(other.findingsByRule, uniquingKeysWith: +)
        ruleFailures.merge(other.ruleFailures, uniquingKeysWith: +)
        if let more = other.findingsWithoutSummary { findingsWithoutSummary = (findingsWithoutSummary ?? 0) + more }
        if let more = other.unrecognisedErrors {
            if unrecognisedErrors == nil { unrecognisedErrors = more } else { unrecognisedErrors?.add(more) }
        }
        // The parts of one file (chunks on several cores) that fail alike are one failed input.
        for error in other.inputErrors {
            if inputErrors.contains(error) { ingest.failedSources -= 1 } else { inputErrors.append(error) }
        }
    }
}
