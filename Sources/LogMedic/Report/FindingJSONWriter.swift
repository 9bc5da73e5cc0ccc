/// Writes a `Finding` as one NDJSON line: the exact bytes `JSONEncoder` produces with `[.sortedKeys,
/// .withoutEscapingSlashes]` and `.convertToSnakeCase`, plus `\n`, appended to a byte buffer without building
/// intermediate strings or containers. Foundation's encoder costs tens of microseconds per finding, which
/// dominated `scan --format ndjson` on findings-dense logs.
///
/// The layout it reproduces: compact, keys in byte order, optional values left out when nil; in strings only
/// `"`, `\` and control characters are escaped (`\b \t \n \f \r`, others as `\u00xx`), everything else is raw
/// UTF-8; a Double as its `description` without a trailing `.0`. `FindingJSONWriterTests` holds it to
/// `JSONEncoder` on varied findings: change both together.
public struct FindingJSONWriter {
    public init() {}

    public func write(_ f: Finding, to out: inout [UInt8]) {
        var memo = FindingStreamMemo()
        withUnsafeMutablePointer(to: &memo) { write(f, Scrubbing(scrub: nil, memo: $0, fragments: .off), to: &out) }
    }

    /// Writes what `write(f.redacted(redactor, memo: &memo.redactions))` writes, scrubbing each text as
    /// it goes instead of copying the finding: parts of a clean event text are only control-escaped, in
    /// the pass that JSON-escapes them.
    public func write(_ f: Finding, redactingWith redactor: Redactor, memo: inout FindingStreamMemo, to out: inout [UInt8]) {
        let fragments = memo.fragments.use(for: f)
        let scrub: FindingScrub
        switch fragments {
        case .hit(let slot):
            scrub = FindingScrub(f, redactor: redactor, clean: memo.fragments.isClean(slot))
        case .miss(let slot):
            scrub = FindingScrub(f, redactor: redactor, memo: &memo.redactions)
            memo.fragments.record(f, slot: slot, clean: scrub.clean)
        case .off:
            scrub = FindingScrub(f, redactor: redactor, memo: &memo.redactions)
        }
        withUnsafeMutablePointer(to: &memo) { write(f, Scrubbing(scrub: scrub, memo: $0, fragments: fragments), to: &out) }
    }

    /// The scrub of the finding being written (nil: it is redacted already) and the stream's memo, which
    /// is changed in place (held by pointer: a memo moved in and out per finding costs its tables' releases).
    private struct Scrubbing: ~Copyable {
        let scrub: FindingScrub?
        let memo: UnsafeMutablePointer<FindingStreamMemo>
        /// Whether the captures, matched text and event text come from, or go to, `memo.fragments`.
        let fragments: OutcomeFragments.Use

        /// How a text must be written (see `FindingScrub.Text`); nil: as it is.
        func treatment(ofPart text: String) -> FindingScrub.Text? { scrub?.part(text, memo: &memo.pointee.redactions) }
        func treatmentOfEventText() -> FindingScrub.Text? { scrub?.eventText(memo: &memo.pointee.redactions) }
        func treatment(ofOther text: String) -> FindingScrub.Text? {
            scrub.map { $0.other(text, memo: &memo.pointee.redactions) }
        }
    }

