import Foundation

/// How `scan` prints each finding as it streams: readable text or one JSON object per line.
/// `groups` is the compact mergeable form: one partial group per problem, written at the end (`FindingsStream`).
public enum FindingFormat: String, CaseIterable, Sendable { case text, ndjson, groups }

/// Renders single findings for the streaming `scan` output; every text is redacted first.
public struct FindingFormatter: Sendable {
    public let format: FindingFormat
    public let style: TerminalStyle
    public let redactor: Redactor

    public init(format: FindingFormat, style: TerminalStyle, redactor: Redactor = .shared) {
        self.format = format
        self.style = style
        self.redactor = redactor
    }

    /// An equal formatter sharing no object with this one (`Redactor.copy()`), for another thread.
    public func copy() -> FindingFormatter { FindingFormatter(format: format, style: style, redactor: redactor.copy()) }

    public func render(_ finding: Finding) -> String {
        var bytes: [UInt8] = []
        var memo = FindingStreamMemo()
        render(finding, into: &bytes, memo: &memo)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the rendered finding to `out`: the streaming path, no String per finding for ndjson.
    /// `memo` carries redactions (and JSON) over from earlier findings of the same stream.
    public func render(_ finding: Finding, into out: inout [UInt8], memo: inout FindingStreamMemo) {
        switch format {
        case .ndjson: FindingJSONWriter().write(finding, redactingWith: redactor, memo: &memo, to: &out)
        case .text: text(finding.redacted(redactor, memo: &memo.redactions), numbers: &memo.lineNumbers, into: &out)
        case .groups: return  // folded into partial groups, written at the end (`FindingsStream`)
        }
    }

    /// A logged time as written, unless it is a bare number (journald's microseconds, pino's
    /// milliseconds, zap's seconds), which is shown as the UTC time it counts to.
    static func shown(_ timestamp: String) -> String {
        guard !timestamp.isEmpty, timestamp.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }),
              Timestamp.epoch(of: timestamp) != nil else { return timestamp }
        return ReportText.time(timestamp)
    }

    /// Appended piece by piece as bytes: interpolations of interpolations, then String appends, each cost a
    /// storm's scan more than its matching.
    func text(_ f: Finding, numbers: inout LineNumberShift, into out: inout [UInt8]) {
        numbers.findingStart = 0
        func put(_ text: String) { text.withUTF8Bytes { out.append(contentsOf: $0) } }
        func put(_ literal: StaticString) { literal.withUTF8Buffer { out.append(contentsOf: $0) } }
        put(style.severity(f.severity))
        put(" ")
        put(style.bold(f.ruleID))
        put("  ")
        put(f.event.source)
        put(":")
        put(String(numbers.written(f.event.firstLine, at: out.count)))
        if f.event.lastLine != f.event.firstLine {
            put("-")
            put(String(numbers.written(f.event.lastLine, at: out.count)))
        }
        if let timestamp = f.event.timestamp { put("  "); put(style.dim(Self.shown(timestamp))) }
        if let service = f.event.service { put("  "); put(style.dim(service)) }
        put("\n  ")
        put(f.title)
        for (n, capture) in f.captures.enumerated() {
            put(n == 0 ? ": " : " ")
            put(capture.name)
            put("=")
            put(capture.value)
        }
        put("\n  ")
        put(style.dim(Self.firstLine(of: f.matched)))
        put("\n")
        if let frame = f.frames.last(where: { !$0.isLibrary }) ?? f.frames.last {
            put("  at \(frame.file):\(frame.line)\(frame.function.map { " in \($0)" } ?? "")\n")
        }
    }

    /// The text up to its first `\n` character, at most `limit` characters (then `…`). Found in the UTF-8: an LF
    /// is a `\n` character unless a CR comes before it (`\r\n` is one character, which does not end the line).
    static func firstLine(of text: String, limit: Int = 200) -> String {
        let end = text.withUTF8Bytes { bytes -> Int in
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x0A, i == 0 || bytes[i - 1] != 0x0D { return i }
                i += 1
            }
            return bytes.count
        }
        let line = text[..<text.utf8.index(text.utf8.startIndex, offsetBy: end)]
        // No more characters than bytes: only a long line is counted.
        return line.utf8.count > limit && line.count > limit ? String(line.prefix(limit)) + "…" : String(line)
    }
}
