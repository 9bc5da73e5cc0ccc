import Testing
@testable import LogMedic

/// Findings rendered one after another share a memo of redactions: the output must be what redacting
/// each finding alone gives, however many texts the memo has seen.
@Suite("Redaction memo")
struct RedactionMemoTests {
    static func finding(_ n: Int) -> Finding {
        let secret = "postgresql://app:hunter\(n % 7)@db.internal:5432/app"
        return Finding(
            ruleID: "db_connection_refused", title: "t", severity: .critical, category: "infrastructure",
            captures: [Capture(name: "host", value: secret)], matched: "connect \(secret)",
            event: LogEvent(source: "a.log", firstLine: n, lastLine: n, text: "line \(n): could not connect to \(secret)"),
            frames: [],
            context: [ContextLine(line: n - 1, timestamp: nil, epoch: nil, service: nil, ruleID: "http_request",
                                  captures: [Capture(name: "path", value: "/login?password=pw\(n % 3)")],
                                  text: "POST /login?password=pw\(n % 3) " + String(repeating: "x", count: n % 5000))])
    }

    @Test func sameOutputAsRedactingEachFindingAlone() {
        var memo = RedactionMemo()
        for n in 1...600 {
            let finding = Self.finding(n)
            let alone = finding.redacted(.shared)
            let memoised = finding.redacted(.shared, memo: &memo)
            #expect(memoised == alone)
            #expect(!memoised.event.text.contains("hunter"))
            #expect(!memoised.context[0].text.contains("pw\(n % 3)"))
        }
    }

    /// `String ==` takes canonically equivalent texts for equal; the memo must not hand one's redaction
    /// to the other, whose bytes differ.
    @Test func canonicallyEquivalentTextsAreRedactedEachOnItsOwn() {
        var memo = RedactionMemo()
        let composed = "user r\u{E9}sum\u{E9} logged in with password=hunter2 again"
        let decomposed = "user re\u{301}sume\u{301} logged in with password=hunter2 again"
        #expect(composed == decomposed)
        #expect(memo.scrub(composed, with: .shared) == Redactor.shared.scrub(composed))
        let out = memo.scrub(decomposed, with: .shared)
        #expect(Array(out.utf8) == Array(Redactor.shared.scrub(decomposed).utf8))
    }

    /// Event texts found clean are remembered; a text is only taken for clean when it differs from one that
    /// was only in its digits, so texts of the same length with a secret, or repeated after it, are still redacted.
    @Test func eventTextsRememberedCleanDoNotLetASecretThrough() {
        var memo = RedactionMemo()
        for n in 0..<300 {
            let clean = "ERROR:  relation \"orders_\(n % 5)\" does not exist"
            let secret = "ERROR:  relation \"pwd=h2_\(n % 5)\" does not exist"  // as long
            let cleanFound = memo.findsNoLiteral(in: clean, with: .shared)
            let secretFound = memo.findsNoLiteral(in: secret, with: .shared)
            #expect(cleanFound && !secretFound)
            var finding = Self.finding(n)
            finding.event.text = n.isMultiple(of: 2) ? clean : secret
            finding.matched = "relation"
            let memoised = finding.redacted(.shared, memo: &memo)
            #expect(memoised == finding.redacted(.shared))
            #expect(!memoised.event.text.contains("pwd=h2"))
        }
    }

    /// Event texts that never repeat pause the memo; while it is paused, and after, every text still
    /// gets the redactor's answer.
    @Test func textsThatNeverRepeatAreStillAnsweredEachOnItsOwn() {
        var memo = RedactionMemo()
        for n in 0..<40_000 {
            let text = n % 100 == 99
                ? "ERROR:  relation \"x\" does not exist password=h\(n)"
                : "ERROR:  relation \"carts_\(n < 30_000 ? n : n % 3)\" does not exist"
            #expect(memo.findsNoLiteral(in: text, with: .shared) == Redactor.shared.findsNoLiteral(in: text))
        }
    }

    /// An event text with no secret literal lets its parts skip the secret scan; a capture or matched
    /// text that is not part of it (a finding built or edited elsewhere) is still scanned, and control
    /// characters are escaped either way.
    @Test func partsOfACleanEventAreOnlyEscapedAndOtherTextsAreStillScanned() {
        let event = LogEvent(source: "a.log", firstLine: 1, lastLine: 1, text: "ERROR:  relation \"orders\u{1B}[2J\" does not exist")
        let finding = Finding(
            ruleID: "undefined_table", title: "t", severity: .high, category: "database",
            captures: [Capture(name: "relation", value: "orders\u{1B}[2J"), Capture(name: "dsn", value: "postgresql://app:hunter2@db/app")],
            matched: "password=hunter2", event: event, frames: [], context: [])
        let redacted = finding.redacted(.shared)
        #expect(redacted.event.text == "ERROR:  relation \"orders\\x1b[2J\" does not exist")
        #expect(redacted.captures[0].value == "orders\\x1b[2J")
        #expect(!redacted.captures[1].value.contains("hunter2"))
        #expect(!redacted.matched.contains("hunter2"))
    }
}
