import Foundation

/// Static checks of a catalog beyond "it compiles": missing prefilter literals, nested quantifiers
/// that can backtrack catastrophically (confirmed by probing with crafted input under a small match
/// limit), and thin examples.
public struct RuleLinter {
    /// One lint message; errors fail `rules lint`, warnings do not.
    public struct Issue: Sendable, CustomStringConvertible {
        public enum Level: String, Sendable { case error, warning }
        public let level: Level
        public let ruleID: String
        public let message: String
        public var description: String { "\(level.rawValue): \(ruleID): \(message)" }
    }

    public let catalog: CompiledCatalog
    public init(catalog: CompiledCatalog) { self.catalog = catalog }

    public func lint() -> [Issue] {
        var issues: [Issue] = []
        func add(_ level: Issue.Level, _ rule: Rule, _ message: String) {
            issues.append(Issue(level: level, ruleID: rule.id, message: message))
        }
        for rule in catalog.rules {
            if rule.id.range(of: #"^[a-z][a-z0-9_]*$"#, options: .regularExpression) == nil {
                add(.error, rule, "id must be snake_case")
            }
            if rule.explain.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { add(.error, rule, "explain is empty") }
            if rule.examples.match.count < 2 { add(.error, rule, "needs at least 2 matching examples") }
            if rule.examples.noMatch.isEmpty { add(.error, rule, "needs at least 1 non-matching look-alike") }
            for name in unknownAdviceNames(rule) {
                add(.error, rule, "advice uses {{\(name)}}, which is neither a capture of its patterns, a fact of its check nor one of \((Recommender.groupValues + ApplicationStack.valueNames).joined(separator: ", "))")
            }
            if rule.effectiveKind == .finding, rule.advice == nil { add(.warning, rule, "has no advice: the report falls back to its explanation") }
            for cause in rule.causedBy ?? [] where !catalog.rules.contains(where: { $0.id == cause }) {
                add(.error, rule, "caused_by names \(cause), which is no rule of the catalog")
            }
            for cause in (rule.databaseEndpoint ?? [:]).values.sorted() where !catalog.rules.contains(where: { $0.id == cause }) {
                add(.error, rule, "database_endpoint names \(cause), which is no rule of the catalog")
            }
            for cause in rule.sessionCausedBy ?? [] where !catalog.rules.contains(where: { $0.id == cause }) {
                add(.error, rule, "session_caused_by names \(cause), which is no rule of the catalog")
            }
            for name in rule.partialCaptures ?? [] where !(rule.fingerprint ?? []).contains(name) {
                add(.error, rule, "partial_captures names \(name), which is not in its fingerprint")
            }
        }
        for (index, pattern) in catalog.patterns.enumerated() {
            let rule = catalog.rules[pattern.ruleIndex]
            if catalog.isUnfiltered(index) {
                add(.warning, rule, "pattern has no required literal of ≥ 4 JSON-safe bytes, so it runs on every event (slow): \(pattern.regex.pattern)")
            } else if let shortest = catalog.literals(ofPattern: index).map(\.count).min(), shortest < 6 {
                add(.warning, rule, "prefilter literal of only \(shortest) bytes admits many lines: \(pattern.regex.pattern)")
            }
            if let nested = Self.nestedQuantifier(in: pattern.regex.pattern) {
                add(.error, rule, "nested quantifier \(nested) can backtrack catastrophically: \(pattern.regex.pattern)")
            } else if let probe = backtrackingProbe(pattern.regex, literals: catalog.literals(ofPattern: index)) {
                add(.error, rule, "hits the match limit on a crafted \(probe)-byte line: \(pattern.regex.pattern)")
            }
            if !pattern.regex.isJITCompiled { add(.warning, rule, "JIT compilation failed; matching will be slower") }
        }
        return issues
    }

    /// Placeholders in the rule's advice that nothing fills.
    func unknownAdviceNames(_ rule: Rule) -> [String] {
        guard let advice = rule.advice else { return [] }
        let rulePatterns = (catalog.patterns + catalog.contextPatterns).filter { catalog.rules[$0.ruleIndex].id == rule.id }
        var known = Set(rulePatterns.flatMap { $0.regex.groupNames.compactMap { $0 } })
        known.formUnion(Recommender.groupValues + ApplicationStack.valueNames)
        let causes = Set(rule.sessionCausedBy ?? [])
        let causePatterns = (catalog.patterns + catalog.contextPatterns).filter { causes.contains(catalog.rules[$0.ruleIndex].id) }
        known.formUnion(causePatterns.flatMap { $0.regex.groupNames.compactMap { $0 } }.map { Recommender.sessionPrefix + $0 })
        if let check = rule.correlate.flatMap({ CheckRegistry.check(named: $0.check) }) { known.formUnion(check.facts) }
        let names = advice.templates.flatMap(AdviceTemplate.names) + (advice.when ?? [:]).keys.sorted().map { Advice.condition($0).name }
        var unknown: [String] = []
        for name in names where !known.contains(name) && !unknown.contains(name) {
            unknown.append(name)
        }
        return unknown
    }

    /// A group that contains an unbounded quantifier and is itself repeated without bound: `(a+)+`, `(\w+\s?)*`.
    static func nestedQuantifier(in pattern: String) -> String? {
        let chars = Array(pattern)
        var stack: [(start: Int, unbounded: Bool)] = []
        var i = 0
        func unboundedQuantifier(at j: Int) -> Bool {
            guard j < chars.count else { return false }
            if chars[j] == "*" || chars[j] == "+" { return true }
            if chars[j] == "{", let close = chars[j...].firstIndex(of: "}") {
                return String(chars[(j + 1)..<close]).hasSuffix(",")
            }
            return false
        }
        while i < chars.count {
            switch chars[i] {
            case "\\": i += 1
            case "[":
                i += 1
                if i < chars.count, chars[i] == "^" { i += 1 }
                if i < chars.count, chars[i] == "]" { i += 1 }
                while i < chars.count, chars[i] != "]" { if chars[i] == "\\" { i += 1 }; i += 1 }
            case "(": stack.append((i, false))
            case ")":
                guard let group = stack.popLast() else { break }
                if group.unbounded, unboundedQuantifier(at: i + 1) { return String(chars[group.start...(i + 1)]) }
                if group.unbounded || unboundedQuantifier(at: i + 1), !stack.isEmpty { stack[stack.count - 1].unbounded = true }
            default:
                if unboundedQuantifier(at: i + 1), !stack.isEmpty { stack[stack.count - 1].unbounded = true }
            }
            i += 1
        }
        return nil
    }

    /// Matches crafted near-misses (the pattern's literals, then long runs) under a small match limit.
    func backtrackingProbe(_ regex: Regex, literals: [String]) -> Int? {
        var limits = MatchScratch.Limits()
        limits.matchLimit = 200_000
        let scratch = MatchScratch(maxCaptureCount: regex.captureCount, limits: limits)
        let fillers = ["a", " ", "a ", "0", "\"", "'", ".", "a."]
        for literal in literals + [""] {
            for filler in fillers {
                let subject = Array((literal + String(repeating: filler, count: 4096 / filler.count) + "\u{1}").utf8)
                let outcome = subject.withUnsafeBytes { bytes in Result { () throws(RegexError) in try scratch.match(regex, in: bytes) } }
                if case .failure(let error) = outcome, error == .matchLimit || error == .depthLimit || error == .heapLimit {
                    return subject.count
                }
            }
        }
        return nil
    }
}
