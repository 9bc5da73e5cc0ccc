import Foundation

/// The catalog ready to match: every pattern compiled with JIT, and one literal automaton over the
/// required literals of all of them (plus the structural literals that open multi-line events).
public final class CompiledCatalog: @unchecked Sendable {
    /// One compiled pattern and the rule it belongs to.
    public struct Pattern: Sendable {
        public let ruleIndex: Int
        public let regex: Regex
    }

    public let rules: [Rule]
    public let patterns: [Pattern]
    /// Context rules (HTTP requests …) run only on the lines around a finding, never in the scan.
    public let contextPatterns: [Pattern]
    public let prefilter: LiteralAutomaton
    /// The literals of the context patterns, or nil when one of them has none (then every line is tried).
    let contextPrefilter: LiteralAutomaton?
    /// For each prefilter literal, the patterns it admits (empty for structural literals).
    let literalOwners: [[Int]]
    /// Patterns without a usable literal: they run on every event.
    let unfilteredPatterns: [Int]
    public let maxCaptureCount: Int

    /// Patterns run only on events holding one of their literals, unless `runsEveryPattern` (the
    /// reference the automaton's choice is tested against; the same lines open events either way).
    let runsEveryPattern: Bool

    public init(
        _ catalog: RuleCatalog, structuralLiterals: [String] = EventAssembler.openingLiterals, runsEveryPattern: Bool = false
    ) throws {
        self.runsEveryPattern = runsEveryPattern
        rules = catalog.rules
        var patterns: [Pattern] = []
        var contextPatterns: [Pattern] = []
        var owners: [String: [Int]] = [:]
        var unfiltered: [Int] = []
        var contextLiterals: Set<String>? = []
        for (ruleIndex, rule) in rules.enumerated() {
            let explicit = try rule.literals.map { try Self.validated($0, rule: rule) }
            let check = try Self.check(of: rule)
            for source in rule.patterns {
                let regex: Regex
                do { regex = try Regex(source) } catch let error as RegexError {
                    throw RuleCatalogError.invalidPattern(ruleID: rule.id, error: error)
                }
                if let check, let missing = check.requiredCaptures.first(where: { !regex.groupNames.contains($0) }) {
                    throw RuleCatalogError.missingCapture(ruleID: rule.id, pattern: source, check: check.name, capture: missing)
                }
                let pattern = Pattern(ruleIndex: ruleIndex, regex: regex)
                if rule.effectiveKind == .context {
                    contextPatterns.append(pattern)
                    if let literals = explicit ?? LiteralExtractor.requiredLiterals(of: source) {
                        contextLiterals?.formUnion(literals)
                    } else {
                        contextLiterals = nil
                    }
                    continue
                }
                let index = patterns.count
                patterns.append(pattern)
                if let literals = explicit ?? LiteralExtractor.requiredLiterals(of: source) {
                    for literal in literals { owners[literal, default: []].append(index) }
                } else {
                    unfiltered.append(index)
                }
            }
        }
        for literal in structuralLiterals where owners[literal] == nil { owners[literal] = [] }
        let literals = owners.keys.sorted()
        self.patterns = patterns
        self.contextPatterns = contextPatterns
        self.literalOwners = literals.map { owners[$0]! }
        self.unfilteredPatterns = unfiltered
        self.prefilter = LiteralAutomaton(literals: literals.map { Array($0.utf8) })
        self.contextPrefilter = contextLiterals.map { LiteralAutomaton(literals: $0.sorted().map { Array($0.utf8) }) }
        self.maxCaptureCount = (patterns + contextPatterns).map(\.regex.captureCount).max() ?? 0
    }

    /// The registered check a rule names, if any; an unknown name is a load error.
    static func check(of rule: Rule) throws -> (any Check)? {
        guard let name = rule.correlate?.check else { return nil }
        guard let check = CheckRegistry.check(named: name) else {
            throw RuleCatalogError.unknownCheck(ruleID: rule.id, check: name, known: CheckRegistry.names)
        }
        return check
    }

    public convenience init(ruleDirectories: [String] = []) throws {
        try self.init(RuleCatalog.load(extraDirectories: ruleDirectories))
    }

    /// Whether some pattern (or structural literal) might match this line: the per-line hot path.
    @inline(__always)
    public func isCandidate(_ line: UnsafeRawBufferPointer) -> Bool {
        !unfilteredPatterns.isEmpty || prefilter.containsAny(line)
    }

    /// Whether some context pattern might match this raw line (before its envelope is decoded: the
    /// literals are JSON-safe, so they are in the raw record too).
    @inline(__always)
    public func mayMatchContext(_ line: UnsafeRawBufferPointer) -> Bool {
        !contextPatterns.isEmpty && (contextPrefilter?.containsAny(line) ?? true)
    }

    /// The patterns worth running on an assembled event, in catalog order.
    public func candidatePatterns(for text: UnsafeRawBufferPointer) -> [Int] {
        guard !runsEveryPattern else { return Array(patterns.indices) }
        var selected = unfilteredPatterns
        prefilter.forEachMatch(text) { selected.append(contentsOf: literalOwners[$0]); return true }
        selected.sort()
        var unique = 0
        for index in selected where unique == 0 || selected[unique - 1] != index {
            selected[unique] = index
            unique += 1
        }
        selected.removeLast(selected.count - unique)
        return selected
    }

    /// The prefilter literals of one pattern, as used by `rules lint` and `rules export`.
    public func literals(ofPattern index: Int) -> [String] {
        literalOwners.indices.filter { literalOwners[$0].contains(index) }
            .map { String(decoding: prefilter.literals[$0], as: UTF8.self) }
    }

    public func isUnfiltered(_ patternIndex: Int) -> Bool { unfilteredPatterns.contains(patternIndex) }

    static func validated(_ literals: [String], rule: Rule) throws -> [String] {
        for literal in literals {
            if literal.utf8.count < LiteralExtractor.minimumLength {
                throw RuleCatalogError.badLiteral(ruleID: rule.id, literal: literal, reason: "is shorter than 4 bytes")
            }
            if !literal.utf8.allSatisfy(LiteralExtractor.isJSONSafe) {
                throw RuleCatalogError.badLiteral(
                    ruleID: rule.id, literal: literal,
                    reason: "contains a byte JSON would escape (\", \\, /, control or non-ASCII)")
            }
        }
        return literals
    }
}
