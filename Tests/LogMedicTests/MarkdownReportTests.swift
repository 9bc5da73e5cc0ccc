import Foundation
import Testing
@testable import LogMedic

/// Regression: shared/incident-2025-12-19.md — the report a person wrote by hand, reproduced from the logs.
@Suite("report --format markdown (incident 2025-12-19)")
struct MarkdownReportTests {
    let markdown = MarkdownReporter().render(ReportFixture.checked)

    @Test func summaryTableConfirmsBothMissingTables() {
        #expect(markdown.hasPrefix("# Incident report — 2025-12-19 13:00–16:53 UTC\n"))
        #expect(markdown.contains("| # | Problem | Severity | Occurrences | First seen | Last seen | Database |"))
        for table in ["user_invitations", "pending_signup_queue"] {
            let row = markdown.split(separator: "\n").first { $0.hasPrefix("| P") && $0.contains("`\(table)`") }
            #expect(row?.hasSuffix("| CONFIRMED |") == true, "\(row ?? "no row for \(table)")")
        }
        #expect(markdown.contains("- **Database checked:** `railway` (PostgreSQL 15.18, snapshot file"))
    }

    @Test func auditLogTimestampNamesCreatedAt() throws {
        let p = try #require(ReportFixture.problem(ReportFixture.checked, rule: "missing_model_attribute"))
        let section = ReportFixture.section(markdown, p.id)
        #expect(section.hasPrefix("Model has no such attribute: `AuditLog.timestamp`"))
        #expect(section.contains("**CONFIRMED** — AuditLog maps to public.audit_logs, which has no column timestamp. The column meant is public.audit_logs.created_at"))
        #expect(section.contains("+ AuditLog.created_at"))
        #expect(section.contains("- `app/routers/admin.py:155: .order_by(desc(AuditLog.timestamp))`"))
    }

    @Test func healthCheckPointsAtAdminLine100() throws {
        let p = try #require(ReportFixture.problem(ReportFixture.checked, rule: "sqlalchemy_textual_sql"))
        let section = ReportFixture.section(markdown, p.id)
        #expect(section.contains("- `app/routers/admin.py:100: db.execute(\"SELECT 1\")`"))
        #expect(section.contains("`/app/app/routers/admin.py:100` in `database_health` — 2×"))
        #expect(section.contains("+ db.execute(text(\"SELECT 1\"))"))
        // Without --source only the frame path from the traceback is known.
        let bare = MarkdownReporter().render(ReportFixture.unchecked)
        let bareSection = ReportFixture.section(bare, try #require(ReportFixture.problem(ReportFixture.unchecked, rule: "sqlalchemy_textual_sql")).id)
        #expect(bareSection.contains("`/app/app/routers/admin.py:100`"))
        #expect(!bareSection.contains("Lines to change"))
    }

    @Test func mapIsNotAFunctionIsTiedToTheAgenciesEndpoint() throws {
        let p = try #require(ReportFixture.problem(ReportFixture.checked, rule: "frontend_response_shape"))
        let section = ReportFixture.section(markdown, p.id)
        #expect(section.hasPrefix("Frontend called an array method on a non-array API response: `n.map`"))
        #expect(section.contains("n.map is not a function"))
        #expect(section.contains("The frontend called .map() on the response of GET /api/admin/agencies"))
        #expect(section.contains("Endpoint: `GET /api/admin/agencies`"))
    }

    @Test func everyProblemHasEverySectionInOrder() {
        let headings = ["### Problem", "### Root cause", "### Database check", "### Recommended fix", "### Verification", "### Rollback"]
        // The 7 incident problems and 7 other failures the logs hold (near misses with other_rule, a shutdown).
        #expect(ReportFixture.checked.problems.count == 14)
        for problem in ReportFixture.checked.problems {
            let section = ReportFixture.section(markdown, problem.id)
            let found = section.split(separator: "\n").filter { $0.hasPrefix("### ") }.map(String.init)
            #expect(found == headings, "\(problem.id)")
            for (heading, next) in zip(headings, headings.dropFirst() + ["\n## "]) {
                let body = section.components(separatedBy: heading + "\n").last?.components(separatedBy: next).first ?? ""
                #expect(!body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(problem.id) \(heading) is empty")
            }
        }
        #expect(markdown.hasSuffix("## Input quality\n\n- Read 3 inputs, 5077 lines (1557086 bytes), 2783 events, 61 findings.\n"
                                   + "- Skipped or repaired: malformed JSON 2, CRLF 5.\n"))
    }

    @Test func createdTablesAreReportedResolved() {
        let fixed = ReportFixture.diagnose(ReportFixture.snapshot(extra: [
            ReportFixture.table("user_invitations", [ReportFixture.id]),
            ReportFixture.table("pending_signup_queue", [ReportFixture.id]),
        ]))
        let markdown = MarkdownReporter().render(fixed)
        for table in ["user_invitations", "pending_signup_queue"] {
            let row = markdown.split(separator: "\n").first { $0.hasPrefix("| P") && $0.contains("`\(table)`") }
            #expect(row?.hasSuffix("| RESOLVED |") == true, "\(row ?? "no row for \(table)")")
        }
    }

    @Test func withoutASchemaNothingIsClaimedAboutTheDatabase() {
        let markdown = MarkdownReporter().render(ReportFixture.unchecked)
        #expect(markdown.contains("- **Database checked:** not checked — pass --db or --schema\n"))
        #expect(!markdown.contains("CONFIRMED"))
        #expect(!markdown.contains("RESOLVED"))
    }

    @Test func codeSpansAndFencesSurviveBackticks() {
        #expect(Markdown.code("a`b") == "``a`b``")
        #expect(Markdown.code("`x`") == "`` `x` ``")
        #expect(Markdown.fenced("```\nboom\n```", language: "text") == "````text\n```\nboom\n```\n````\n")
        #expect(Markdown.cell("a|b\nc") == "a\\|b c")
    }

    @Test func longSamplesAreTrimmedToHeadAndTail() {
        let text = (1...100).map { "line \($0)" }.joined(separator: "\n")
        let lines = ReportText.trimmed(text).split(separator: "\n")
        #expect(lines.count == 25)
        #expect(lines.first == "line 1")
        #expect(lines.last == "line 100")
        #expect(lines.contains("… 76 lines omitted …"))
    }
}