    private func write(_ f: Finding, _ s: borrowing Scrubbing, to bytes: inout [UInt8]) {
        s.memo.pointee.lineNumbers.findingStart = bytes.count
        // Most findings fit in 1 KiB: written on the stack, no allocation per finding.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { buffer in
            var out = ByteSink(over: buffer)
            write(f, s, to: &out)
            out.withBytes { bytes.append(contentsOf: $0) }
        }
    }

    private func write(_ f: Finding, _ s: borrowing Scrubbing, to out: inout ByteSink) {
        out.append(UInt8(ascii: "{"))
        key("captures", &out, first: true)
        fragment(.captures, s, &out) { out in findingCaptures(f.captures, s, &out) }
        key("category", &out)
        shared(f.category, s, &out)
        key("context", &out)
        array(f.context, &out) { line, out in
            out.append(UInt8(ascii: "{"))
            key("captures", &out, first: true)
            captures(line.captures, s, &out) { s.treatment(ofOther: $0) }
            if let epoch = line.epoch { key("epoch", &out); number(epoch, &out) }
            key("line", &out)
            lineNumber(line.line, s, &out)
            key("rule_id", &out)
            shared(line.ruleID, s, &out)
            if let service = line.service { key("service", &out); text(service, s.treatment(ofOther: service), &out) }
            key("text", &out)
            text(line.text, s.treatment(ofOther: line.text), &out)
            if let timestamp = line.timestamp { key("timestamp", &out); text(timestamp, s.treatment(ofOther: timestamp), &out) }
            out.append(UInt8(ascii: "}"))
        }
        key("event", &out)
        event(f.event, s, &out)
        key("frames", &out)
        array(f.frames, &out) { frame, out in
            out.append(UInt8(ascii: "{"))
            key("file", &out, first: true)
            text(frame.file, s.treatment(ofOther: frame.file), &out)
            if let function = frame.function { key("function", &out); text(function, s.treatment(ofOther: function), &out) }
            key("is_library", &out)
            literal(frame.isLibrary ? "true" : "false", &out)
            key("line", &out)
            out.appendDecimal(frame.line)
            out.append(UInt8(ascii: "}"))
        }
        key("matched", &out)
        fragment(.matched, s, &out) { out in matched(f.matched, s, &out) }
        s.memo.pointee.ruleTails.appendJSON(
            of: RuleKey(f), hash: String.hash(of: f.ruleID.identity), holding: (f.ruleID, f.title), written: { ruleTail(of: f) }, to: &out)
    }

    /// A log line number, as the stream writes them (`LineNumberShift`).
    @inline(__always)
    private func lineNumber(_ number: Int, _ s: borrowing Scrubbing, _ out: inout ByteSink) {
        out.appendDecimal(s.memo.pointee.lineNumbers.written(number, at: out.written))
    }

    /// The fields after `matched`, all the rule's, and the line's end.
    private func ruleTail(of f: Finding) -> [UInt8] {
        ByteSink.bytes(capacity: 256) { out in
            key("rule_id", &out)
            string(f.ruleID, &out)
            key("severity", &out)
            string(f.severity.rawValue, &out)
            key("title", &out)
            string(f.title, &out)
            out.append(UInt8(ascii: "}"))
            out.append(UInt8(ascii: "\n"))
        }
    }

    private func event(_ e: LogEvent, _ s: borrowing Scrubbing, _ out: inout ByteSink) {
        out.append(UInt8(ascii: "{"))
        var first = true
        if let application = e.application { key("application", &out, first: first); field(application, s, &out); first = false }
        if let database = e.database { key("database", &out, first: first); field(database, s, &out); first = false }
        if let epoch = e.epoch { key("epoch", &out, first: first); number(epoch, &out); first = false }
        key("first_line", &out, first: first)
        lineNumber(e.firstLine, s, &out)
        key("last_line", &out)
        lineNumber(e.lastLine, s, &out)
        if let level = e.level { key("level", &out); shared(level, s, &out) }
        if let logger = e.logger { key("logger", &out); field(logger, s, &out) }
        if let service = e.service { key("service", &out); text(service, s.treatment(ofOther: service), &out) }
        key("source", &out)
        shared(e.source, s, &out)
        key("text", &out)
        fragment(.text, s, &out) { out in text(e.text, s.treatmentOfEventText(), &out) }
        if let timestamp = e.timestamp { key("timestamp", &out); text(timestamp, s.treatment(ofOther: timestamp), &out) }
        if let user = e.user { key("user", &out); field(user, s, &out) }
        out.append(UInt8(ascii: "}"))
    }

    /// A finding's captures: copied when the same array (its storage) was written clean lately.
    private func findingCaptures(_ captures: [Capture], _ s: borrowing Scrubbing, _ out: inout ByteSink) {
        guard s.scrub != nil, !captures.isEmpty else { return self.captures(captures, s, &out) { s.treatment(ofPart: $0) } }
        let key = ArrayIdentity(captures)
        if s.memo.pointee.captureArrays.append(key, hash: key.hash, to: &out) { return }
        let start = out.written
        var clean = true
        self.captures(captures, s, &out) { value in
            let treatment = s.treatment(ofPart: value)
            if case .controlsOnly? = treatment {} else { clean = false }
            return treatment
        }
        guard clean else { return }
        out.withBytes { s.memo.pointee.captureArrays.record(key, hash: key.hash, holding: captures, UnsafeBufferPointer(rebasing: $0[start...])) }
    }

    /// A finding's matched text: copied when the same String was written clean lately.
    private func matched(_ matched: String, _ s: borrowing Scrubbing, _ out: inout ByteSink) {
        guard s.scrub != nil else { return string(matched, &out) }
        let key = matched.identity, hash = String.hash(of: key)
        if s.memo.pointee.matchedTexts.append(key, hash: hash, to: &out) { return }
        let treatment = s.treatment(ofPart: matched)
        let start = out.written
        text(matched, treatment, &out)
        guard case .controlsOnly? = treatment else { return }
        out.withBytes { s.memo.pointee.matchedTexts.record(key, hash: hash, holding: matched, UnsafeBufferPointer(rebasing: $0[start...])) }
    }

    private func captures(
        _ captures: [Capture], _ s: borrowing Scrubbing, _ out: inout ByteSink, treatment: (String) -> FindingScrub.Text?
    ) {
        array(captures, &out) { capture, out in
            out.append(UInt8(ascii: "{"))
            key("name", &out, first: true)
            shared(capture.name, s, &out)
            key("value", &out)
            text(capture.value, treatment(capture.value), &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// One of the parts a repeated message writes alike: copied from the memo, or written and recorded there.
    @inline(__always)
    private func fragment(_ part: OutcomeFragments.Part, _ s: borrowing Scrubbing, _ out: inout ByteSink, _ write: (inout ByteSink) -> Void) {
        switch s.fragments {
        case .hit(let slot):
            s.memo.pointee.fragments.withFragment(part, slot: slot) { out.append($0) }
        case .miss(let slot):
            let start = out.written
            write(&out)
            out.withBytes { s.memo.pointee.fragments.record(part, UnsafeBufferPointer(rebasing: $0[start...]), slot: slot) }
        case .off:
            write(&out)
        }
    }

    /// A string that findings of a stream share: a rule's, a source's, a level.
    private func shared(_ value: String, _ s: borrowing Scrubbing, _ out: inout ByteSink) {
        s.memo.pointee.sharedStrings.appendJSON(of: value, written: { value in ByteSink.bytes { string(value, &$0) } }, to: &out)
    }

    /// An event's user, database, application or logger: a short one is written from a memo by identity
    /// (its redaction depends on its bytes alone), as Strings that short are usually held inline, where
    /// equal bytes are equal identities. A longer one is new storage in every event: the memo would miss.
    private func field(_ value: String, _ s: borrowing Scrubbing, _ out: inout ByteSink) {
        guard value.utf8.count <= String.inlineCapacity, s.scrub != nil else { return text(value, s.treatment(ofOther: value), &out) }
        s.memo.pointee.eventFields.appendJSON(of: value, written: { value in
            ByteSink.bytes { text(value, s.treatment(ofOther: value), &$0) }
        }, to: &out)
    }

    /// A text from a log, as `treatment` says (nil: as it is).
    private func text(_ value: String, _ treatment: FindingScrub.Text?, _ out: inout ByteSink) {
        switch treatment {
        case nil: string(value, &out)
        case .controlsOnly: string(value, &out, escapingControls: true)
        case .scrubbed(let scrubbed): string(scrubbed, &out)
        }
    }

    @inline(__always)
    private func array<T>(_ items: [T], _ out: inout ByteSink, _ element: (T, inout ByteSink) -> Void) {
        out.append(UInt8(ascii: "["))
        for (n, item) in items.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            element(item, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    @inline(__always)
    private func key(_ name: StaticString, _ out: inout ByteSink, first: Bool = false) {
        out.appendKey(name, first: first)
    }

    private func literal(_ text: StaticString, _ out: inout ByteSink) {
        text.withUTF8Buffer { out.append(UnsafeRawBufferPointer($0)) }
    }

    private func number(_ value: Double, _ out: inout ByteSink) {
        // An instant in whole milliseconds, the usual epoch, is written from integers. Below 2^33 a
        // millisecond is hundreds of ulps, so its three decimals (zeros trimmed) are the shortest
        // digits that read back as the value: what `description` prints.
        if value >= 1, value < 8_589_934_592 {
            let millis = (value * 1000).rounded()
            if millis / 1000 == value {
                out.appendDecimal(Int(millis) / 1000)
                let fraction = Int(millis) % 1000
                guard fraction != 0 else { return }
                // Leading zeros kept, trailing ones dropped.
                let tenths = fraction / 100, hundredths = fraction / 10 % 10, thousandths = fraction % 10
                out.append(UInt8(ascii: "."))
                out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: tenths))
                if hundredths != 0 || thousandths != 0 { out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: hundredths)) }
                if thousandths != 0 { out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: thousandths)) }
                return
            }
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        text.withUTF8 { out.append(UnsafeRawBufferPointer($0)) }
    }

    /// `escapingControls`: terminal control characters are first written as `ControlCharacters.escaped`
    /// writes them (`\x1b`), in the same pass.
    private func string(_ value: String, _ out: inout ByteSink, escapingControls: Bool = false) {
        out.appendString(value, controls: escapingControls)
    }
}

