import Foundation

/// The closing lines of a scan on stderr: what was read, found, skipped or repaired.
public enum ScanSummary {
    public static func render(_ stats: ScanStats, seconds: Double, style: TerminalStyle) -> String {
        let ingest = stats.ingest
        let mib = Double(ingest.bytes) / 1_048_576
        var out = "logmedic: \(ReportText.plural(ingest.sources, "input")), \(ReportText.plural(ingest.lines, "line"))"
        out += String(format: " (%.1f MiB), ", mib) + ReportText.plural(ingest.events, "event") + ", "
        out += style.bold(ReportText.plural(stats.findingCount, "finding"))
        out += String(format: " in %.2f s", seconds)
        if seconds > 0.05 { out += String(format: " (%.0f MiB/s)", mib / seconds) }
        out += "\n"
        if !stats.findingsByRule.isEmpty {
            let counts = stats.findingsByRule.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            out += "  findings: " + counts.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        if !ingest.irregularities.isEmpty {
            out += "  skipped or repaired: " + ingest.irregularities.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "\n"
        }
        if !stats.ruleFailures.isEmpty {
            out += "  rule errors (match limit; event skipped for that rule): "
                + stats.ruleFailures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        for error in stats.inputErrors { out += "  error: \(ControlCharacters.escaped(error))\n" }  // names a file
        return out
    }
}
