/// Error events (level error or worse) that no rule matched: how many, and their kinds — events whose first
/// line is the same once digits are set aside (`shape`) — with the first line of the first one and where it
/// was. A catalog that does not know an app's failures then says so, instead of "no rule matched".
/// Bounded: at most `keptKinds` kinds are kept (the first seen; merged, the commonest), every event is counted.
public struct UnrecognisedErrors: Sendable, Codable, Equatable {
    public struct Kind: Sendable, Codable, Equatable {
        /// The first line of the first such event, cut at `exampleBytes`.
        public var example: String
        public var count: Int
        public var source: String
        public var line: Int
    }

    static let keptKinds = 100
    static let exampleBytes = 240

    public var events = 0
    /// In the order of where each was first seen (source, then line).
    public private(set) var kinds: [Kind] = []
    /// Each kept kind's index by shape; rebuilt after decoding.
    private var index: [String: Int] = [:]

    private enum CodingKeys: String, CodingKey { case events, kinds }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var decoded = UnrecognisedErrors()
        decoded.kinds = try container.decode([Kind].self, forKey: .kinds)
        add(decoded)
        events = try container.decode(Int.self, forKey: .events)
    }

    public static func == (a: Self, b: Self) -> Bool { a.events == b.events && a.kinds == b.kinds }

    /// Whether a line or event at `level` is an error: its level says so, and its text does not start with a
    /// lower one (uvicorn's `INFO:` lines). A JSON record's level alone does not make it one: platforms mark every
    /// line an app writes to stderr as an error (Railway's `"severity":"error"`); its text must say so too, or say it
    /// without a level (`isUncaught`), or carry the exception the record logged under its message (structlog's
    /// `exception`, python-json-logger's `exc_info`, logstash's `stack_trace`: read as the message's next lines).
    static func isError(level: String?, text: UnsafeRawBufferPointer, isJSON: Bool) -> Bool {
        guard PlainHeader.isError(level) else { return false }
        if let own = PlainHeader.levelWord(text) { return PlainHeader.isError(own) }
        guard isJSON else { return true }
        if isUncaught(text) { return true }
        guard let newline = text.firstIndex(of: 0x0A) else { return false }
        return isUncaught(UnsafeRawBufferPointer(rebasing: text[(newline + 1)...]))
    }

    /// Whether a text says it is an error without a level: a Python traceback, an exception's first line and its
    /// stack, a runtime's panic.
    static func isUncaught(_ text: UnsafeRawBufferPointer) -> Bool {
        EventAssembler.startsTraceback(text) || StackFrameLine.followsFirstLine(text) || RuntimePanic.starts(text)
    }

    /// Whether a line of its own at an error's level is worth counting: it says something after its level word and
    /// tags (Rails prints `FATAL -- : [request id]` before the exception's lines), and is not a stack frame or
    /// another indented piece of a record a platform split by line.
    static func saysSomething(_ message: UnsafeRawBufferPointer) -> Bool {
        guard let first = message.first, first != 0x20, first != 0x09 else { return false }
        var i = 0
        while i < message.count, (message[i] | 0x20) >= 0x61, (message[i] | 0x20) <= 0x7A { i += 1 }
        while i < message.count {
            switch message[i] {
            case UInt8(ascii: "["):
                while i < message.count, message[i] != UInt8(ascii: "]") { i += 1 }
                i += 1
            case 0x20, 0x09, 0x0D, UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "|"):
                i += 1
            default:
                return true
            }
        }
        return false
    }

    /// Counts the event whose text is `text`, first logged at `line` of `source`; the index of its kind if kept.
    @discardableResult
    mutating func note(_ text: UnsafeRawBufferPointer, source: String, line: Int) -> Int? {
        events += 1
        var example = Array(Self.line(at: 0, in: text))
        // A Python traceback's first line says little (`Traceback …`, `Exception in ASGI application`): its
        // exception line says what failed.
        if let exception = Self.exceptionLine(in: text), exception.startIndex > 0 {
            example += " … ".utf8
            example += exception
        }
        let shape = example.withUnsafeBytes(Self.shape(of:))
        if let k = index[shape] {
            kinds[k].count += 1
            return k
        }
        guard kinds.count < Self.keptKinds else { return nil }
        index[shape] = kinds.count
        kinds.append(Kind(example: String(decoding: example, as: UTF8.self), count: 1, source: source, line: line))
        return kinds.count - 1
    }

    /// Takes back the latest `note` (its kind's index): the line it counted became the head of an event after it
    /// (a traceback's `ERROR … failed` record), which is counted, or matched, as a whole.
    mutating func uncount(kind: Int?) {
        events -= 1
        guard let k = kind else { return }
        kinds[k].count -= 1
        if kinds[k].count == 0, k == kinds.count - 1 {
            index[Self.shape(of: kinds[k].example)] = nil
            kinds.removeLast()
        }
    }

    /// The line starting at `start`, without its line end, cut at `exampleBytes`.
    private static func line(at start: Int, in text: UnsafeRawBufferPointer) -> Slice<UnsafeRawBufferPointer> {
        var end = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
        if end > start, text[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return text[start..<min(end, start + exampleBytes)]
    }

    /// The exception line of the event's last Python traceback: the first unindented line after its frames.
    private static func exceptionLine(in text: UnsafeRawBufferPointer) -> Slice<UnsafeRawBufferPointer>? {
        let headerBytes = EventAssembler.tracebackHeader.utf8CodeUnitCount
        guard text.count >= headerBytes,
              let at = stride(from: text.count - headerBytes, through: 0, by: -1).first(where: {
                  text[$0] == UInt8(ascii: "T") && EventAssembler.startsTraceback(UnsafeRawBufferPointer(rebasing: text[$0...]))
              }) else { return nil }
        var start = at
        while let newline = text[start...].firstIndex(of: UInt8(ascii: "\n")), newline + 1 < text.count {
            start = newline + 1
            if text[start] != UInt8(ascii: " "), text[start] != UInt8(ascii: "\t") { return line(at: start, in: text) }
        }
        return nil
    }

    /// Adds the counts of another part of the scan (a chunk, an input, a findings file), in any order: a kind's
    /// example is its earliest (by source, then line), and the kinds are in that order.
    public mutating func add(_ other: UnrecognisedErrors) {
        events += other.events
        for kind in other.kinds { add(kind) }
        kinds.sort { ($0.source, $0.line) < ($1.source, $1.line) }
        if kinds.count > Self.keptKinds {
            kinds = Array(commonest.prefix(Self.keptKinds)).sorted { ($0.source, $0.line) < ($1.source, $1.line) }
        }
        index = Dictionary(kinds.indices.map { (Self.shape(of: kinds[$0].example), $0) }, uniquingKeysWith: { first, _ in first })
    }

    private mutating func add(_ kind: Kind) {
        let shape = Self.shape(of: kind.example)
        guard let k = index[shape] else {
            index[shape] = kinds.count
            return kinds.append(kind)
        }
        let count = kinds[k].count + kind.count
        if (kind.source, kind.line) < (kinds[k].source, kinds[k].line) { kinds[k] = kind }
        kinds[k].count = count
    }

    /// Forgets the kinds whose example holds one of `pieces` (the `aftermath:` of rules that reported a problem),
    /// and their events; nil when no event is left.
    func forgetting(kindsHolding pieces: [String]) -> UnrecognisedErrors? {
        var kept = UnrecognisedErrors()
        kept.events = events
        for kind in kinds {
            if pieces.contains(where: { ByteSearch.contains(kind.example, $0) }) { kept.events -= kind.count } else { kept.add(kind) }
        }
        return kept.events > 0 ? kept : nil
    }

    /// Numbered from a part's start, the lines become the file's once the lines before the part are known.
    mutating func shiftLines(by lines: Int) {
        for k in kinds.indices { kinds[k].line += lines }
    }

    /// The kinds, most frequent first (the first seen first among equals).
    public var commonest: [Kind] {
        kinds.enumerated().filter { $0.element.count > 0 }
            .sorted { ($1.element.count, $0.offset) < ($0.element.count, $1.offset) }.map(\.element)
    }

    /// The line with every run of digits as `#`: `relation "t2" … at character 15` and `… "t7" … 40` are one kind.
    static func shape(of line: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        for byte in line where !(byte >= 0x30 && byte <= 0x39 && out.last == UInt8(ascii: "#")) {
            out.append(byte >= 0x30 && byte <= 0x39 ? UInt8(ascii: "#") : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func shape(of line: String) -> String {
        var line = line
        return line.withUTF8 { shape(of: UnsafeRawBufferPointer($0)) }
    }

    /// With secrets masked and control characters escaped, as every report shows log text.
    func redacted(_ redactor: Redactor) -> UnrecognisedErrors {
        var copy = self
        for k in copy.kinds.indices {
            copy.kinds[k].example = redactor.scrub(kinds[k].example)
            copy.kinds[k].source = ControlCharacters.escaped(kinds[k].source)
        }
        return copy
    }
}
