/// All occurrences of one problem (same rule, same identifying captures), summarised with bounded
/// memory: counts, first and last seen, a few samples, code locations and the requests before it.
public struct FindingGroup: Sendable, Codable, Equatable {
    public var fingerprint: String
    public var ruleID: String
    public var title: String
    public var severity: Severity
    public var category: String
    /// The captures of the first occurrence (the identifying ones are equal in every occurrence).
    public var captures: [Capture]
    /// Failures: records of one failure by the database server and by the application count once.
    public var count = 0
    /// Log records (findings) of the problem, in all sources.
    public var records = 0
    /// Failures recorded by both the database server and the application (linked across sources).
    public var linkedFailures = 0
    public var firstSeen: String?
    public var lastSeen: String?
    /// Up to `sampleLimit` occurrences: where they are and their text.
    public var samples: [Sample] = []
    /// App code frames (innermost app frame of each occurrence), most frequent first.
    public var codeLocations: [CodeLocation] = []
    /// Requests logged shortly before occurrences (method, path), with how many occurrences they preceded.
    public var precedingRequests: [RequestCount] = []
    /// Requests answered with a server error (5xx), in any input, around the occurrences: the requests
    /// the problem made fail. Empty for problems attributed to a request (frontend errors).
    public var failedRequests: [RequestCount] = []
    /// Log files the problem appears in, with how many occurrences each.
    public var sources: [String: Int] = [:]
    /// Seconds the app's records are off from the server's records of the same failures (whole half hours): an
    /// app that logs local time without a zone. Its failures are then counted apart from the server's (absent when
    /// they pair as they are).
    public var appClockOffset: Int? = nil
    /// The fingerprints of the errors its server sessions logged just before its occurrences (`Finding.sessionCause`),
    /// a few (absent when none).
    public var sessionCauses: [String]? = nil
    /// The captures of the finding its server session logged before the first occurrence that has such a cause (the
    /// lock wait's `holder`): the advice's `session_NAME` values (absent when none).
    public var sessionCauseCaptures: [Capture]? = nil

    public static let sampleLimit = 3

    public func capture(_ name: String) -> String? { captures.first { $0.name == name }?.value }
}

/// One occurrence kept as evidence.
public struct Sample: Sendable, Codable, Equatable {
    public var source: String
    public var firstLine: Int
    public var lastLine: Int
    public var timestamp: String?
    public var service: String?
    public var text: String
    /// The role the server logged the occurrence for (`%u` of its log_line_prefix, a csvlog's user name).
    public var user: String? = nil
    /// The database the server logged it in (`%d`, a csvlog's database name).
    public var database: String? = nil
}

/// A code location and how many occurrences pointed at it.
public struct CodeLocation: Sendable, Codable, Equatable {
    public var file: String
    public var line: Int
    public var function: String?
    public var count: Int
    /// With `--source`: the file in the checkout (relative to it) and the location's line of code there, trimmed.
    public var sourcePath: String?
    public var code: String?
}

/// An endpoint requested shortly before occurrences of a problem.
public struct RequestCount: Sendable, Codable, Equatable {
    public var method: String
    public var path: String
    /// Occurrences this request preceded (within the window).
    public var occurrences: Int
    /// How often it was the request logged closest before the occurrence.
    public var closest: Int
    /// The HTTP status logged with it (the most frequent), when the log has one.
    public var status: Int?
}