/// What the writer carries from one finding of a stream to the next: redactions of texts seen lately,
/// the closing fields of the rules written lately and the shared strings and short event fields written lately.
public struct FindingStreamMemo {
    public var redactions = RedactionMemo()
    /// `,"rule_id":…,"severity":…,"title":…}` and newline, for each rule.
    fileprivate var ruleTails = IdentityMemo<RuleKey, (String, String)>()
    /// A rule's category and capture names, the source, the level.
    fileprivate var sharedStrings = IdentityMemo<String.Identity, String>()
    /// Kept apart from `sharedStrings`: the same String is written scrubbed here, as it is there.
    fileprivate var eventFields = IdentityMemo<String.Identity, String>()
    /// The captures, matched text and event text of repeated messages.
    var fragments = OutcomeFragments()
    /// The captures and matched texts written clean lately, by identity: a message repeated with other digits in
    /// it keeps those that hold none (`EventOutcomeMemo`'s rebase, `RecentTexts`).
    fileprivate var captureArrays = PartJSONMemo<ArrayIdentity, [Capture]>()
    fileprivate var matchedTexts = PartJSONMemo<String.Identity, String>()
    /// What is added to log line numbers.
    var lineNumbers = LineNumberShift()

    public init() {}
}

/// JSON remembered by the identity (`String.identity`) of the strings it was written from: a stream's
/// findings share a few dozen such strings, a rule's and a source's, and write each again and again.
/// Two ways per set, newest first: a new key replaces the older entry of its set, so two busy keys that
/// share a set do not evict each other. A key made of equal strings made apart only misses.
private struct IdentityMemo<Key: Equatable, Held> {
    private static var sets: Int { 128 }
    // Apart, so that a hit reads trivial keys and one array, not a whole entry. Empty until used: a
    // memo is made for every finding written alone.
    private var keys: [Key?] = []
    private var held: [Held?] = []  // the strings of each key: their identities stay theirs
    private var jsons: [[UInt8]] = []

