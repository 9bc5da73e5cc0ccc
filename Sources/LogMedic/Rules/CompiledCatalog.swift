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
    /// The literals of the rule patterns, the structural literals and the context patterns' literals.
    public let prefilter: LiteralAutomaton
    /// For each prefilter literal, whether it is only a context pattern's: it neither opens an event nor
    /// admits a pattern, and a plain line holding it may be a request line (`Screening.request`). Found in
    /// the pass that screens the line, instead of a pass of their own over every line kept as context.
    let literalIsContextOnly: [Bool]
    /// For each prefilter literal, whether it is an error level's word (`ErrorWords`), and whether it is only that:
    /// then it neither opens an event nor admits a pattern; screening only tells that the line holds one.
    let literalIsErrorWord: [Bool]
    let literalIsErrorWordOnly: [Bool]
    /// Whether error events no rule matches are looked for (`errorWords`, `UnrecognisedErrors`).
    public let looksForErrors: Bool
    /// Whether every plain line may match a context pattern: one of them has no literal.
    let everyLineMayBeContext: Bool
    /// A pattern a prefilter literal admits, if the line (or event) also holds every companion piece.
    struct Owner {
        let pattern: Int
        let companions: [ByteSearch.Needle]
        /// Numbers the owners, for `OwnerChecks`.
        let id: Int
    }

    /// For each pattern, what the places of an event's literals say of where its match begins.
    let patternWindows: [MatchWindow.Kind]

    /// For each prefilter literal, the patterns it admits (empty for structural literals).
    let literalOwners: [[Owner]]
    /// For each prefilter literal, whether a line holding it is a candidate only if some owner's
    /// companions are on it too: false for structural literals and when an owner has no companions.
    let literalIsGated: [Bool]
    /// Patterns without a usable literal: they run on every event.
    let unfilteredPatterns: [Int]
    let ownerCount: Int
    public let maxCaptureCount: Int

    /// For each pattern, whether it treats every digit alike (`DigitUniformity`).
    let patternIsDigitUniform: [Bool]
    /// The literals and companions that hold a digit, their digits read as `0` (`holdsNoDigitPiece`).
    let digitPieces: DigitPieces

    /// Patterns run only on events holding one of their literals (and its companions), unless
    /// `runsEveryPattern`: the reference the prefilter is tested against, in which every line holding
    /// a literal opens an event and every pattern runs on it.
    let runsEveryPattern: Bool

    public init(
        _ catalog: RuleCatalog, structuralLiterals: [String] = EventAssembler.openingLiterals, errorWords: [String] = [],
        runsEveryPattern: Bool = false
    ) throws {
        self.runsEveryPattern = runsEveryPattern
        looksForErrors = !errorWords.isEmpty
        rules = catalog.rules
        var owners: [String: [Owner]] = [:]
        var unfiltered: [Int] = []
        var windows: [MatchWindow.Kind] = []
        var contextLiterals: Set<String>? = []
        var ownerCount = 0
        // A pattern's literals and its compiled form depend on that pattern alone: each is made on all cores.
        // The literals first; then the patterns compile (with JIT) on the other cores while this thread builds
        // the automaton over the literals, which takes one thread (after the compiling, it kept the start waiting).
        let rules = rules
        let extracted = rules.concurrentMap { rule in Result { () throws(any Error) in try Self.literals(of: rule) } }
        let regexes = LockedBox([Result<[Regex], any Error>]())
        let compiling = DispatchGroup()
        DispatchQueue.global().async(group: compiling) {
            let compiled = rules.concurrentMap { rule in Result { () throws(any Error) in try Self.regexes(of: rule) } }
            regexes.withLock { $0 = compiled }
        }
        // A rule's own errors in the order compiling it meets them, the first failing rule's: as `map` throws.
        func compiledRegexes() throws -> [[Regex]] {
            compiling.wait()
            return try zip(extracted, regexes.withLock { $0 }).map { literals, regexes in
                _ = try literals.get()
                return try regexes.get()
            }
        }
        let sources: [[PatternLiterals]]
        do { sources = try extracted.map { try $0.get() } } catch {
            _ = try compiledRegexes()
            throw error
        }
        var regexOfPattern: [(rule: Int, source: Int)] = [], regexOfContext: [(rule: Int, source: Int)] = []
        for (ruleIndex, rule) in rules.enumerated() {
            for (sourceIndex, source) in sources[ruleIndex].enumerated() {
                if rule.effectiveKind == .context {
                    regexOfContext.append((ruleIndex, sourceIndex))
                    if let literals = source.literals {
                        contextLiterals?.formUnion(literals)
                    } else {
                        contextLiterals = nil
                    }
                    continue
                }
                let index = regexOfPattern.count
                regexOfPattern.append((ruleIndex, sourceIndex))
                if let explicit = source.literals {
                    windows.append(.anywhere)
                    for literal in explicit {
                        owners[literal, default: []].append(Owner(pattern: index, companions: [], id: ownerCount))
                        ownerCount += 1
                    }
                } else if let branches = source.branches {
                    windows.append(branches.allSatisfy(\.onFirstLine) ? .onLiteralLines : .beforeLastLiteral)
                    for branch in branches {
                        let companions = branch.companions.map { ByteSearch.Needle(Array($0.utf8)) }
                        let owner = Owner(pattern: index, companions: companions, id: ownerCount)
                        ownerCount += 1
                        for literal in branch.literals { owners[literal, default: []].append(owner) }
                    }
                } else {
                    unfiltered.append(index)
                    windows.append(.anywhere)
                }
            }
        }
        for literal in structuralLiterals where owners[literal] == nil { owners[literal] = [] }
        patternIsDigitUniform = regexOfPattern.map { DigitUniformity.isUniform(rules[$0.rule].patterns[$0.source]) }
        digitPieces = DigitPieces(owners.keys.map { Array($0.utf8) }
            + owners.values.joined().flatMap(\.companions).map(\.bytes))
        let contextOnly = (contextLiterals ?? []).subtracting(owners.keys)
        let errorWordSet = Set(errorWords)
        let errorWordsOnly = errorWordSet.subtracting(owners.keys).subtracting(contextOnly)
        let literals = (Array(owners.keys) + contextOnly + errorWordsOnly).sorted()
        patternWindows = windows
        self.literalOwners = literals.map { owners[$0] ?? [] }
        self.literalIsGated = literals.map { literal in
            owners[literal].map { !$0.isEmpty && $0.allSatisfy { !$0.companions.isEmpty } } ?? false
        }
        self.literalIsContextOnly = literals.map(contextOnly.contains)
        self.literalIsErrorWord = literals.map(errorWordSet.contains)
        self.literalIsErrorWordOnly = literals.map(errorWordsOnly.contains)
        self.everyLineMayBeContext = !regexOfContext.isEmpty && contextLiterals == nil
        self.unfilteredPatterns = unfiltered
        self.ownerCount = ownerCount
        self.prefilter = LiteralAutomaton(literals: literals.map { Array($0.utf8) })
        let regex = try compiledRegexes()
        patterns = regexOfPattern.map { Pattern(ruleIndex: $0.rule, regex: regex[$0.rule][$0.source]) }
        contextPatterns = regexOfContext.map { Pattern(ruleIndex: $0.rule, regex: regex[$0.rule][$0.source]) }
        self.maxCaptureCount = (patterns + contextPatterns).map(\.regex.captureCount).max() ?? 0
    }

    /// The literals that admit a pattern of a rule to a line: `literals` the rule's own or, for a context
    /// pattern, the ones it requires (nil: none usable); `branches` those extracted from a rule pattern
    /// without literals of its rule's (nil: it runs on every event).
    struct PatternLiterals: Sendable {
        let literals: [String]?
        let branches: [LiteralExtractor.Branch]?
    }

    /// The literals of each pattern of `rule`; what is wrong with the rule's literals or its check before its patterns.
    static func literals(of rule: Rule) throws -> [PatternLiterals] {
        let explicit = try rule.literals.map { try validated($0, rule: rule) }
        _ = try check(of: rule)
        return rule.patterns.map { source in
            if rule.effectiveKind == .context {
                return PatternLiterals(literals: explicit ?? LiteralExtractor.requiredLiterals(of: source), branches: nil)
            }
            return PatternLiterals(literals: explicit, branches: explicit == nil ? LiteralExtractor.branches(of: source) : nil)
        }
    }

    /// Each pattern of `rule`, compiled.
    static func regexes(of rule: Rule) throws -> [Regex] {
        let check = try? check(of: rule)  // an unknown one is `literals(of:)`'s error
        return try rule.patterns.map { source in
            let regex: Regex
            // A rule pattern runs within a window (`MatchWindow`); a context pattern on a whole line.
            let options = rule.effectiveKind == .context ? Regex.defaultOptions : Regex.windowedOptions
            do { regex = try Regex(source, options: options) } catch let error as RegexError {
                throw RuleCatalogError.invalidPattern(ruleID: rule.id, error: error)
            }
            if let check, let missing = check.requiredCaptures.first(where: { !regex.groupNames.contains($0) }) {
                throw RuleCatalogError.missingCapture(ruleID: rule.id, pattern: source, check: check.name, capture: missing)
            }
            return regex
        }
    }

    /// The registered check a rule names, if any; an unknown name is a load error.
    static func check(of rule: Rule) throws -> (any Check)? {
        guard let name = rule.correlate?.check else { return nil }
        guard let check = CheckRegistry.check(named: name) else {
            throw RuleCatalogError.unknownCheck(ruleID: rule.id, check: name, known: CheckRegistry.names)
        }
        return check
    }

    /// `examples: false` for a catalog that only matches (see `RuleCatalog.load`); `errorWords` (`ErrorWords.literals`)
    /// to count the error events no rule matches.
    public convenience init(ruleDirectories: [String] = [], examples: Bool = true, errorWords: [String] = []) throws {
        try self.init(RuleCatalog.load(extraDirectories: ruleDirectories, examples: examples), errorWords: errorWords)
    }

    /// What the prefilter makes of a line.
    public enum Screening {
        /// The line holds no literal.
        case plain
        /// It holds no literal but a context pattern's (or a context pattern has none): it may be a
        /// request line.
        case request
        /// It holds literals, but not the companions any of their patterns needs on the same line.
        case lookAlike
        /// Some pattern (or structural literal) might match it.
        case candidate
    }

    /// The per-line hot path. Most lines hold no literal: the automaton's probe loop settles them without
    /// running; on the others one pass finds the literals and whether one of them admits the line.
    @inline(__always)
    public func screen(_ line: UnsafeRawBufferPointer) -> Screening {
        var errorWord = false
        return screen(line, errorWord: &errorWord)
    }

    /// `screen`, also telling whether the line holds an error level's word (`ErrorWords`) before any literal
    /// that makes it a candidate.
    @inline(__always)
    func screen(_ line: UnsafeRawBufferPointer, errorWord: inout Bool) -> Screening {
        guard unfilteredPatterns.isEmpty else { return .candidate }
        guard line.count > OwnerChecks.minimumTextBytes else { return screenLiterals(line, OwnerChecks.off, &errorWord) }
        return screenLongLine(line, &errorWord)
    }

    @inline(never)
    private func screenLongLine(_ line: UnsafeRawBufferPointer, _ errorWord: inout Bool) -> Screening {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: ownerCheckWords) { bits in
            bits.initialize(repeating: 0)
            return screenLiterals(line, OwnerChecks(bits: bits), &errorWord)
        }
    }

    @inline(__always)
    private func screenLiterals(_ line: UnsafeRawBufferPointer, _ checks: OwnerChecks, _ errorWord: inout Bool) -> Screening {
        var screening = everyLineMayBeContext ? Screening.request : .plain
        var holdsErrorWord = false
        prefilter.forEachMatch(line) { literal in
            if literalIsErrorWord[literal] {
                holdsErrorWord = true
                if literalIsErrorWordOnly[literal] { return true }
            }
            if literalIsContextOnly[literal] {
                if screening == .plain { screening = .request }
            } else {
                screening = admits(literal, in: line, checks) ? .candidate : .lookAlike
            }
            return screening != .candidate
        }
        errorWord = holdsErrorWord
        return screening
    }

    /// Whether a line (or event) holding `literal` may match one of its patterns: one whose
    /// companions it holds too. The reference catalog (`runsEveryPattern`) ignores companions.
    @inline(__always)
    private func admits(_ literal: Int, in text: UnsafeRawBufferPointer, _ checks: OwnerChecks) -> Bool {
        !literalIsGated[literal] || runsEveryPattern
            || literalOwners[literal].contains { checks.isFirst($0) && Self.holds(text, $0.companions) }
    }

    /// The owners whose companions were looked for in one text, a bit each: a text that lacks an owner's
    /// companions lacks them at every occurrence of its literals, and looking again would search the whole
    /// text once per occurrence, quadratic in the text's length (a long event, a hostile line). Below
    /// `minimumTextBytes` that costs less than keeping the bits: the checks are `off` and every look is first.
    struct OwnerChecks {
        static let minimumTextBytes = 1024
        static var off: OwnerChecks { OwnerChecks(bits: UnsafeMutableBufferPointer(start: nil, count: 0)) }
        let bits: UnsafeMutableBufferPointer<UInt64>

        /// Whether `owner` is looked at for the first time in this text; it is marked as looked at.
        @inline(__always)
        func isFirst(_ owner: Owner) -> Bool {
            guard !bits.isEmpty else { return true }
            let bit: UInt64 = 1 << UInt64(owner.id & 63)
            defer { bits[owner.id >> 6] |= bit }
            return bits[owner.id >> 6] & bit == 0
        }
    }

    private var ownerCheckWords: Int { (ownerCount + 63) / 64 }

    private static func holds(_ text: UnsafeRawBufferPointer, _ pieces: [ByteSearch.Needle]) -> Bool {
        pieces.allSatisfy { $0.isFound(in: text) }
    }

    /// Calls `body` with each pattern worth running on an assembled event, once, in catalog order, and
    /// where in the text its match can begin.
    @inline(__always)
    func forEachCandidatePattern(in text: UnsafeRawBufferPointer, _ body: (Int, MatchWindow) -> Void) {
        guard !runsEveryPattern else { return patterns.indices.forEach { body($0, .whole) } }
        // A bit per pattern, on the stack: no array to grow, sort and deduplicate per event.
        let patternWords = (patterns.count + 63) / 64
        let checkWords = text.count > OwnerChecks.minimumTextBytes ? ownerCheckWords : 0
        let recordWords = LiteralOccurrences.recorded
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: patternWords + checkWords + recordWords) { words in
            words.initialize(repeating: 0)
            let bits = UnsafeMutableBufferPointer(rebasing: words[..<patternWords])
            let checks = OwnerChecks(bits: UnsafeMutableBufferPointer(rebasing: words[patternWords..<(patternWords + checkWords)]))
            for pattern in unfilteredPatterns { bits[pattern >> 6] |= 1 << UInt64(pattern & 63) }
            var occurrences = LiteralOccurrences(records: UnsafeMutableBufferPointer(rebasing: words[(patternWords + checkWords)...]))
            prefilter.forEachOccurrence(text) { literal, end in
                guard !literalIsContextOnly[literal] && !literalIsErrorWordOnly[literal] else { return true }
                occurrences.note(literal, start: end &- prefilter.literals[literal].count)
                for owner in literalOwners[literal] {
                    let bit: UInt64 = 1 << UInt64(owner.pattern & 63)
                    if bits[owner.pattern >> 6] & bit == 0, checks.isFirst(owner), Self.holds(text, owner.companions) {
                        bits[owner.pattern >> 6] |= bit
                    }
                }
                return true
            }
            for (word, value) in bits.enumerated() {
                var rest = value
                while rest != 0 {
                    let pattern = word << 6 | rest.trailingZeroBitCount
                    body(pattern, occurrences.window(patternWindows[pattern], of: pattern, owners: literalOwners, in: text))
                    rest &= rest &- 1
                }
            }
        }
    }

    /// The prefilter literals of one pattern, as used by `rules lint` and `rules export`.
    public func literals(ofPattern index: Int) -> [String] {
        literalOwners.indices.filter { literalOwners[$0].contains { $0.pattern == index } }
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
