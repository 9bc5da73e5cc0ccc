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
    /// Lines ended by a CR alone (`LineReader.LineFlags.carriageReturn`).
    public var carriageReturnLines = 0
    public var oversizedEvents = 0

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case sources, failedSources, bytes, lines, events, jsonLines, malformedJSONLines, invalidUTF8Lines, nulLines
        case truncatedLines, crlfLines, carriageReturnLines, oversizedEvents
    }

    /// A summary record written before `carriageReturnLines` was counted has none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sources = try c.decode(Int.self, forKey: .sources)
        failedSources = try c.decode(Int.self, forKey: .failedSources)
        bytes = try c.decode(Int.self, forKey: .bytes)
        lines = try c.decode(Int.self, forKey: .lines)
        events = try c.decode(Int.self, forKey: .events)
        jsonLines = try c.decode(Int.self, forKey: .jsonLines)
        malformedJSONLines = try c.decode(Int.self, forKey: .malformedJSONLines)
        invalidUTF8Lines = try c.decode(Int.self, forKey: .invalidUTF8Lines)
        nulLines = try c.decode(Int.self, forKey: .nulLines)
        truncatedLines = try c.decode(Int.self, forKey: .truncatedLines)
        crlfLines = try c.decode(Int.self, forKey: .crlfLines)
        carriageReturnLines = try c.decodeIfPresent(Int.self, forKey: .carriageReturnLines) ?? 0
        oversizedEvents = try c.decode(Int.self, forKey: .oversizedEvents)
    }

    public mutating func add(_ other: IngestStats) {
        sources += other.sources; failedSources += other.failedSources
        bytes += other.bytes; lines += other.lines; events += other.events
        jsonLines += other.jsonLines; malformedJSONLines += other.malformedJSONLines
        invalidUTF8Lines += other.invalidUTF8Lines; nulLines += other.nulLines
        truncatedLines += other.truncatedLines; crlfLines += other.crlfLines; carriageReturnLines += other.carriageReturnLines
        oversizedEvents += other.oversizedEvents
    }

    /// The skipped or repaired input, as `label: count` pairs, omitting zeros.
    public var irregularities: [(String, Int)] {
        [("malformed JSON", malformedJSONLines), ("invalid UTF-8", invalidUTF8Lines), ("NUL bytes", nulLines),
         ("over-long lines cut", truncatedLines), ("CRLF", crlfLines), ("lines ended by CR alone", carriageReturnLines),
         ("events cut at size limit", oversizedEvents),
         ("unreadable inputs", failedSources)].filter { $0.1 > 0 }
    }
}