    @inline(__always)
    mutating func appendJSON(of key: Key, hash: UInt64, holding strings: Held, written: () -> [UInt8], to out: inout ByteSink) {
        if keys.isEmpty {
            keys = Array(repeating: nil, count: 2 * Self.sets)
            held = Array(repeating: nil, count: 2 * Self.sets)
            jsons = Array(repeating: [], count: 2 * Self.sets)
        }
        var slot = 2 * Int(hash % UInt64(Self.sets))
        if keys[slot] != key {
            if keys[slot + 1] == key {
                slot += 1
            } else {
                keys.swapAt(slot, slot + 1)
                held.swapAt(slot, slot + 1)
                jsons.swapAt(slot, slot + 1)
                keys[slot] = key
                held[slot] = strings
                jsons[slot] = written()
            }
        }
        out.reserve(jsons[slot].count)
        jsons[slot].withUnsafeBytes { out.appendReserved($0) }
    }
}

extension IdentityMemo where Key == String.Identity, Held == String {
    /// Appends the JSON of `text`, as `written` writes it.
    @inline(__always)
    mutating func appendJSON(of text: String, written: (String) -> [UInt8], to out: inout ByteSink) {
        let identity = text.identity
        appendJSON(of: identity, hash: String.hash(of: identity), holding: text, written: { written(text) }, to: &out)
    }
}

