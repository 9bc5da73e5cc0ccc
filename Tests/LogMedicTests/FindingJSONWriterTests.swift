import Foundation
import Testing
@testable import LogMedic

/// `scan --format ndjson` must write exactly the bytes of the `JSONEncoder` configuration it replaced.
@Suite("Finding JSON writer")
struct FindingJSONWriterTests {
    static func encoderBytes(_ finding: Finding) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Array(try encoder.encode(finding)) + [UInt8(ascii: "\n")]
    }

    static let awkward: String = {
        var text = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined()
        text += #" "quoted" back\slash /slash/ DEL:\#u{7F} é 😀 \#u{2028}\#u{2029} \#u{FEFF} 中文"#
        return text
    }()

    static var findings: [Finding] {
        let bare = Finding(
            ruleID: "undefined_table", title: "Table or relation does not exist", severity: .critical, category: "database",
            captures: [], matched: "", event: LogEvent(source: "-", firstLine: 1, lastLine: 1, text: ""),
            frames: [], context: [])
        var full = bare
        full.captures = [Capture(name: "relation", value: awkward), Capture(name: "schema", value: "public")]
        full.matched = "relation \"user_invitations\" does not exist"
        full.event = LogEvent(source: "/var/log/app.log", firstLine: 12, lastLine: 40, timestamp: "2025-12-19T14:02:11.123Z",
                              epoch: 1766153331.123, level: "ERROR", service: "api/backend", text: "Traceback\n" + awkward,
                              user: "app", database: awkward, application: "shop-api", logger: "app.api")
        full.frames = [
            CodeFrame(file: "/app/app/routers/admin.py", line: 292, function: "database_health", isLibrary: false),
            CodeFrame(file: "https://x.example/_next/static/chunks/main-1.js", line: 1, function: nil, isLibrary: true),
        ]
        full.context = [
            ContextLine(line: 3, timestamp: "2025-12-19T14:02:10Z", epoch: 1766153330, service: "api", ruleID: "http_request",
                        captures: [Capture(name: "path", value: "/api/v1/x?y=1")], text: "GET /api/v1/x 500"),
            ContextLine(line: 4, timestamp: nil, epoch: nil, service: nil, ruleID: "http_request", captures: [], text: awkward),
        ]
        var partial = full
        partial.event.application = nil
        partial.event.epoch = nil
        partial.event.user = nil
        var epochs: [Finding] = [partial]
        let milliseconds = (0..<200).map { _ in Double(Int.random(in: 1_000...8_589_934_591_999)) / 1000 }
        for epoch in [0, 0.1, 1e-7, 1e21, 123456789.5, -3.25, 1766131259.564, 1766131200.007, 1766131200.07,
                      1766131200.5, 1766131200, 1, 1.001, 8589934591.999, 8589934592.5, 1766131259.5641] + milliseconds {
            var f = bare
            f.event.epoch = epoch
            epochs.append(f)
        }
        // Each side of every power of ten: the digit count is estimated from the bit length, then corrected.
        let powersOfTen = (1...18).map { k in (0..<k).reduce(1) { power, _ in power * 10 } }
        for number in [0, 7, 10, 99, 1000, -1, -42, Int.max, Int.min] + powersOfTen.flatMap { [$0 - 1, $0, $0 + 1, -$0] } {
            var f = bare
            f.event.firstLine = number
            f.event.lastLine = number
            epochs.append(f)
        }
        var long = full  // written past the first KiB, into memory the writer allocates
        long.event.text = String(repeating: awkward, count: 40)
        return [bare, full, long] + epochs
    }

    @Test("byte for byte what JSONEncoder writes, on varied findings")
    func matchesEncoder() throws {
        for finding in Self.findings {
            var ours: [UInt8] = []
            FindingJSONWriter().write(finding, to: &ours)
            #expect(String(decoding: ours, as: UTF8.self) == String(decoding: try Self.encoderBytes(finding), as: UTF8.self))
        }
    }

    @Test("findings appended one after another stay one per line")
    func appends() throws {
        var out: [UInt8] = []
        for finding in Self.findings { FindingJSONWriter().write(finding, to: &out) }
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == Self.findings.count)
        for line in lines { _ = try JSONSerialization.jsonObject(with: Data(line.utf8)) }
    }

    /// Findings whose event text holds no secret literal (so parts are only control-escaped while they are
    /// written) and findings with secrets, controls (C0, DEL, C1 as `C2 xx`, split across words),
    /// captures that are not part of the event text, and short event fields holding a secret or a control.
    static var scrubbedFindings: [Finding] {
        let controls = "relation \"a\u{1B}[2J\u{7}b\u{7F}c\u{9B}d\u{85}\" does not exist\r\n\tat x é\u{C2}"
        var clean = findings[0]
        clean.event.text = "ERROR:  " + controls + "\nSTATEMENT:  SELECT 1234567\u{1B}]0;title\u{7}"
        clean.matched = controls
        clean.captures = [Capture(name: "relation", value: "a\u{1B}[2J\u{7}b\u{7F}c\u{9B}d\u{85}"),
                          Capture(name: "other", value: "not in the text\u{1B}"), Capture(name: "key", value: "")]
        var secret = clean
        secret.event.text += " password=hunter2 token=abcdef123456"
        secret.captures.append(Capture(name: "dsn", value: "postgresql://app:hunter2@db/app"))
        var outside = clean
        outside.matched = "password=hunter2 outside"
        var context = findings[1]
        context.context[0].text = "GET /login?password=pw1 \u{1B}[31m"
        var fields = clean  // short event fields, written from a memo after their first finding
        fields.event.user = "pwd=hunter2"
        fields.event.database = "db\u{1B}[2J"
        fields.event.logger = "app.api"
        return [clean, secret, outside, context, fields] + findings
    }

    @Test("writing while redacting gives the bytes of writing the redacted finding")
    func redactingWhileWriting() {
        var memo = FindingStreamMemo(), memoAlone = RedactionMemo()
        for round in 0..<3 {  // later rounds hit the memo
            for finding in Self.scrubbedFindings {
                var fused: [UInt8] = [], reference: [UInt8] = []
                FindingJSONWriter().write(finding, redactingWith: .shared, memo: &memo, to: &fused)
                FindingJSONWriter().write(finding.redacted(.shared, memo: &memoAlone), to: &reference)
                #expect(String(decoding: fused, as: UTF8.self) == String(decoding: reference, as: UTF8.self), "round \(round)")
                #expect(!String(decoding: fused, as: UTF8.self).contains("hunter2"))
                #expect(!fused.contains(0x1B))
            }
        }
    }

    /// The writer escapes eight bytes at a time and stores whole words: each kind of byte to escape,
    /// at each place in a word, in texts that end in each place of a word.
    @Test("escapes at every offset of a word, in texts of every length up to three words")
    func escapesAtEveryOffset() throws {
        for length in 1...24 {
            for at in 0..<length {
                for special in ["\"", "\\", "\n", "\u{1}", "\u{1B}", "\u{7F}", "é", "\u{9B}", "\u{202E}", "\u{2014}"] {
                    var characters = Array(repeating: "a", count: length)
                    characters[at] = special
                    var finding = Self.findings[0]
                    finding.event.text = characters.joined()
                    var ours: [UInt8] = [], fused: [UInt8] = [], reference: [UInt8] = []
                    FindingJSONWriter().write(finding, to: &ours)
                    #expect(ours == (try Self.encoderBytes(finding)), "\(length) \(at) \(special.unicodeScalars.first!.value)")
                    var memo = FindingStreamMemo()
                    FindingJSONWriter().write(finding, redactingWith: .shared, memo: &memo, to: &fused)
                    FindingJSONWriter().write(finding.redacted(), to: &reference)
                    #expect(fused == reference, "\(length) \(at) \(special.unicodeScalars.first!.value)")
                }
            }
        }
    }

    /// A repeated message comes out of the scanner with the very same text, matched text and captures,
    /// whose JSON the writer then copies: it must be what writing each finding alone gives, secrets masked
    /// and controls escaped, and a finding that shares only some of those values must not borrow the rest.
    @Test("repeated messages are written as each one alone")
    func repeatedMessages() {
        let lines = [
            #"ERROR:  relation "orders" does not exist"#,
            "FATAL:  password authentication failed for user \"app\" password=hunter2",
            "ERROR:  relation \"caf\u{1B}[2J\" does not exist",
        ]
        let log = (0..<40).map { lines[$0 % lines.count] }.joined(separator: "\n") + "\n"
        var findings = scan(log).findings
        #expect(findings.count == 40)
        var borrowed = findings[3]  // the same captures and matched text as the first, another text
        borrowed.event.text = "ERROR:  relation \"orders\" does not exist, password=hunter3"
        var recaptured = findings[3]  // the same text, other captures
        recaptured.captures = [Capture(name: "relation", value: "password=hunter4")]
        findings += [borrowed, recaptured, findings[0]]
        var memo = FindingStreamMemo()
        for finding in findings {
            var streamed: [UInt8] = [], alone: [UInt8] = []
            FindingJSONWriter().write(finding, redactingWith: .shared, memo: &memo, to: &streamed)
            var fresh = FindingStreamMemo()
            FindingJSONWriter().write(finding, redactingWith: .shared, memo: &fresh, to: &alone)
            #expect(String(decoding: streamed, as: UTF8.self) == String(decoding: alone, as: UTF8.self))
            #expect(!String(decoding: streamed, as: UTF8.self).contains("hunter"))
            #expect(!streamed.contains(0x1B))
        }
    }

    @Test("in a stream, strings written from the memo and strings pushed out of it are each finding's own")
    func manySharedStrings() throws {
        let sources = (0..<600).map { "/var/log/service-\($0)/postgresql.log" }
        let categories = (0..<600).map { "category-\($0)" }
        var memo = FindingStreamMemo()
        for n in 0..<3000 {
            var finding = Self.findings[0]
            finding.event.source = sources[(n * 7) % sources.count]
            finding.category = categories[n % (n < 1500 ? 3 : categories.count)]
            var ours: [UInt8] = []
            FindingJSONWriter().write(finding, redactingWith: .shared, memo: &memo, to: &ours)
            #expect(ours == (try Self.encoderBytes(finding)), "finding \(n)")
        }
    }

    @Test("in a stream, each finding is written with its own rule id, severity and title")
    func repeatedRuleIDs() throws {
        let first = Self.findings[0]
        var retitled = first, regraded = first, decomposed = first, other = first
        retitled.title = "Relation does not exist"
        regraded.severity = .low
        decomposed.title = "Table d\u{E9}j\u{E0} vu"
        other.ruleID = "undefined_column"
        var decomposedAgain = decomposed
        decomposedAgain.title = "Table de\u{301}ja\u{300} vu"  // canonically equivalent, other bytes
        var memo = FindingStreamMemo()
        for finding in [first, retitled, first, regraded, other, decomposed, decomposedAgain, first] {
            var ours: [UInt8] = []
            FindingJSONWriter().write(finding, redactingWith: .shared, memo: &memo, to: &ours)
            #expect(String(decoding: ours, as: UTF8.self) == String(decoding: try Self.encoderBytes(finding), as: UTF8.self))
            #expect(Array(ours.suffix(finding.title.utf8.count + 3)) == Array(finding.title.utf8) + Array("\"}\n".utf8))
        }
    }
}
