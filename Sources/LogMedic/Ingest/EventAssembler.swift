/// Joins the lines of one multi-line event: Python tracebacks (also chained ones, and also when
/// every line arrived as its own JSON record), JS/Node stack traces (`    at …`), and PostgreSQL
/// `ERROR:` lines with their `DETAIL:`/`HINT:`/`STATEMENT:` companions.
///
/// Only lines that might open a finding start an event; the scanner then offers each following
/// line, and the first that does not continue the event closes it. Events are bounded in lines and
/// bytes so that a traceback that never ends cannot grow memory.
public struct EventAssembler {
    /// Literals that open a multi-line event even when the opening line matches no rule.
    public static let openingLiterals = ["Traceback (most recent call last)"]

    enum Phase { case single, frames, afterException, insideSQL }

    public let maxLines: Int
    public let maxBytes: Int
    private(set) var isOpen = false
    private(set) var text: [UInt8] = []
    private(set) var lineCount = 0
    private var phase = Phase.single
    /// A traceback continues a finished one only after Python's "The above exception…" header.
    private var sawChainHeader = false
    var source = ""
    var firstLine = 0
    var lastLine = 0
    var timestamp: String?
    var epoch: Double?
    var level: String?
    var service: String?

    public init(maxLines: Int = 2000, maxBytes: Int = 512 * 1024) {
        self.maxLines = maxLines
        self.maxBytes = maxBytes
        text.reserveCapacity(64 * 1024)
    }

    mutating func open(_ line: DecodedLine, number: Int) {
        isOpen = true
        text.removeAll(keepingCapacity: true)
        text.append(contentsOf: line.message)
        lineCount = 1
        firstLine = number; lastLine = number
        timestamp = line.timestamp; epoch = line.epoch; level = line.level; service = line.service
        phase = Self.startsTraceback(line.message) ? .frames : .single
        sawChainHeader = false
    }

    /// Appends `line` when it continues the open event; false means the event is complete.
    mutating func append(_ line: DecodedLine, number: Int) -> Bool {
        guard isOpen, continues(line) else { return false }
        text.append(0x0A)
        text.append(contentsOf: line.message)
        lineCount += 1
        lastLine = number
        if level == nil { level = line.level }
        return true
    }

    /// True when the event hit its size bound and must be closed now.
    var isFull: Bool { lineCount >= maxLines || text.count >= maxBytes }

    mutating func close() { isOpen = false }

    private mutating func continues(_ line: DecodedLine) -> Bool {
        if let service, let other = line.service, other != service { return false }
        let m = line.message
        switch phase {
        case .insideSQL:
            if m.last == UInt8(ascii: "]") { phase = .afterException }
            return true
        case .frames:
            if Self.startsTraceback(m) || Self.isIndented(m) || m.isEmpty { return true }
            phase = .afterException  // the exception line itself
            return true
        case .afterException:
            if Self.startsTraceback(m) {
                guard sawChainHeader else { return false }
                sawChainHeader = false
                phase = .frames
                return true
            }
            if Self.isChainHeader(m) { sawChainHeader = true; return true }
            if m.starts(with: "[SQL: ".utf8) {
                if m.last != UInt8(ascii: "]") { phase = .insideSQL }
                return true
            }
            return m.isEmpty || Self.isIndented(m) || Self.isSQLAlchemyTrailer(m)
                || Self.isServerContinuation(m)
        case .single:
            return Self.isIndented(m) || Self.isServerContinuation(m)
        }
    }

    static func startsTraceback(_ m: UnsafeRawBufferPointer) -> Bool {
        m.starts(with: "Traceback (most recent call last)".utf8)
    }

    static func isIndented(_ m: UnsafeRawBufferPointer) -> Bool {
        m.count > 1 && (m[0] == 0x20 || m[0] == 0x09)
    }

    static func isChainHeader(_ m: UnsafeRawBufferPointer) -> Bool {
        m.starts(with: "The above exception was the direct cause".utf8)
            || m.starts(with: "During handling of the above exception".utf8)
    }

    static func isSQLAlchemyTrailer(_ m: UnsafeRawBufferPointer) -> Bool {
        m.starts(with: "[parameters: ".utf8) || m.starts(with: "(Background on this error".utf8)
            || m.starts(with: "LINE ".utf8)
    }

    /// PostgreSQL's companion lines, bare (`DETAIL:  …`) or after a `[pid] ` log prefix, which may
    /// itself follow a timestamp when a collector wrapped the server's log line in JSON.
    static func isServerContinuation(_ m: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        if let (length, _) = Timestamp.parseISO(m) {
            i = length
            while i < m.count, m[i] == 0x20 { i += 1 }
        }
        if i < m.count, m[i] == UInt8(ascii: "[") {
            let open = i
            while i < m.count, i - open < 16, m[i] != UInt8(ascii: "]") { i += 1 }
            i += 1
            while i < m.count, m[i] == 0x20 { i += 1 }
        }
        guard i < m.count else { return false }
        let rest = UnsafeRawBufferPointer(rebasing: m[i...])
        return ["DETAIL:", "HINT:", "STATEMENT:", "CONTEXT:", "QUERY:", "LOCATION:", "LINE "]
            .contains { rest.starts(with: $0.utf8) }
    }
}