/// JSON remembered by the identity of what it was written from, direct-mapped: written clean (every text in it
/// only control-escaped), it is what writing the same Strings again gives. Each entry holds its value, so that
/// no other String or array takes its storage. JSON of up to `maxBytes` only: at most `slots` KiB.
private struct PartJSONMemo<Key: Equatable, Held> {
    private static var slots: Int { 1024 }
    private static var maxBytes: Int { 1024 }
    private var keys: [Key?] = []
    private var held: [Held?] = []
    private var jsons: [[UInt8]] = []

    /// Appends the JSON remembered for `key`; whether there was one.
    @inline(__always)
    func append(_ key: Key, hash: UInt64, to out: inout ByteSink) -> Bool {
        guard !keys.isEmpty else { return false }
        let slot = Int(hash % UInt64(Self.slots))
        guard keys[slot] == key else { return false }
        out.reserve(jsons[slot].count)
        jsons[slot].withUnsafeBytes { out.appendReserved($0) }
        return true
    }

    mutating func record(_ key: Key, hash: UInt64, holding value: Held, _ json: UnsafeBufferPointer<UInt8>) {
        guard json.count <= Self.maxBytes else { return }
        if keys.isEmpty {
            keys = Array(repeating: nil, count: Self.slots)
            held = Array(repeating: nil, count: Self.slots)
            jsons = Array(repeating: [], count: Self.slots)
        }
        let slot = Int(hash % UInt64(Self.slots))
        keys[slot] = key
        held[slot] = value
        jsons[slot].replaceSubrange(0..., with: json)
    }
}

/// An array's identity: its storage and count. Equal while both arrays are alive means the same elements.
struct ArrayIdentity: Equatable {
    let storage: UnsafeRawPointer?, count: Int

    init<T>(_ array: [T]) {
        storage = array.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        count = array.count
    }

    var hash: UInt64 {
        let h = (UInt64(UInt(bitPattern: storage)) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)) &* 0xFF51_AFD7_ED55_8CCD
        return h ^ (h >> 32)
    }
}

/// What the JSON of a rule's closing fields depends on.
private struct RuleKey: Equatable {
    let ruleID: String.Identity, title: String.Identity, severity: Severity

    init(_ f: Finding) {
        ruleID = f.ruleID.identity
        title = f.title.identity
        severity = f.severity
    }
}

