/// The header of a plain-text log line: an optional leading timestamp (maybe in brackets) and a
/// level word. The timestamp is cut from the message; the level stays in it, as rules may rely on it.
struct PlainHeader {
    var timestamp: String?
    var epoch: Double?
    var level: String?
    /// Where the message starts within the line.
    var messageStart = 0

    static let levels: [String: String] = [
        "TRACE": "debug", "DEBUG": "debug", "INFO": "info", "NOTICE": "info", "LOG": "info",
        "WARN": "warning", "WARNING": "warning", "ERROR": "error", "ERR": "error",
        "CRITICAL": "critical", "CRIT": "critical", "FATAL": "critical", "PANIC": "critical", "ALERT": "critical", "EMERG": "critical",
    ]

    init(_ line: UnsafeRawBufferPointer) {
        var i = 0
        let bracketed = line.count > 0 && line[0] == UInt8(ascii: "[")
        if bracketed { i = 1 }
        let rest = UnsafeRawBufferPointer(rebasing: line[i...])
        if let (length, epoch) = Timestamp.parseISO(rest) {
            timestamp = String(decoding: UnsafeRawBufferPointer(rebasing: rest[0..<length]), as: UTF8.self)
            self.epoch = epoch
            i += length
        } else if let length = Timestamp.syslogLength(rest) {
            timestamp = String(decoding: UnsafeRawBufferPointer(rebasing: rest[0..<length]), as: UTF8.self)
            i += length
        } else {
            i = 0
        }
        if timestamp != nil {
            if bracketed, i < line.count, line[i] == UInt8(ascii: "]") { i += 1 }
            while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
            messageStart = i
        }
        level = Self.levelWord(UnsafeRawBufferPointer(rebasing: line[messageStart...]))
    }

    /// A level word at the start of the message: `ERROR`, `[error]`, `ERROR:`, `level=error`, or after a `[pid]`.
    static func levelWord(_ m: UnsafeRawBufferPointer) -> String? {
        var i = 0
        if m.starts(with: "level=".utf8) { i = 6 }
        if i < m.count, m[i] == UInt8(ascii: "[") {
            // `[4121] ERROR:` (PostgreSQL) or `[error]`.
            var j = i + 1
            while j < m.count, m[j] >= 0x30, m[j] <= 0x39 { j += 1 }
            if j > i + 1, j < m.count, m[j] == UInt8(ascii: "]") { i = j + 1; while i < m.count, m[i] == 0x20 { i += 1 } } else { i += 1 }
        }
        var j = i
        while j < m.count, j - i < 9, (m[j] | 0x20) >= 0x61, (m[j] | 0x20) <= 0x7A { j += 1 }
        guard j > i else { return nil }
        if j < m.count, ![0x20, 0x3A, 0x5D, 0x09, 0x2C].contains(m[j]) { return nil }
        return levels[String(decoding: UnsafeRawBufferPointer(rebasing: m[i..<j]), as: UTF8.self).uppercased()]
    }
}
