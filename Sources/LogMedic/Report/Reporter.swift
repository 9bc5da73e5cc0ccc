/// Renders a whole diagnosis as one document (the `report --format` seam).
///
/// Design: a reporter is a pure function of the diagnosis. Every reporter redacts the diagnosis
/// first (`Diagnosis.redacted`), so no format can leak a secret that a log line carried; the
/// document is built in memory because every format needs the totals before the details.
public protocol Reporter: Sendable {
    /// The `--format` value that selects this reporter.
    static var identifier: String { get }
    func render(_ diagnosis: Diagnosis) -> String
}

/// The report formats, as `--format` spells them.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, markdown, json, sarif

    /// The reporter for this format; `style` only matters for text, `source` for SARIF paths.
    public func reporter(style: TerminalStyle = TerminalStyle(enabled: false), source: SourceTree? = nil,
                         redactor: Redactor = .shared) -> any Reporter {
        switch self {
        case .text: return TextReporter(style: style, redactor: redactor)
        case .markdown: return MarkdownReporter(redactor: redactor)
        case .json: return JSONReporter(redactor: redactor)
        case .sarif: return SARIFReporter(source: source, redactor: redactor)
        }
    }
}
