/// One line per `watch` update: a problem first seen, a new count, a changed database verdict.
public struct LiveUpdateText: Sendable {
    public let style: TerminalStyle
    public let redactor: Redactor

    public init(style: TerminalStyle, redactor: Redactor = .shared) {
        self.style = style
        self.redactor = redactor
    }

    public func render(_ update: LiveDiagnosis.Update) -> String {
        let p = update.problem.redacted(redactor)
        let head = "\(style.dim("[\(update.change.rawValue)]")) \(style.severity(p.group.severity)) \(style.bold(p.id))  \(p.headline)"
        let count = p.occurrences + (p.group.lastSeen.map { ", last \(ReportText.time($0))" } ?? "")
        let verdict = "database: \(p.correlation.status.label)"
        switch update.change {
        case .new: return "\(head) — \(verdict)\(p.group.lastSeen.map { " — at \(ReportText.time($0))" } ?? "")\n"
        case .count: return "\(head) — \(count)\n"
        case .verdict: return "\(head) — \(verdict): \(p.correlation.summary) (\(count))\n"
        }
    }
}
