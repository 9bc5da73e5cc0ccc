/// What ingest read and what it had to skip or repair; reported in the run summary.
public struct IngestStats: Sendable, Codable, Equatable {
    public var sources = 0
    public var failedSources = 0
    public var bytes = 0
    public var lines = 0
    public var events = 0
    public var jsonLines = 0
    public var malformedJSONLines = 0
    public var invalidUTF8Lines = 0
    public var nulLines = 0
    public var truncatedLines = 0
    public var crlfLines = 0
    public var oversizedEvents = 0

    public init() {}

    public mutating func add(_ other: IngestStats) {
        sources += other.sources; failedSources += other.failedSources
        bytes += other.bytes; lines += other.lines; events += other.events
        jsonLines += other.jsonLines; malformedJSONLines += other.malformedJSONLines
        invalidUTF8Lines += other.invalidUTF8Lines; nulLines += other.nulLines
        truncatedLines += other.truncatedLines; crlfLines += other.crlfLines
        oversizedEvents += other.oversizedEvents
    }

    /// The skipped or repaired input, as `label: count` pairs, omitting zeros.
    public var irregularities: [(String, Int)] {
        [("malformed JSON", malformedJSONLines), ("invalid UTF-8", invalidUTF8Lines), ("NUL bytes", nulLines),
         ("over-long lines cut", truncatedLines), ("CRLF", crlfLines), ("events cut at size limit", oversizedEvents),
         ("unreadable inputs", failedSources)].filter { $0.1 > 0 }
    }
}
