import Foundation
import Testing
@testable import LogMedic

/// Details a user hit: URLs from SQLAlchemy, timestamps, plurals, cut text, output order.
@Suite struct SmallThingsTests {
    @Test(arguments: [
        ("postgresql+psycopg2://app:pw@db:5432/shop", "postgresql://app:pw@db:5432/shop"),
        ("postgresql+asyncpg://app@db/shop", "postgresql://app@db/shop"),
        ("postgresql+psycopg://app@db/shop", "postgresql://app@db/shop"),
        ("postgres+pg8000://db/shop", "postgres://db/shop"),
        ("postgresql://db/shop", "postgresql://db/shop"),
        ("host=db dbname=shop", "host=db dbname=shop"),
    ])
    func sqlalchemyDriverSuffixIsDroppedForLibpq(url: String, expected: String) {
        #expect(DSN.withoutDriver(url) == expected)
    }

    @Test func sqlalchemyURLsAreReadAndRedactedLikePlainOnes() {
        let target = DSN.target(of: "postgresql+psycopg2://app:pw@db.internal:6543/shop")
        #expect(target?.host == "db.internal" && target?.port == "6543" && target?.database == "shop" && target?.user == "app")
        #expect(DSN.redacted("postgresql+asyncpg://app:s3cr3t@db/shop") == "postgresql://app:***@db/shop")
    }

    @Test func onlyQuotedPiecesOfTheDSNAreMaskedInConnectionErrors() {
        let message = #"connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed near "s3cr3t""#
        #expect(PostgresConnection.maskingQuotedPieces(of: "host=x password=s3cr3t", in: message)
                == #"connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed near "***""#)
    }

    @Test func jsonTimestampsAreUTCISO8601WhateverTheLayout() throws {
        let json = JSONReporter().render(ReportFixture.checked)
        let seen = json.split(separator: "\n").filter { $0.contains("\"first_seen\" :") || $0.contains("\"timestamp\" :") }
        #expect(!seen.isEmpty)
        for line in seen { #expect(line.range(of: #": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.(\d{3}|\d{6})Z""#, options: .regularExpression) != nil, "\(line)") }
        #expect(Diagnosis.utc("2025-12-19 13:21:24.183 UTC") == "2025-12-19T13:21:24.183Z")
        #expect(Diagnosis.utc("2025-12-19T13:21:24.185651Z") == "2025-12-19T13:21:24.185651Z")
        #expect(Diagnosis.utc("not a time") == "not a time")
    }

    @Test func textReportPrintsEveryFixStepInFull() {
        let text = TextReporter(style: TerminalStyle(enabled: false)).render(ReportFixture.checked)
        for problem in ReportFixture.checked.redacted().problems {
            for step in problem.recommendation.fix {
                let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                #expect(words.contains(step.split(whereSeparator: \.isWhitespace).joined(separator: " ")), "\(step)")
            }
        }
    }

    @Test func concurrentMapKeepsOrderAndThrowsTheFirstFailure() {
        struct Failed: Error, Equatable { let index: Int }
        let numbers = Array(0..<500)
        #expect(numbers.concurrentMap { $0 * 3 } == numbers.map { $0 * 3 })
        #expect(throws: Failed(index: 17)) {
            _ = try numbers.concurrentMap { (n: Int) throws(Failed) -> Int in
                if n % 17 == 0, n > 0 { throw Failed(index: n) }
                return n
            }
        }
    }

    @Test func countsArePluralisedProperly() {
        #expect(ReportText.plural(1, "replacement") == "1 replacement")
        #expect(ReportText.plural(2, "fix", "fixes") == "2 fixes")
        var stats = ScanStats()
        stats.ingest.sources = 1; stats.ingest.lines = 1; stats.ingest.events = 1
        stats.findingsByRule = ["undefined_table": 1]
        let summary = ScanSummary.render(stats, seconds: 0, style: TerminalStyle(enabled: false))
        #expect(summary.hasPrefix("logmedic: 1 input, 1 line (0.0 MiB), 1 event, 1 finding in 0.00 s\n"))
    }

