import Foundation

/// The human-readable page of one rule, for `rules show`.
public enum RuleDescription {
    public static func render(_ rule: Rule, catalog: CompiledCatalog) -> String {
        var out = "\(rule.id) — \(rule.title)\n"
        out += "severity: \(rule.severity.rawValue)   category: \(rule.category)   kind: \(rule.effectiveKind.rawValue)\n"
        if let check = rule.correlate?.check { out += "correlates: \(check)\n" }
        if let codes = rule.sqlstate, !codes.isEmpty { out += "sqlstate: \(codes.joined(separator: ", "))\n" }
        for reference in rule.references ?? [] { out += "reference: \(reference)\n" }
        out += "\n\(rule.explain.trimmingCharacters(in: .whitespacesAndNewlines))\n\npatterns:\n"
        for (index, pattern) in catalog.patterns.enumerated() where catalog.rules[pattern.ruleIndex].id == rule.id {
            let literals = catalog.literals(ofPattern: index)
            out += "  \(pattern.regex.pattern)\n    prefilter: \(literals.isEmpty ? "none (runs on every event)" : literals.map { "\"\($0)\"" }.joined(separator: " or "))\n"
        }
        out += "\nmatches:\n"
        for example in rule.examples.match {
            out += "  ✓ \(example.text.replacingOccurrences(of: "\n", with: "\n    "))\n"
            if let captures = example.captures, !captures.isEmpty {
                out += "    → " + captures.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + "\n"
            }
        }
        out += "does not match:\n"
        for text in rule.examples.noMatch { out += "  ✗ \(text)\n" }
        return out
    }
}
