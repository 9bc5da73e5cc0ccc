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
        case .text: out.append(contentsOf: text(finding.redacted(redactor, memo: &memo.redactions)).utf8)
        case .groups: return  // folded into partial groups, written at the end (`FindingsStream`)
        }
    }

    /// A logged time as written, unless it is a bare number (journald's microseconds, pino's
    /// milliseconds, zap's seconds), which is shown as the UTC time it counts to.
    static func shown(_ timestamp: String) -> String {
        guard !timestamp.isEmpty, timestamp.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              Timestamp.epoch(of: timestamp) != nil else { return timestamp }
        return ReportText.time(timestamp)
    }

    func text(_ f: Finding) -> String {
        let lines = f.event.firstLine == f.event.lastLine ? "\(f.event.firstLine)" : "\(f.event.firstLine)-\(f.event.lastLine)"
        var head = "\(style.severity(f.severity)) \(style.bold(f.ruleID))  \(f.event.source):\(lines)"
        if let timestamp = f.event.timestamp { head += "  " + style.dim(Self.shown(timestamp)) }
        if let service = f.event.service { head += "  " + style.dim(service) }
        var out = head + "\n"
        let captures = f.captures.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        out += "  \(f.title)\(captures.isEmpty ? "" : ": " + captures)\n"
        out += "  \(style.dim(Self.firstLine(of: f.matched)))\n"
        if let frame = f.frames.last(where: { !$0.isLibrary }) ?? f.frames.last {
            out += "  at \(frame.file):\(frame.line)\(frame.function.map { " in \($0)" } ?? "")\n"
        }
        return out
    }

    static func firstLine(of text: String, limit: Int = 200) -> String {
        let line = text.prefix { $0 != "\n" }
        return line.count > limit ? String(line.prefix(limit)) + "…" : String(line)
    }
}
