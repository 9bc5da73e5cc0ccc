extension MarkdownReporter {
    /// `## P1. …` with its six sections.
    func section(_ p: Diagnosis.Problem) -> String {
        let keys = p.keyCaptures.map(Markdown.code).joined(separator: ", ")
        let r = p.recommendation
        let sections = [
            ("Problem", evidence(p)),
            ("Root cause", Markdown.prose(r.rootCause)),
            ("Database check", databaseCheck(p.correlation)),
            ("Recommended fix", fix(p)),
            ("Verification", Markdown.fenced(r.verification, language: r.verificationLanguage ?? "text")),
            ("Rollback", rollback(r.rollback)),
        ]
        return "## \(p.id). \(p.group.title)\(keys.isEmpty ? "" : ": " + keys)\n"
            + sections.map { "\n### \($0.0)\n\n" + Self.trimmingNewlines($0.1) + "\n" }.joined()
    }

    /// The text without its trailing `\n` characters (a `\r\n` is a character of its own and stays). Read
    /// from the end of its UTF-8: reversing the characters twice cost seconds on a storm's report.
    static func trimmingNewlines(_ text: String) -> String {
        let utf8 = text.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == 0x0A {
            let newline = utf8.index(before: end)
            if newline > utf8.startIndex, utf8[utf8.index(before: newline)] == 0x0D { break }
            end = newline
        }
        return String(text[..<end])
    }

    func evidence(_ p: Diagnosis.Problem) -> String {
        let g = p.group
        let files = g.sources.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { "\(Markdown.code($0.key)) (\($0.value))" }.joined(separator: ", ")
        var out = "**\(g.severity.label)** · \(g.category) · rule \(Markdown.code(g.ruleID)) · "
            + "\(p.occurrences) from \(ReportText.time(g.firstSeen)) to \(ReportText.time(g.lastSeen)) in \(files).\n\n"
        if !p.explain.isEmpty { out += p.explain.lines().map { "> \($0)" }.joined(separator: "\n") + "\n\n" }
        for sample in g.samples.prefix(2) {
            let lines = sample.firstLine == sample.lastLine ? "line \(sample.firstLine)" : "lines \(sample.firstLine)–\(sample.lastLine)"
            out += "\(Markdown.code(sample.source)) \(lines)\(sample.timestamp.map { ", \(ReportText.time($0))" } ?? ""):\n\n"
            out += Markdown.fenced(ReportText.trimmed(sample.text), language: "text") + "\n"
        }
        if !g.codeLocations.isEmpty {
            out += "Code locations (innermost application frame):\n\n"
            for c in g.codeLocations.prefix(5) {
                out += "- \(Markdown.code("\(c.file):\(c.line)"))\(c.function.map { " in \(Markdown.code($0))" } ?? "") — \(c.count)×"
                    + (c.code.map { code in " — \(Markdown.code("\(c.sourcePath ?? c.file):\(c.line)")): \(Markdown.code(code))" } ?? "") + "\n"
            }
            out += "\n"
        }
        if !g.precedingRequests.isEmpty {
            out += "Requests logged up to 5 s before it:\n\n"
            for r in g.precedingRequests.prefix(3) {
                out += "- \(Markdown.code("\(r.method) \(r.path)"))\(r.status.map { " (answered \($0))" } ?? "") before \(r.occurrences) of \(g.count) occurrences"
                    + (r.closest > 0 ? " (the last request before it \(r.closest == 1 ? "once" : "\(r.closest) times"))\n" : "\n")
            }
            out += "\n"
        }
        if !g.failedRequests.isEmpty {
            out += "Requests answered with a server error around it (any log):\n\n"
            for r in g.failedRequests.prefix(5) {
                out += "- \(Markdown.code("\(r.method) \(r.path)")) → \(r.status.map(String.init) ?? "5xx"), \(ReportText.plural(r.occurrences, "time"))\n"
            }
            out += "\n"
        }
        if let note = p.clockNote { out += "Clock: \(Markdown.prose(note)).\n\n" }
        if let causes = p.causedBy {
            out += "Caused by: \(causes.map(Markdown.code).joined(separator: ", ")) (the request it came from failed with them, or they end sessions and came just before it).\n\n"
        }
        return out
    }

    func databaseCheck(_ c: Correlation) -> String {
        var out = "**\(c.status.label)** — \(Markdown.prose(c.summary))\n\n"
        for line in c.evidence { out += "- \(Markdown.prose(line))\n" }
        if !c.evidence.isEmpty { out += "\n" }
        if let columns = c.columns, !columns.isEmpty {
            out += "Columns of \(Markdown.code(c.table ?? "the table")):\n\n" + columns.map { "- \(Markdown.code($0))\n" }.joined() + "\n"
        }
        if let similar = c.similarRelations, !similar.isEmpty {
            out += "Similar relations that exist: " + similar.map(Markdown.code).joined(separator: ", ") + "\n\n"
        }
        if let endpoint = c.endpoint { out += "Endpoint: \(Markdown.code(endpoint))\n\n" }
        return out
    }

    func fix(_ p: Diagnosis.Problem) -> String {
        let r = p.recommendation
        var out = r.fix.enumerated().map { "\($0.offset + 1). \(Markdown.prose($0.element))\n" }.joined()
        if let code = r.fixCode { out += "\n" + Markdown.fenced(code, language: r.fixLanguage) }
        if let lines = p.correlation.sourceLines, !lines.isEmpty {
            out += "\nLines to change (from --source):\n\n" + lines.prefix(20).map { "- \(Markdown.code($0))\n" }.joined()
            if lines.count > 20 { out += "- … and \(lines.count - 20) more\n" }
        }
        if !r.playbooks.isEmpty, !r.fix.contains(where: { $0.contains("logmedic fix") }) {
            out += "\nVetted playbooks: " + r.playbooks.map(Markdown.code).joined(separator: ", ")
                + " — preview with `logmedic fix --dry-run`, apply with `logmedic fix --apply`.\n"
        }
        if let hazards = r.hazards {
            out += "\nHazards of the playbook on this database:\n\n"
            for statement in hazards {
                out += "- \(Markdown.code(statement.statement))\n" + statement.hazards.map { "  - \(Markdown.prose("\($0)"))\n" }.joined()
            }
        }
        return out
    }

    /// Rollback is prose or a command; commands go in a fenced block.
    func rollback(_ text: String) -> String {
        let upper = text.uppercased()
        if ["DROP ", "ALTER ", "DELETE ", "CREATE ", "UPDATE "].contains(where: upper.hasPrefix) { return Markdown.fenced(text, language: "sql") }
        if ["git ", "alembic ", "kubectl ", "railway "].contains(where: text.hasPrefix) { return Markdown.fenced(text, language: "sh") }
        return Markdown.prose(text) + "\n"
    }
}