/// Text from logs in the markdown report's prose (advice, verdicts) renders as text: a relation name or
/// a frontend error a client sent cannot put a link, an image or HTML into the incident report.
@Suite struct MarkdownProseTests {
    @Test func aLinkOrHTMLFromALogIsEscapedInProse() throws {
        let hostile = #"relation "a|b`c` [click](https://evil.example/x) ![i](https://evil.example/p.png) <img src=x onerror=alert(1)>" does not exist"#
        let markdown = try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try ("psycopg2.errors.UndefinedTable: " + hostile + "\n").write(to: log, atomically: true, encoding: .utf8)
            return MarkdownReporter().render(ReportFixture.diagnose(nil, source: nil, paths: [log.path]))
        }
        // Outside code spans and fences, no bracket or angle bracket is left unescaped.
        var inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            guard !inFence else { continue }
            let prose = line.replacingOccurrences(of: #"``[^`].*?``|`[^`]+`"#, with: "", options: .regularExpression)
            #expect(prose.range(of: #"(?<!\\)\]\(https://evil|(?<!\\)<img"#, options: .regularExpression) == nil, "\(line)")
        }
        #expect(markdown.contains(#"Create a|b`c` \[click\](https://evil.example/x) !\[i\](https://evil.example/p.png) \<img src=x onerror=alert(1)\> with the migration"#))
        #expect(Markdown.prose("Run `alembic upgrade head` on db[1]") == #"Run `alembic upgrade head` on db\[1\]"#)
        #expect(Markdown.prose("a ``x ` [y]`` b `c") == #"a ``x ` [y]`` b \`c"#)
    }

    @Test("a section drops its trailing newlines as a reverse of its characters did; a CRLF is a character and stays")
    func trailingNewlines() {
        for text in ["", "\n", "\n\n", "a", "a\n", "a\n\n\n", "a\r\n", "a\r\n\n", "a\n\r\n", "\r", "a\r", "\r\n",
                     "é\n", "😀\n\n", "a\u{301}\n", "\n\u{301}", "line\nline\n", "x\r\r\n"] {
            #expect(MarkdownReporter.trimmingNewlines(text) == String(text.reversed().drop { $0 == "\n" }.reversed()), "\(Array(text.utf8))")
        }
    }

    @Test("ASCII text is escaped byte by byte as the character loops escape any text")
    func asciiFastPathsAgreeWithCharacterLoops() {
        // An appended "é" sends a text down the character loops, and changes nothing else.
        let texts = ["", "plain", "a[b]c", "<img src=x>", "back\\slash", "`code`", "``x ` y``", "`unclosed", "a ``x ` [y]`` b `c",
                     "```", "x`y``z```", "*bold* _it_ | # h", "line\r\nline", "relation \"users\" does not exist [SQL: SELECT 1]"]
        for text in texts {
            #expect(Markdown.prose(text + "é") == Markdown.prose(text) + "é", "\(text)")
            #expect(Markdown.escaped(text + "é") == Markdown.escaped(text) + "é", "\(text)")
            #expect(Markdown.longestRun(of: "`", in: text + "é") == Markdown.longestRun(of: "`", in: text), "\(text)")
        }
        #expect(Markdown.prose("`\u{301}[x]") == "`\u{301}\\[x\\]")  // a backtick with a combining mark is no backtick
    }

    @Test("a report of problems whose lines carry no time says how many there are, not that there are none")
    func titleOfProblemsWithoutTimes() throws {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("stderr.log")
            try "psycopg2.errors.UndefinedTable: relation \"orders\" does not exist\n".write(to: log, atomically: true, encoding: .utf8)
            let diagnosis = ReportFixture.diagnose(nil, source: nil, paths: [log.path])
            #expect(diagnosis.problems.count == 1)
            #expect(MarkdownReporter().render(diagnosis).hasPrefix("# Incident report — 1 problem, times not logged\n"))
            let empty = ReportFixture.diagnose(nil, source: nil, paths: [dir.appendingPathComponent("none.log").path])
            #expect(MarkdownReporter().render(empty).hasPrefix("# Incident report — no problems found\n"))
        }
    }
}

/// The markdown title's time range: within one minute it goes to the second (was: `16:00–16:00 UTC`).
@Suite struct ReportRangeTests {
    static func range(_ lines: String) throws -> String? {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try lines.write(to: log, atomically: true, encoding: .utf8)
            return ReportText.range(of: Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: [log.path]))
        }
    }

    @Test func aRangeWithinAMinuteShowsSeconds() throws {
        let table = "ERROR app: psycopg2.errors.UndefinedTable: relation \"visits\" does not exist"
        #expect(try Self.range("2026-01-01 10:00:05,100 \(table)\n2026-01-01 10:00:41,900 \(table)\n") == "2026-01-01 10:00:05–10:00:41 UTC")
        #expect(try Self.range("2026-01-01 10:00:05,100 \(table)\n2026-01-01 10:07:41,900 \(table)\n") == "2026-01-01 10:00–10:07 UTC")
    }
}
