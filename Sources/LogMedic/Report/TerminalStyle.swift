import Foundation

/// ANSI styling for terminal output, off unless stdout is a terminal and `NO_COLOR` is unset.
public struct TerminalStyle: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    /// `auto`: colour only on a TTY, never with `NO_COLOR` set or `TERM=dumb`.
    public static func automatic(fileDescriptor: Int32 = 1) -> TerminalStyle {
        let env = ProcessInfo.processInfo.environment
        let noColor = env["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TerminalStyle(enabled: isatty(fileDescriptor) == 1 && !noColor && env["TERM"] != "dumb")
    }

    func wrap(_ text: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func dim(_ text: String) -> String { wrap(text, "2") }

    public func severity(_ severity: Severity) -> String {
        let label = severity.label
        switch severity {
        case .critical: return wrap(label, "1;31")
        case .high: return wrap(label, "31")
        case .medium: return wrap(label, "33")
        case .low: return wrap(label, "36")
        case .info: return wrap(label, "2")
        }
    }
}
