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
        var sink = ByteSink()
        write(f, to: &sink)
        sink.withBytes { out.append(contentsOf: $0) }
    }

    private func write(_ f: Finding, to out: inout ByteSink) {
        out.append(UInt8(ascii: "{"))
        key("captures", &out, first: true)
        captures(f.captures, &out)
        key("category", &out)
        string(f.category, &out)
        key("context", &out)
        array(f.context, &out) { line, out in
            out.append(UInt8(ascii: "{"))
            key("captures", &out, first: true)
            captures(line.captures, &out)
            if let epoch = line.epoch { key("epoch", &out); number(epoch, &out) }
            key("line", &out)
            integer(line.line, &out)
            key("rule_id", &out)
            string(line.ruleID, &out)
            if let service = line.service { key("service", &out); string(service, &out) }
            key("text", &out)
            string(line.text, &out)
            if let timestamp = line.timestamp { key("timestamp", &out); string(timestamp, &out) }
            out.append(UInt8(ascii: "}"))
        }
        key("event", &out)
        event(f.event, &out)
        key("frames", &out)
        array(f.frames, &out) { frame, out in
            out.append(UInt8(ascii: "{"))
            key("file", &out, first: true)
            string(frame.file, &out)
            if let function = frame.function { key("function", &out); string(function, &out) }
            key("is_library", &out)
            literal(frame.isLibrary ? "true" : "false", &out)
            key("line", &out)
            integer(frame.line, &out)
            out.append(UInt8(ascii: "}"))
        }
        key("matched", &out)
        string(f.matched, &out)
        key("rule_id", &out)
        string(f.ruleID, &out)
        key("severity", &out)
        string(f.severity.rawValue, &out)
        key("title", &out)
        string(f.title, &out)
        out.append(UInt8(ascii: "}"))
        out.append(UInt8(ascii: "\n"))
    }

    private func event(_ e: LogEvent, _ out: inout ByteSink) {
        out.append(UInt8(ascii: "{"))
        var first = true
        if let application = e.application { key("application", &out, first: first); string(application, &out); first = false }
        if let database = e.database { key("database", &out, first: first); string(database, &out); first = false }
        if let epoch = e.epoch { key("epoch", &out, first: first); number(epoch, &out); first = false }
        key("first_line", &out, first: first)
        integer(e.firstLine, &out)
        key("last_line", &out)
        integer(e.lastLine, &out)
        if let level = e.level { key("level", &out); string(level, &out) }
        if let logger = e.logger { key("logger", &out); string(logger, &out) }
        if let service = e.service { key("service", &out); string(service, &out) }
        key("source", &out)
        string(e.source, &out)
        key("text", &out)
        string(e.text, &out)
        if let timestamp = e.timestamp { key("timestamp", &out); string(timestamp, &out) }
        if let user = e.user { key("user", &out); string(user, &out) }
        out.append(UInt8(ascii: "}"))
    }

    private func captures(_ captures: [Capture], _ out: inout ByteSink) {
        array(captures, &out) { capture, out in
            out.append(UInt8(ascii: "{"))
            key("name", &out, first: true)
            string(capture.name, &out)
            key("value", &out)
            string(capture.value, &out)
            out.append(UInt8(ascii: "}"))
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
        if !first { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(UnsafeRawBufferPointer($0)) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    private func literal(_ text: StaticString, _ out: inout ByteSink) {
        text.withUTF8Buffer { out.append(UnsafeRawBufferPointer($0)) }
    }

    /// Decimal digits straight into `out`: no String per number.
    private func integer(_ value: Int, _ out: inout ByteSink) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for UInt64's 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    private func number(_ value: Double, _ out: inout ByteSink) {
        // An instant in whole milliseconds, the usual epoch, is written from integers. Below 2^33 a
        // millisecond is hundreds of ulps, so its three decimals (zeros trimmed) are the shortest
        // digits that read back as the value: what `description` prints.
        if value >= 1, value < 8_589_934_592 {
            let millis = (value * 1000).rounded()
            if millis / 1000 == value {
                integer(Int(millis) / 1000, &out)
                var fraction = Int(millis) % 1000, unit = 100
                guard fraction != 0 else { return }
                out.append(UInt8(ascii: "."))
                while fraction != 0 {  // leading zeros kept, trailing ones dropped
                    out.append(UInt8(ascii: "0") + UInt8(fraction / unit))
                    fraction %= unit
                    unit /= 10
                }
                return
            }
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        text.withUTF8 { out.append(UnsafeRawBufferPointer($0)) }
    }

    private func string(_ value: String, _ out: inout ByteSink) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { escaped($0, &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` with `"`, `\` and control bytes escaped. Eight bytes at a time (SWAR): a word with
    /// none of them, the common case, is copied as it is.
    private func escaped(_ utf8: UnsafeBufferPointer<UInt8>, _ out: inout ByteSink) {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let raw = UnsafeRawBufferPointer(utf8)
        let n = utf8.count
        var start = 0, i = 0
        while i < n {
            var word = 0x4141_4141_4141_4141 as UInt64  // a short tail is padded with "A"s
            if i + 8 <= n {
                word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            } else {
                withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[i...])) }
            }
            let control = (word &- 0x20 &* ones) & ~word & highs != 0
            if !control && !hasZero(word ^ (0x22 &* ones)) && !hasZero(word ^ (0x5C &* ones)) { i = min(i + 8, n); continue }
            let end = min(i + 8, n)
            while i < end {
                let byte = utf8[i]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    out.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[start..<i])))
                    JSONString.escapes[Int(byte)].withUnsafeBytes { out.append($0) }
                    start = i + 1
                }
                i += 1
            }
        }
        out.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[start..<n])))
    }
}

/// Bytes appended through a pointer: `Array.append` checks uniqueness and capacity on every call, and
/// a finding is written in a hundred small appends.
struct ByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit { base.deallocate() }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(bytes.count) }
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { body(UnsafeBufferPointer(start: base, count: count)) }

    private mutating func grow(_ extra: Int) {
        let larger = max(2 * capacity, count + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }
}