/// Bytes appended through a pointer: `Array.append` checks uniqueness and capacity on every call, and
/// a finding is written in a hundred small appends.
struct ByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// False while the sink writes into a buffer it was given.
    private var ownsBase = true

    init(capacity: Int) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    /// Writes into `buffer` until it is full, then into memory of its own.
    init(over buffer: UnsafeMutableBufferPointer<UInt8>) {
        base = buffer.baseAddress!
        capacity = buffer.count
        ownsBase = false
    }

    deinit { if ownsBase { base.deallocate() } }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(1) }
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count &+= bytes.count
    }

    /// Appends `bytes`, for which room was made (`reserve`). A memo's remembered bytes are copied as
    /// `out.reserve(bytes.count); bytes.withUnsafeBytes { out.appendReserved($0) }`, in place: no call that
    /// might release the array (`grow`) then comes between reading its storage and copying from it, so its
    /// storage is not retained and released around the copy (it is when the array is passed to a function).
    @inline(__always)
    mutating func appendReserved(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count &+= bytes.count
    }

    /// `,"name":`, without the comma when `first`: one capacity check for the five parts. (Here and
    /// below, counts within `capacity` are added without overflow checks.)
    @inline(__always)
    mutating func appendKey(_ name: StaticString, first: Bool) {
        let length = name.utf8CodeUnitCount
        reserve(length &+ 4)
        var at = base + count
        if !first {
            at.pointee = UInt8(ascii: ",")
            at += 1
        }
        at.pointee = UInt8(ascii: "\"")
        UnsafeMutableRawPointer(at + 1).copyMemory(from: name.utf8Start, byteCount: length)
        at[length &+ 1] = UInt8(ascii: "\"")
        at[length &+ 2] = UInt8(ascii: ":")
        count = at + length + 3 - base
    }

    /// `byte` as a JSON string holds it: escaped when it is `"`, `\` or a control byte.
    @inline(__always)
    mutating func appendEscape(of byte: UInt8) {
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { return append(byte) }
        guard let short = JSONString.shortEscape(of: byte) else { return JSONString.escapes[Int(byte)].withUnsafeBytes { append($0) } }
        append(UInt8(ascii: "\\"))
        append(short)
    }

    /// The decimal digits of `value`, written in place, two at a time from the last.
    mutating func appendDecimal(_ value: Int) {
        reserve(20)  // a sign and 19 digits at most (2^63 has 19)
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count &+= 1
        }
        var magnitude = value.magnitude
        // The digit count from the bit length (log10 2 ≈ 1233 / 4096), one too few below a power of ten.
        // Constant array literals are laid out at compile time: no allocation, no lazy global.
        let powersOfTen: [UInt] = [
            1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
            100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
            10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
        ]
        let bits = UInt.bitWidth &- (magnitude | 1).leadingZeroBitCount
        var digits = (bits &* 1233) &>> 12
        digits &+= magnitude | 1 >= powersOfTen[digits] ? 1 : 0  // 0 has one digit too
        let start = base + count
        var at = start + digits
        Self.digitPairs.withUTF8Buffer { pairs in
            while magnitude >= 10 {
                let pair = Int(truncatingIfNeeded: magnitude % 100) &* 2
                magnitude /= 100
                at -= 2
                at[0] = pairs[pair]
                at[1] = pairs[pair &+ 1]
            }
        }
        if at > start { start.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude) }
        count &+= digits
    }

    /// "00", "01", … "99".
    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { body(UnsafeBufferPointer(start: base, count: count)) }

    var written: Int { count }

    /// The bytes `write` appends to an empty sink.
    static func bytes(capacity: Int = 64, _ write: (inout ByteSink) -> Void) -> [UInt8] {
        var sink = ByteSink(capacity: capacity)
        write(&sink)
        return sink.withBytes { Array($0) }
    }

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count &+ extra > capacity { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        let larger = max(2 * capacity, count + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        if ownsBase { base.deallocate() }
        ownsBase = true
        base = moved
        capacity = larger
    }
}

extension ByteSink {
    /// `value` as a JSON string, in quotes, escaped as `appendEscaped` escapes.
    mutating func appendString(_ value: String, controls: Bool = false) {
        append(UInt8(ascii: "\""))
        value.withUTF8Bytes { appendEscaped($0, controls: controls) }
        append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` with `"`, `\` and control bytes escaped, and with `controls` terminal control
    /// characters first made visible as `ControlCharacters` shows them (`\x1b`, whose backslash JSON
    /// escapes).
    mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, controls: Bool) {
        if controls {
            appendEscaped(utf8, controls: true) { word in
                Self.isPlainASCII(word) ? 0 : Self.escapeFlags(word) | ControlCharacters.controlFlags(word)
            }
        } else {
            appendEscaped(utf8, controls: false) { Self.escapeFlags($0) }
        }
    }

