/// A named capture of a match, decoded as text.
public struct Capture: Codable, Sendable, Equatable, Hashable {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// One rule matching one event.
public struct RuleMatch: Sendable {
    public let ruleIndex: Int
    public let patternIndex: Int
    public let captures: [Capture]
    /// Byte range of the whole match within the event text.
    public let range: Range<Int>
}

extension RuleMatch {
    /// The match with the value of capture number `index` decoded from `bytes`.
    func withCapture(_ index: Int, from bytes: UnsafeRawBufferPointer) -> RuleMatch {
        var captures = captures
        captures[index] = Capture(name: captures[index].name, value: String(decoding: bytes, as: UTF8.self))
        return RuleMatch(ruleIndex: ruleIndex, patternIndex: patternIndex, captures: captures, range: range)
    }
}

/// A pattern that hit a PCRE2 limit on an event: counted, reported, never fatal.
public struct RuleFailure: Sendable {
    public let ruleIndex: Int
    public let error: RegexError
}

extension CompiledCatalog {
    /// Runs the candidate patterns on `text`, appending to `matches` and `failures` (which the caller
    /// empties and reuses); each rule reports at most one match per event.
    public func match(
        _ text: UnsafeRawBufferPointer, scratch: MatchScratch, matches: inout [RuleMatch], failures: inout [RuleFailure]
    ) {
        match(text, scratch: scratch, matches: &matches, failures: &failures) { _ in }
    }

    /// `match`, also handing `captureSpan` where each capture of each match lies, in order; whether every pattern
    /// that ran treats digits alike (`DigitUniformity`).
    @discardableResult
    func match(
        _ text: UnsafeRawBufferPointer, scratch: MatchScratch, matches: inout [RuleMatch], failures: inout [RuleFailure],
        captureSpan: (Range<Int>) -> Void
    ) -> Bool {
        // A rule's patterns are consecutive and candidates come in catalog order: a rule that matched
        // already is the last one that did.
        var lastMatchedRule = -1
        var uniform = true
        forEachCandidatePattern(in: text) { index, window in
            let pattern = patterns[index]
            guard pattern.ruleIndex != lastMatchedRule else { return }
            uniform = uniform && patternIsDigitUniform[index]
            do throws(RegexError) {
                guard let groups = try scratch.firstMatch(pattern.regex, in: text, from: window.from, limit: window.limit) else { return }
                lastMatchedRule = pattern.ruleIndex
                matches.append(RuleMatch(
                    ruleIndex: pattern.ruleIndex, patternIndex: index,
                    captures: scratch.recentCaptures.captures(pattern: index, groups, of: pattern.regex, in: text),
                    range: groups.range))
                Self.forEachCapture(groups, of: pattern.regex) { _, range in captureSpan(range) }
            } catch {
                failures.append(RuleFailure(ruleIndex: pattern.ruleIndex, error: error))
            }
        }
        return uniform
    }

    /// Runs the context patterns (HTTP requests …) on one line; the first that matches wins.
    public func matchContext(_ text: UnsafeRawBufferPointer, scratch: MatchScratch) -> (ruleIndex: Int, captures: [Capture])? {
        for pattern in contextPatterns {
            guard let groups = try? scratch.firstMatch(pattern.regex, in: text) else { continue }
            return (pattern.ruleIndex, Self.captures(groups, of: pattern.regex, in: text))
        }
        return nil
    }

    static func captures(_ groups: MatchScratch.Groups, of regex: Regex, in text: UnsafeRawBufferPointer) -> [Capture] {
        var captures: [Capture] = []
        // One allocation instead of one per growth (a single capture's first append allocates once anyway).
        if regex.namedGroups.count > 1 { captures.reserveCapacity(regex.namedGroups.count) }
        forEachCapture(groups, of: regex) { name, range in
            captures.append(Capture(name: name, value: String(decoding: UnsafeRawBufferPointer(rebasing: text[range]), as: UTF8.self)))
        }
        return captures
    }

    /// Calls `body` with the name and range of each capture a match's groups give, in order: each named group
    /// that is set, but a name that is set twice (`(?J)` or alternations) only for its first group.
    @inline(__always)
    static func forEachCapture(_ groups: MatchScratch.Groups, of regex: Regex, _ body: (String, Range<Int>) -> Void) {
        var given: [String] = []
        for (group, name) in regex.namedGroups {
            guard let range = groups[group] else { continue }
            if regex.reusesNames {
                if given.contains(name) { continue }
                given.append(name)
            }
            body(name, range)
        }
    }
}
