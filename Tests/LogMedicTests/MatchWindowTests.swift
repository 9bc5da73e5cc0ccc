import Testing
@testable import LogMedic

/// A pattern runs only from where the prefilter's literals allow a match to begin (`MatchWindow`): the
/// matches, their places and captures are those found by running every pattern on the whole text.
@Suite struct MatchWindowTests {
    static func rule(_ id: String, _ patterns: [String], literals: [String]? = nil) -> Rule {
        Rule(id: id, title: id, severity: .high, category: "database", patterns: patterns, literals: literals, explain: "",
             examples: .init(match: [], noMatch: []))
    }

    static let rules = [
        // No first byte for PCRE2 to look for: it tries every position up to the window's end.
        rule("undefined_kind", [#"\b(?<kind>type|index) "(?<name>[^"\r\n]{1,40})" does not exist"#]),
        // A lookbehind reads before the window's start.
        rule("undefined_relation", [#"(?<!of )relation "(?<relation>[^"\r\n]{1,40})" does not exist"#]),
        // Anchored at a line start, with its literal on a later line than the text's first literal.
        rule("key_detail", [#"^DETAIL:  Key \((?<key>[^)\r\n]{1,40})\)="#]),
        // Its literal on the first line, the rest of the match on the next.
        rule("canceled", [#"canceling statement due to (?<reason>[a-z ]{1,40})\n[^\n]{0,40}?STATEMENT:  (?<sql>[^\n]{1,80})"#]),
        // No literal before the line break: the match may begin lines before its literal.
        rule("retried", [#"(?<job>[a-z_]{1,20}) x\n[^\n]{0,40}retry scheduled"#]),
        // Explicit literals are only promised to be on the first line of a match, not inside it.
        rule("reset", [#"(?i)connection reset by peer"#], literals: ["ECONNRESET"]),
    ]

    static let texts = [
        #"ERROR:  relation "orders" does not exist at character 15"#,
        "ERROR:  index \"orders_idx\" does not exist\nSTATEMENT:  DROP INDEX orders_idx",
        "ERROR:  constraint \"c\" of relation \"t\" does not exist\nERROR:  relation \"u\" does not exist",
        "ERROR:  relation \"a\" does not exist\nHINT:  type \"money\" does not exist either",
        "ERROR:  duplicate key value violates unique constraint \"k\"\nDETAIL:  Key (email)=(a@b.c) already exists.",
        "ERROR:  canceling statement due to statement timeout\nSTATEMENT:  UPDATE jobs SET done = true",
        "worker: nightly_export x\nINFO: retry scheduled in 30s",
        "ECONNRESET on socket 7: Connection Reset By Peer",
        "note: the type \"x\" does not exist\nnote: relation \"y\" does not exist\nnote: index \"z\" does not exist",
        // More literal occurrences than are recorded: every pattern gets the bounds of all of them.
        String(repeating: "ERROR:  relation \"r\" does not exist\n", count: 20) + "HINT:  index \"i\" does not exist\n"
            + "ERROR:  duplicate key value violates unique constraint \"k\"\nDETAIL:  Key (id)=(1) already exists.",
    ]

    func matches(_ text: String, _ catalog: CompiledCatalog) -> [String] {
        var matches: [RuleMatch] = [], failures: [RuleFailure] = []
        Array(text.utf8).withUnsafeBytes { catalog.match($0, scratch: MatchScratch(), matches: &matches, failures: &failures) }
        #expect(failures.isEmpty)
        return matches.map { match in
            let captures = match.captures.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            return "\(catalog.rules[match.ruleIndex].id) \(match.range) {\(captures)}"
        }
    }

    @Test func windowedMatchesAreTheMatchesOfTheWholeText() throws {
        let windowed = try CompiledCatalog(RuleCatalog(rules: Self.rules))
        let whole = try CompiledCatalog(RuleCatalog(rules: Self.rules), runsEveryPattern: true)
        var found = 0
        for text in Self.texts {
            let expected = matches(text, whole)
            found += expected.count
            #expect(matches(text, windowed) == expected, "\(text)")
        }
        #expect(found >= 11)
    }

    @Test func windowKnowsWhereEachKindOfPatternMayBegin() throws {
        let catalog = try CompiledCatalog(RuleCatalog(rules: Self.rules))
        let head = "LOG:  checkpoint starting: time\n"
        let text = head + "ERROR:  canceling statement due to lock timeout\nSTATEMENT:  SELECT 1\nDETAIL:  Key (id)=(1) already exists.\n"
            + "ECONNRESET: connection reset by peer"
        var windows: [String: MatchWindow] = [:]
        Array(text.utf8).withUnsafeBytes { bytes in
            catalog.forEachCandidatePattern(in: bytes) { pattern, window in windows[catalog.rules[catalog.patterns[pattern].ruleIndex].id] = window }
        }
        func offset(_ piece: String) -> Int { text.utf8.count - text[text.range(of: piece)!.lowerBound...].utf8.count }
        // On the line of the pattern's first literal at the earliest, at its last literal at the latest: not from
        // and to the other patterns' literals (`canceling statement due to` is canceled's, `DETAIL:  Key (`
        // key_detail's, `ECONNRESET` reset's).
        #expect(windows["canceled"].map { [$0.from, $0.through] } == [head.utf8.count, offset("canceling statement")])
        #expect(windows["key_detail"].map { [$0.from, $0.through] } == [offset("DETAIL:"), offset("DETAIL:")])
        // An explicit literal may lie after the match on its line: the whole text.
        #expect(windows["reset"].map { [$0.from, $0.limit ?? -1] } == [0, -1])
    }

    @Test func offsetLimitBoundsWhereAMatchMayBegin() throws {
        let regex = try Regex("abc", options: Regex.windowedOptions)
        let scratch = MatchScratch()
        let subject = Array("xx abc abc".utf8)
        func range(from start: Int = 0, limit: Int? = nil) throws -> Range<Int>? {
            try subject.withUnsafeBytes { try scratch.firstMatch(regex, in: $0, from: start, limit: limit)?.range }
        }
        #expect(try range(limit: 2) == nil)
        #expect(try range(limit: 3) == 3..<6)
        #expect(try range(from: 4, limit: 7) == 7..<10)
        #expect(try range() == 3..<6)
    }
}