    /// Eight bytes at a time (SWAR), a loop of its own for each `flags`: each word is stored whole and
    /// counted up to its first byte to look at (the lowest flag, which is exact), which `escape` writes;
    /// the next word starts after it. Room for the rest of the text and a word is made before the first
    /// word and after each escape, so a plain word is stored unchecked. The last word is padded, and
    /// its padding uncounted when the loop ends.
    @inline(__always)
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, controls: Bool, flags: (UInt64) -> UInt64) {
        guard let text = utf8.baseAddress, !utf8.isEmpty else { return }
        let n = utf8.count
        reserve(n + 8)
        var i = 0, end = base + count
        let lastWord = n &- 8
        while i < n {
            let word = i <= lastWord ? UnsafeRawPointer(text + i).loadUnaligned(as: UInt64.self) : Self.padded(text + i, count: n &- i)
            let found = flags(word)
            UnsafeMutableRawPointer(end).storeBytes(of: word, as: UInt64.self)
            guard found != 0 else {
                end += 8
                i &+= 8
                continue
            }
            let plain = found.trailingZeroBitCount &>> 3
            count = end + plain - base
            let at = i &+ plain, byte = text[at]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x0A {
                // The escapes of nearly every log text (quoted names, multi-line events), without a call.
                base[count] = UInt8(ascii: "\\")
                base[count &+ 1] = byte == 0x0A ? UInt8(ascii: "n") : byte
                count &+= 2
                i = at &+ 1
                reserve(n &- i &+ 8)
            } else {
                i = escape(utf8, at: at, controls: controls)
            }
            end = base + count
        }
        count = end - base - (i - n)
    }

    /// Writes the byte, or with `controls` the control character, at `i` as the string holds it and
    /// makes room for the rest of the text; the index after it.
    @inline(never)
    private mutating func escape(_ utf8: UnsafeBufferPointer<UInt8>, at i: Int, controls: Bool) -> Int {
        var next = i + 1
        if controls, let control = ControlCharacters.control(at: i, in: utf8) {
            var shown = ControlCharacters.visible(control.value)
            shown.withUTF8 { appendEscaped($0, controls: false) }
            next = i + control.length
        } else {
            appendEscape(of: utf8[i])
        }
        reserve(utf8.count - next + 8)
        return next
    }

    /// The `count` (under eight) bytes at `bytes`, then padding bytes (`A`) that need no look.
    @inline(never)
    private static func padded(_ bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(bytes)
        var word: UInt64 = 0, filled = 0
        if count & 4 != 0 { word = UInt64(raw.loadUnaligned(as: UInt32.self)); filled = 4 }
        if count & 2 != 0 { word |= UInt64(raw.loadUnaligned(fromByteOffset: filled, as: UInt16.self)) << (filled << 3); filled += 2 }
        if count & 1 != 0 { word |= UInt64(bytes[filled]) << (filled << 3); filled += 1 }
        return word | (0x4141_4141_4141_4141 << (filled << 3))
    }

    /// Whether every byte of `word` is printable ASCII other than `"` and `\`: then neither JSON nor a
    /// terminal needs it escaped. About half the work of the exact flags, and nearly every word of a log is.
    /// A borrow or carry only flags more (a byte below or above it is flagged already).
    @inline(__always)
    private static func isPlainASCII(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let suspect = word | (word &+ ones) | (word &- 0x2020_2020_2020_2020)
            | ((word ^ 0x2222_2222_2222_2222) &- ones) | ((word ^ 0x5C5C_5C5C_5C5C_5C5C) &- ones)
        return suspect & 0x8080_8080_8080_8080 == 0
    }

    /// The high bit of each byte of `word` JSON escapes (below 0x20, `"`, `\`): such a byte, being below
    /// 0x80, borrows in one of the three subtractions. Bytes above the lowest flagged one may be flagged
    /// falsely (a borrow carries on), the lowest never is.
    @inline(__always)
    private static func escapeFlags(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let borrows = (word &- 0x2020_2020_2020_2020) | ((word ^ 0x2222_2222_2222_2222) &- ones) | ((word ^ 0x5C5C_5C5C_5C5C_5C5C) &- ones)
        return borrows & ~word & highs
    }
}