    @Test("lines() cuts where split at \\n cuts, with and without empty lines, CRLFs and marks after a newline")
    func linesSplitAsCharactersDo() {
        for text in ["", "\n", "\n\n", "a", "a\nb", "\na\n\nb\n", "a\r\nb\nc", "é\n😀\n", "a\n\u{301}b", "x\r", "\r\n\r\n"] {
            for omitting in [true, false] {
                #expect(text.lines(omittingEmpty: omitting) == text.split(separator: "\n", omittingEmptySubsequences: omitting),
                        "\(Array(text.utf8)) omitting \(omitting)")
            }
        }
    }
    @Test("scan's text: a match's first line and the severity labels, as the character loops and upper-casing gave them")
    func firstLineAndSeverityLabels() {
        for severity in Severity.allCases { #expect(severity.label == severity.rawValue.uppercased()) }
        let long = String(repeating: "x", count: 201), accented = String(repeating: "e\u{301}", count: 201)
        for text in ["", "a", "a\nb", "a\r\nb\nc", "\n", "\r\n", "x\r", accented, accented + "\nz", long, long + "\r\n",
                     String(repeating: "é", count: 200) + "\n", String(repeating: "y", count: 200)] {
            let line = text.prefix { $0 != "\n" }
            #expect(FindingFormatter.firstLine(of: text) == (line.count > 200 ? String(line.prefix(200)) + "…" : String(line)))
        }
    }
    @Test("a bare count since 1970 is shown as the UTC time it counts to, any other timestamp as logged")
    func shownTimestamps() {
        for t in ["1766131200", "1766131200.5", "1766131200123456", "2025-12-19 08:00:00.007 UTC", "", "12.", "٣٤٥٦٧٨٩٠١٢", "1766131200\r\n", "17661312e3"] {
            let bare = !t.isEmpty && t.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } && Timestamp.epoch(of: t) != nil
            #expect(FindingFormatter.shown(t) == (bare ? ReportText.time(t) : t), "\(t)")
        }
        #expect(FindingFormatter.shown("1766131200") != "1766131200")
    }
}

@Suite("white space trimming")
struct WhitespaceTrimmingTests {
    /// The same as Foundation's trimming, on what rule explanations hold and on Unicode spaces.
    @Test func trimsWhatFoundationTrims() {
        for text in ["", " ", "\n\t x y \n", "explain.\n", "\u{00A0}\u{2003}a\u{3000}", "\u{85}a\u{2028}", "é ", " \u{301}a", "a\r\n"] {
            #expect(Array(text.trimmingWhitespace().utf8) == Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8), "\(Array(text.unicodeScalars))")
        }
    }
}

@Suite("Python frame lines")
struct PythonFrameLineTests {
    @Test func framesAreReadFromTheirBytes() {
        let frame = FrameParser.python(#"File "/app/routers/ünïcode.py", line 1398, in list_invitations"#)
        #expect(frame == CodeFrame(file: "/app/routers/ünïcode.py", line: 1398, function: "list_invitations", isLibrary: false))
        #expect(FrameParser.python(#"File "/usr/lib/python3.11/site-packages/sqlalchemy/engine/base.py", line 7"#)
            == CodeFrame(file: "/usr/lib/python3.11/site-packages/sqlalchemy/engine/base.py", line: 7, function: nil, isLibrary: true))
        for notAFrame in [#"File "x.py", line ab, in f"#, #"File "x.py" line 3"#, #"File "no closing quote, line 3"#,
                          #"File "x.py", line 12٣, in f"#, "File", #"Files "x.py", line 3"#] {
            #expect(FrameParser.python(Substring(notAFrame)) == nil, "\(notAFrame)")
        }
    }

    @Test func javascriptFramesAreReadFromTheirBytes() {
        #expect(FrameParser.javascript("at AgenciesPage (https://app.example.com/_next/static/chunks/pages/admin-8f3e.js:1:2345)")
            == CodeFrame(file: "https://app.example.com/_next/static/chunks/pages/admin-8f3e.js", line: 1, function: "AgenciesPage", isLibrary: false))
        #expect(FrameParser.javascript("at /app/node_modules/pg/lib/client.js:526:17")
            == CodeFrame(file: "/app/node_modules/pg/lib/client.js", line: 526, function: nil, isLibrary: true))
        #expect(FrameParser.javascript("at async Promise.all (index 0)") == nil)
        #expect(FrameParser.javascript("at f (x.js:12)") == nil)
        #expect(FrameParser.javascript("at") == nil)
    }
}
