import Foundation
import Testing
@testable import LogMedic

/// A scanner remembers what the rules made of recent event texts: an event seen before must give
/// exactly the findings (captures, matched text, frames) and rule failures it gave the first time.
@Suite("Event outcome memo")
struct EventOutcomeMemoTests {
    /// What real drivers and servers printed (Tests/Corpus/catalog, captured by its scripts).
    static func realSoftwareLog() throws -> [UInt8] {
        let corpus = repositoryRoot.appendingPathComponent("Tests/Corpus/catalog")
        let files = ["drivers/plain/sqlalchemy.log", "drivers/plain/psycopg2.log", "drivers/plain/asyncpg.log",
                     "drivers/plain/django.log", "drivers/docker/psycopg3.log", "server/en/postgresql.log"]
        return try files.flatMap { Array(try Data(contentsOf: corpus.appendingPathComponent($0))) + [0x0A] }
    }

    /// A finding without the line numbers that differ between repetitions of the same events.
    static func placeless(_ finding: Finding, keepContext: Bool) -> Finding {
        var finding = finding
        finding.event.firstLine = 0
        finding.event.lastLine = 0
        finding.context = keepContext ? finding.context.map { var line = $0; line.line = 0; return line } : []
        return finding
    }

    @Test func repeatedEventsGiveTheFindingsOfTheirFirstOccurrence() throws {
        let once = try Self.realSoftwareLog()
        let alone = scan(bytes: once).findings
        #expect(alone.count > 50)
        #expect(alone.contains { !$0.frames.isEmpty })

        let thrice = scan(bytes: once + once + once)
        #expect(thrice.findings.count == 3 * alone.count)
        let rounds = (0..<3).map { Array(thrice.findings[$0 * alone.count ..< ($0 + 1) * alone.count]) }
        #expect(rounds[0] == alone)
        // Later rounds follow a whole round, so their first findings have other context lines than the first round's.
        #expect(rounds[1].map { Self.placeless($0, keepContext: false) } == alone.map { Self.placeless($0, keepContext: false) })
        #expect(rounds[2].map { Self.placeless($0, keepContext: true) } == rounds[1].map { Self.placeless($0, keepContext: true) })
    }

