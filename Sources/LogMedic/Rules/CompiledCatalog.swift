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
    /// A pattern runs on a text holding every literal of one of its branches.
    struct Branch {
        let pattern: Int
        let literals: [Int]
    }
    let branches: [Branch]
    /// For each prefilter literal, the branches that need it (empty for structural literals).
    let literalOwners: [[Int]]
    /// Literals that alone make a line a candidate: structural ones, and branches of one literal.
    let isSufficient: [Bool]
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
        var branchLiterals: [(pattern: Int, literals: [String])] = []
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
                    if let branches = explicit.map({ $0.map { [$0] } }) ?? LiteralExtractor.requiredLiterals(of: source) {
                        contextLiterals?.formUnion(branches.map { $0[0] })
                    } else {
                        contextLiterals = nil
                    }
                    continue
                }
                let index = patterns.count
                patterns.append(pattern)
                if let branches = explicit.map({ $0.map { [$0] } }) ?? LiteralExtractor.requiredLiterals(of: source) {
                    branchLiterals += branches.map { (index, $0) }
                } else {
                    unfiltered.append(index)
                }
            }
        }
        let literals = Array(Set(branchLiterals.flatMap(\.literals) + structuralLiterals)).sorted()
        let literalIndex = Dictionary(uniqueKeysWithValues: literals.enumerated().map { ($1, $0) })
        var owners = [[Int]](repeating: [], count: literals.count)
        var sufficient = literals.map { structuralLiterals.contains($0) }
        for (number, branch) in branchLiterals.enumerated() {
            for literal in branch.literals { owners[literalIndex[literal]!].append(number) }
            if branch.literals.count == 1 { sufficient[literalIndex[branch.literals[0]]!] = true }
        }
        self.patterns = patterns
        self.contextPatterns = contextPatterns
        self.branches = branchLiterals.map { Branch(pattern: $0.pattern, literals: $0.literals.map { literalIndex[$0]! }) }
        self.literalOwners = owners
        self.isSufficient = sufficient
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

    /// Whether some pattern might begin its match on this line, or it holds a structural literal:
    /// the per-line hot path. Most lines hold no literal; the automaton stops at a sufficient one.
    @inline(__always)
    public func isCandidate(_ line: UnsafeRawBufferPointer) -> Bool {
        guard unfilteredPatterns.isEmpty else { return true }
        var hits: [Int] = []
        var sufficient = false
        prefilter.forEachMatch(line) { literal in
            sufficient = isSufficient[literal]
            hits.append(literal)
            return !sufficient
        }
        return sufficient || hits.contains { literalOwners[$0].contains { isSatisfied(branches[$0], by: hits) } }
    }

    @inline(__always)
    func isSatisfied(_ branch: Branch, by hits: [Int]) -> Bool {
        branch.literals.allSatisfy(hits.contains)
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
        var hits: [Int] = []
        prefilter.forEachMatch(text) { hits.append($0); return true }
        var selected = unfilteredPatterns
        for literal in hits {
            for branch in literalOwners[literal] where isSatisfied(branches[branch], by: hits) {
                selected.append(branches[branch].pattern)
            }
        }
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
        Set(branches.filter { $0.pattern == index }.flatMap(\.literals)).sorted()
            .map { String(decoding: prefilter.literals[$0], as: UTF8.self) }
    }

    /// How selective the pattern's prefilter is: over its branches, the least of each one's longest literal.
    public func weakestLiteralLength(ofPattern index: Int) -> Int? {
        branches.filter { $0.pattern == index }.map { $0.literals.map { prefilter.literals[$0].count }.max() ?? 0 }.min()
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
