import Foundation

/// Turns a problem group and its correlation into a recommendation, from the rule's `advice:`.
enum Recommender {
    /// Values every advice template may use besides captures and check facts.
    static let groupValues = ["rule", "title", "count", "first_seen", "last_seen", "status", JavaScriptSides.valueName]

    /// `stack`: the application stack the problem's lines show, whose commands the advice may name.
    static func recommend(_ group: FindingGroup, _ c: Correlation, rule: Rule?, playbooks: [String], stack: ApplicationStack? = nil) -> Recommendation {
        advise(group, c, rule: rule, playbooks: playbooks, stack: stack).recommendation
    }

    /// The recommendation, and the problem's title when its advice gives one (a `when:` variant's) with the names
    /// of the values that title states: one fill of the advice's values serves both.
    static func advise(_ group: FindingGroup, _ c: Correlation, rule: Rule?, playbooks: [String],
                       stack: ApplicationStack? = nil) -> (recommendation: Recommendation, title: (text: String, states: [String])?) {
        let fixWithPlaybook = playbooks.isEmpty ? [] : ["Or let logmedic apply the vetted playbook: `logmedic fix --dry-run` shows it, `--apply` runs it (\(playbooks.joined(separator: ", ")))."]
        let explain = rule?.explain.trimmingWhitespace() ?? group.title
        let values = self.values(group, c).merging(stack?.values ?? [:]) { own, _ in own }
        let advice = rule?.advice?.text(resolved: c.status == .resolved, values: values) ?? Advice.Text()
        let fill = { (template: String?) in template.map { AdviceTemplate.render($0, values: values).text } }
        let fixLines = (advice.fix ?? []).compactMap { line -> String? in
            let rendered = AdviceTemplate.render(line, values: values)
            return rendered.missing.isEmpty && rendered.excludedBy.isEmpty ? rendered.text : nil
        }
        let closing = { lastSentence(of: rule?.explain ?? "") ?? "Follow the rule's explanation; logmedic has no automated check for it." }
        let recommendation = Recommendation(
            rootCause: fill(advice.rootCause) ?? explain,
            fix: (fixLines.isEmpty ? [closing()] : fixLines) + fixWithPlaybook,
            fixCode: fill(advice.fixCode), fixLanguage: advice.fixCode == nil ? nil : advice.fixLanguage,
            verification: fill(advice.verification) ?? "Watch the logs: `logmedic scan` on new logs reports no \(group.ruleID).",
            verificationLanguage: advice.verification == nil ? nil : advice.verificationLanguage,
            rollback: fill(advice.rollback) ?? "Not applicable.",
            playbooks: playbooks)
        // A title that would show `<name>` keeps the group's.
        let title = advice.title.map { AdviceTemplate.render($0, values: values) }.flatMap { $0.missing.isEmpty ? $0.text : nil }
        return (recommendation, title.map { ($0, advice.titleStates) })
    }

    /// What names a capture of the finding a problem's server session logged before it (`session_caused_by`).
    static let sessionPrefix = "session_"

    /// Captures, then the session cause's captures, the check's facts, then the group's own values.
    static func values(_ group: FindingGroup, _ c: Correlation) -> [String: String] {
        var values: [String: String] = [:]
        for capture in group.captures where values[capture.name] == nil { values[capture.name] = capture.value }
        for capture in group.sessionCauseCaptures ?? [] where values[sessionPrefix + capture.name] == nil {
            values[sessionPrefix + capture.name] = capture.value
        }
        values.merge(c.facts) { _, fact in fact }
        values["rule"] = group.ruleID
        values["title"] = group.title
        values["count"] = String(group.count)
        // As instants in UTC, whatever layout the log wrote them in (Python's `17:51:38,903` has no zone).
        values["first_seen"] = group.firstSeen.map(Diagnosis.utc)
        values["last_seen"] = group.lastSeen.map(Diagnosis.utc)
        values["status"] = c.status.rawValue
        values[JavaScriptSides.valueName] = JavaScriptSides.builtin?.serverCode(of: group)
        return values
    }

    /// The rule's closing advice: by convention its explanation ends with what to do.
    static func lastSentence(of text: String) -> String? {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingWhitespace()
        let sentences = flat.components(separatedBy: ". ").filter { !$0.isEmpty }
        guard let last = sentences.last, sentences.count > 1 else { return nil }
        return last.hasSuffix(".") ? last : last + "."
    }
}