    /// More distinct texts than the memo has slots, each seen twice, far apart: evicted texts are
    /// matched again, and texts that share a slot never take each other's outcome.
    @Test func textsBeyondTheMemosSizeAreMatchedAgain() {
        let lines = (0..<2 * EventOutcomeMemo.slots).map { #"ERROR:  relation "t\#($0)" does not exist"# }
        let log = (lines + lines).joined(separator: "\n") + "\n"
        let findings = scan(log).findings
        #expect(findings.map { $0.capture("relation") } == (lines + lines).indices.map { "t\($0 % lines.count)" })
        #expect(findings.allSatisfy { $0.matched == #"relation "\#($0.capture("relation")!)" does not exist"# })
    }

    /// Messages that never repeat whole still repeat their values: each finding has the captures and
    /// matched text its own text gives, whichever message had the same value before it, qualified, or
    /// repaired from other bytes.
    @Test func distinctMessagesRepeatingValuesGetTheirOwnCaptures() {
        let values: [[UInt8]] = ["carts", "public.carts", "carts2", "car"].map { Array($0.utf8) }
            + [Array("caf".utf8) + [0xE9], Array("caf".utf8) + [0xFF]]
        func line(_ n: Int) -> [UInt8] {
            Array(#"ERROR:  relation ""#.utf8) + values[n % values.count] + Array(#"" does not exist at character \#(n)"#.utf8) + [0x0A]
        }
        let alone = values.indices.map { scan(bytes: line($0)).findings.map(\.captures) }
        #expect(alone[1] == [[Capture(name: "schema", value: "public"), Capture(name: "relation", value: "carts")]])
        #expect(alone[4] == alone[5])
        let findings = scan(bytes: (0..<3000).flatMap(line)).findings
        #expect(findings.count == 3000)
        #expect(findings.indices.allSatisfy { [findings[$0].captures] == alone[$0 % values.count] })
        let matched = values.indices.map { scan(bytes: line($0)).findings.map(\.matched) }
        #expect(matched[5] == ["relation \"caf\u{FFFD}\" does not exist"])
        #expect(findings.indices.allSatisfy { [findings[$0].matched] == matched[$0 % values.count] })
    }

    /// Invalid UTF-8 is repaired in the text; repeats (compared as raw bytes, not as the repaired
    /// text) give the repaired finding again.
    @Test func invalidUTF8EventsRepeatFaithfully() {
        let bad: [UInt8] = Array(#"ERROR:  relation "caf"#.utf8) + [0xE9] + Array(#"" does not exist"#.utf8) + [0x0A]
        let other: [UInt8] = Array(#"ERROR:  relation "caf"#.utf8) + [0xFF] + Array(#"" does not exist"#.utf8) + [0x0A]
        let findings = scan(bytes: bad + other + bad + other).findings
        #expect(findings.count == 4)
        #expect(findings.allSatisfy { $0.capture("relation") == "caf\u{FFFD}" })
        #expect(Set(findings.map(\.event.text)).count == 1)
    }

    /// A valid text that reads like an invalid one after repair (`U+FFFD` where the invalid byte was) is
    /// other bytes to the patterns: it is matched on its own, not given the invalid one's outcome.
    @Test func aTextEqualToARepairedOneIsMatchedOnItsOwn() throws {
        try withTemporaryDirectory { dir in
            try """
            id: five_byte_relation
            title: Five-byte relation
            severity: high
            category: test
            patterns: ['relation "(?<relation>[^"]{5})" is gone']
            explain: a pattern that counts bytes
            examples:
              match:
                - text: 'relation "abcde" is gone'
              no_match: ['relation "abcd" is gone']
            """.write(to: dir.appendingPathComponent("five_byte_relation.yaml"), atomically: true, encoding: .utf8)
            let catalog = try CompiledCatalog(ruleDirectories: [dir.path])
            // Names whose invalid text and repaired twin pick the same slot of the memo.
            func event(_ name: String, _ last: [UInt8]) -> [UInt8] { Array(#"relation ""#.utf8) + Array(name.utf8) + last + Array(#"" is gone"#.utf8) }
            func slot(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { ByteHash.hash($0) } % UInt64(EventOutcomeMemo.slots) }
            let name = try #require((0..<20_000).lazy.map { String($0, radix: 36) }.map { "x" + String(repeating: "0", count: 3 - $0.count) + $0 }
                .first { slot(event($0, [0xE9])) == slot(event($0, Array("\u{FFFD}".utf8))) })
            let invalid = event(name, [0xE9]) + [0x0A], repaired = event(name, Array("\u{FFFD}".utf8)) + [0x0A]
            let findings = scan(bytes: invalid + repaired + invalid, catalog: catalog).findings
            #expect(findings.map(\.event.firstLine) == [1, 3])
        }
    }

    /// Long texts fill the memo's byte budget before its entries: a text that would pass it is not remembered
    /// (matched again when it comes back), the memo never holds more, and every text gets its own outcome.
    @Test func longTextsStayWithinTheMemosByteBudget() {
        var memo = EventOutcomeMemo()
        let texts = 2 * EventOutcomeMemo.maxHeldBytes / EventOutcomeMemo.maxTextBytes
        var evaluated = 0
        for n in 0..<texts {
            let text = Array("event \(n) ".utf8) + Array(repeating: UInt8(ascii: "x"), count: EventOutcomeMemo.maxTextBytes - 16)
            for _ in 0..<2 {  // each text twice in a row: the memo stays open
                text.withUnsafeBytes { bytes in
                    memo.withOutcome(of: bytes, evaluate: { _ in evaluated += 1 }) { outcome in
                        #expect(outcome.text.hasBytes(bytes))
                    }
                }
                #expect(memo.heldBytes <= EventOutcomeMemo.maxHeldBytes)
            }
        }
        #expect(memo.heldBytes > EventOutcomeMemo.maxHeldBytes - 2 * EventOutcomeMemo.maxTextBytes)
        #expect(evaluated > texts && evaluated < 2 * texts)
    }

    /// An event too long to remember is still matched every time it comes back.
    @Test func eventsTooLongToRememberAreMatchedEachTime() {
        let long = #"ERROR:  relation "orders" does not exist "# + String(repeating: "x", count: EventOutcomeMemo.maxTextBytes)
        let findings = scan(Array(repeating: long, count: 3).joined(separator: "\n") + "\n").findings
        #expect(findings.map { $0.capture("relation") } == ["orders", "orders", "orders"])
    }

    /// A pattern that hits PCRE2's match limit fails again on the same text: every occurrence is counted.
    @Test func ruleFailuresAreCountedForEveryOccurrence() throws {
        try withTemporaryDirectory { dir in
            let catalog = try catalogWithCatastrophicRule(in: dir)
            let (_, stats) = scan(Array(repeating: catastrophicLine, count: 3).joined(separator: "\n") + "\n", catalog: catalog)
            #expect(stats.ruleFailures["catastrophic"] == 3)
        }
    }
}

/// A memo's few entries per hash: keys that share a set all stay while they fit; one more replaces the
/// one used least recently.
@Suite("Memo sets")
struct MemoSetsTests {
    @Test func keysSharingASetStayUntilOneMoreComes() {
        var sets = MemoSets(slots: 4 * MemoSets.ways)
        var held = [String?](repeating: nil, count: 4 * MemoSets.ways)
        func look(_ key: Int) -> Bool {
            let hash = UInt64(4 * key + 1)  // every key in set 1 of 4
            let (slot, hit) = sets.slot(for: hash) { held[$0] == "k\(key)" }
            #expect(slot / MemoSets.ways == 1, "a key is kept in the set of its hash")
            if !hit { held[slot] = "k\(key)" }
            return hit
        }
        let ways = MemoSets.ways
        for key in 0..<ways { #expect(!look(key)) }
        for _ in 0..<3 { for key in (0..<ways).reversed() { #expect(look(key)) } }
        // Key 0 was used last, key ways-1 least recently: the newcomer replaces it.
        #expect(!look(ways))
        for key in 0..<(ways - 1) { #expect(look(key)) }
        #expect(look(ways))
        #expect(!look(ways - 1))
        let (slot, hit) = sets.slot(for: 2) { held[$0] == "other" }
        #expect(!hit && slot / MemoSets.ways == 2, "other sets are untouched")
    }

    /// The storm `bench/run --storm` times: a few dozen messages repeating. Each is matched once.
    @Test func aStormOfRepeatingMessagesIsMatchedOncePerMessage() {
        var memo = EventOutcomeMemo()
        var evaluated = 0
        let messages = (0..<36).map { Array("ERROR:  relation \"t\($0)\" does not exist".utf8) }
        for n in 0..<3600 {
            messages[(n * 7) % 36].withUnsafeBytes { text in
                memo.withOutcome(of: text, evaluate: { _ in evaluated += 1 }) { #expect($0.text.hasBytes(text)) }
            }
        }
        #expect(evaluated == 36)
    }
}

/// A memo that does not pay is switched off for a while, then tried again.
@Suite("Memo gate")
struct MemoGateTests {
    @Test func aWindowWithoutHitsPausesTheMemoThenItIsTriedAgain() {
        var gate = MemoGate()
        var opened = 0
        for _ in 0..<MemoGate.window where gate.isOpen() {
            opened += 1
            gate.record(hit: false)
        }
        #expect(opened == MemoGate.window)
        var paused = 0
        for _ in 0..<MemoGate.window * MemoGate.pauseWindows where !gate.isOpen() { paused += 1 }
        #expect(paused == MemoGate.window * MemoGate.pauseWindows)
        let reopened = gate.isOpen()
        #expect(reopened)
    }

    @Test func aMemoThatHitsOftenEnoughStaysOn() {
        var gate = MemoGate()
        var opened = 0
        for n in 0..<(4 * MemoGate.window) where gate.isOpen() {
            opened += 1
            gate.record(hit: n % MemoGate.minimumHitShare == 0)
        }
        #expect(opened == 4 * MemoGate.window)
    }
}

/// Texts that differ only in their digits (ids, times, counts) are matched once when every pattern that runs on
/// them treats digits alike: each still gets its own captures, matched text and event text.
@Suite("Event outcome memo by digit class")
struct DigitClassOutcomeTests {
    /// Every digit of `bytes` turned into another (`d` → `d + shift`), all else as it is: a text of the same class.
    static func shiftingDigits(_ bytes: [UInt8], by shift: UInt8) -> [UInt8] {
        bytes.map { $0 &- 0x30 < 10 ? 0x30 + ($0 - 0x30 + shift) % 10 : $0 }
    }

    @Test func textsOfOneClassAreMatchedOnceEachWithItsOwnCaptures() {
        let catalog = builtinCatalog
        var memo = EventOutcomeMemo(classHoldsNoDigitPiece: catalog.digitPieces.areAbsent(fromKey:))
        let scratch = MatchScratch(maxCaptureCount: catalog.maxCaptureCount)
        var evaluated = 0
        for id in [7_541_209, 3_318_802, 1_000_000, 9_999_999, 7_541_209] {
            let text = Array(#"""
                ERROR:  insert or update on table "orders" violates foreign key constraint "orders_user_id_fkey"
                DETAIL:  Key (user_id)=(\#(id)) is not present in table "users".
                """#.utf8)
            text.withUnsafeBytes { bytes in
                memo.withOutcome(of: bytes, evaluate: { outcome in
                    evaluated += 1
                    outcome.ranDigitUniformPatterns = catalog.match(
                        bytes, scratch: scratch, matches: &outcome.matches, failures: &outcome.failures) { outcome.captureSpans.append($0) }
                }) { outcome in
                    #expect(outcome.text.hasBytes(bytes))
                    var fresh: [RuleMatch] = [], failures: [RuleFailure] = []
                    catalog.match(bytes, scratch: scratch, matches: &fresh, failures: &failures)
                    #expect(outcome.matches.map(\.captures) == fresh.map(\.captures))
                    #expect(outcome.matches.map(\.range) == fresh.map(\.range))
                    #expect(outcome.matches.map(\.ruleIndex) == fresh.map(\.ruleIndex))
                }
            }
        }
        #expect(evaluated == 1)
    }

    /// What real drivers and servers printed, then the same log with every digit changed: each event of the
    /// changed log gives the findings it gives alone, although most are handed the first log's outcomes.
    @Test func aRealLogWithOtherDigitsGivesItsOwnFindings() throws {
        let once = try EventOutcomeMemoTests.realSoftwareLog()
        for shift: UInt8 in [1, 5] {
            let other = Self.shiftingDigits(once, by: shift)
            let alone = scan(bytes: other).findings
            #expect(alone.count > 50)
            let both = scan(bytes: once + other).findings
            let second = Array(both.suffix(alone.count))
            #expect(second.map { EventOutcomeMemoTests.placeless($0, keepContext: false) }
                == alone.map { EventOutcomeMemoTests.placeless($0, keepContext: false) })
            #expect(second.contains { $0.captures.contains { $0.value.contains { $0.isNumber } } }, "some captures hold digits")
        }
    }

    /// A digit can decide the rule: a refused port that is PostgreSQL's and one that is not, a SQLSTATE. Texts
    /// that differ only there keep their own rules, whichever came first.
    @Test func aDigitThatDecidesTheRuleIsNeverShared() {
        let lines = [
            "Error: connect ECONNREFUSED 10.0.0.5:5432", "Error: connect ECONNREFUSED 10.0.0.5:8432",
            "psycopg.errors.UniqueViolation: boom (SQLSTATE 23505)", "psycopg.errors.UniqueViolation: boom (SQLSTATE 23503)",
        ]
        let alone = lines.map { scan($0 + "\n").findings.map(\.ruleID) }
        #expect(alone[0] != alone[1])
        for order in [lines, lines.reversed()] {
            let findings = scan((order + order).joined(separator: "\n") + "\n").findings
            let expected = (order + order).flatMap { alone[lines.firstIndex(of: $0)!] }
            #expect(findings.map(\.ruleID) == expected)
        }
    }
}
