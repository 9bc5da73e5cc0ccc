/// `--format text`: a terminal summary — one block per problem (severity, id, headline, counts, times,
/// database status, top code location, every fix step in full), then the run's totals.
public struct TextReporter: Reporter {
    public static let identifier = "text"
    public let style: TerminalStyle
    public let redactor: Redactor
    /// Width the fix text is wrapped to.
    public var width = 100

    public init(style: TerminalStyle, redactor: Redactor = .shared) {
        self.style = style
        self.redactor = redactor
    }

    public func render(_ diagnosis: Diagnosis) -> String {
        let diagnosis = diagnosis.redacted(redactor)
        var out = ""
        for problem in diagnosis.problems { out += block(problem) + "\n" }
        return out + summary(diagnosis)
    }

    func block(_ p: Diagnosis.Problem) -> String {
        let g = p.group
        var out = "\(style.severity(g.severity)) \(style.bold(p.id))  \(style.bold(p.headline))\n"
        out += "  \(p.occurrences), \(ReportText.time(g.firstSeen)) → \(ReportText.time(g.lastSeen))\n"
        out += "  database: \(statusLabel(p.correlation.status))  \(p.correlation.summary)\n"
        if let location = p.topCodeLocation { out += "  at \(location)\n" }
        if let code = p.topCode, p.correlation.sourceLines?.first?.hasPrefix(code.place + ":") != true { out += "  code: \(code.place): \(code.text)\n" }
        if let lines = p.correlation.sourceLines, let first = lines.first {
            out += "  change: \(first)\(lines.count > 1 ? "  (+\(lines.count - 1) more)" : "")\n"
        }
        if let endpoint = p.correlation.endpoint { out += "  endpoint: \(endpoint)\n" }
        if let failed = p.failedRequestsLine { out += "  requests failed: \(failed)\n" }
        if let causes = p.causedBy { out += "  caused by: \(causes.joined(separator: ", "))\n" }
        if let note = p.clockNote { out += "  clock: " + Self.wrap(note, width: width - 9).joined(separator: "\n         ") + "\n" }
        for fix in p.recommendation.fix {
            out += "  fix: " + Self.wrap(fix, width: width - 7).joined(separator: "\n       ") + "\n"
        }
        for statement in p.recommendation.hazards ?? [] {
            out += "  hazard: \(statement.statement)\n" + statement.hazards.map { "          \($0)\n" }.joined()
        }
        return out
    }

    func statusLabel(_ status: Correlation.Status) -> String {
        switch status {
        case .confirmed: return style.wrap(status.label, "1;31")
        case .resolved: return style.wrap(status.label, "32")
        case .inconclusive: return style.wrap(status.label, "33")
        case .notChecked, .notApplicable: return style.dim(status.label)
        }
    }

    func summary(_ d: Diagnosis) -> String {
        let ingest = d.stats.ingest
        let counts = Dictionary(grouping: d.problems, by: \.group.severity).mapValues(\.count)
        let bySeverity = Severity.allCases.reversed().compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }
        var out = "logmedic: \(ReportText.read(d.stats)) → "
            + style.bold(ReportText.plural(d.problems.count, "problem"))
            + (bySeverity.isEmpty ? "" : " (\(bySeverity.joined(separator: ", ")))") + "\n"
        if let schema = d.schema {
            out += "  database: \(schema.database) (PostgreSQL \(schema.serverVersion), \(schema.source == "file" ? "snapshot file" : "live"))\n"
        } else {
            out += "  database: not checked — pass --db or --schema\n"
        }
        if !ingest.irregularities.isEmpty {
            out += "  skipped or repaired: " + ingest.irregularities.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "\n"
        }
        if let unrecognised = d.stats.unrecognisedErrors { out += Self.unrecognised(unrecognised) }
        if let ungrouped = d.ungroupedFindings {
            out += "  other: \(ReportText.plural(ungrouped, "finding")) in problems beyond the first \(d.problems.count) (not grouped)\n"
        }
        for error in d.stats.inputErrors { out += "  error: \(error)\n" }
        return out
    }

    /// The error events no rule matched: a count, then the commonest kinds (at most `shown`, examples redacted already).
    static func unrecognised(_ errors: UnrecognisedErrors, shown: Int = 3) -> String {
        let kinds = errors.kinds.count > 1 ? " of \(errors.kinds.count)\(errors.kinds.count == UnrecognisedErrors.keptKinds ? "+" : "") kinds" : ""
        var out = "  no rule for: " + ReportText.plural(errors.events, "error event") + kinds + "\n"
        for kind in errors.commonest.prefix(shown) { out += "    \(kind.count)× \(kind.example)  (\(kind.source):\(kind.line))\n" }
        if errors.kinds.count > shown { out += "    and \(ReportText.plural(errors.kinds.count - shown, "kind")) more (--format json lists them all)\n" }
        return out
    }

    /// Greedy word wrap.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width { lines.append(current); current = "" }
            current += (current.isEmpty ? "" : " ") + word
        }
        return current.isEmpty ? lines : lines + [current]
    }
}
