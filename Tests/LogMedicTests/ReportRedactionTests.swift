import Foundation
import Testing
@testable import LogMedic

/// Secrets in logs must never reach a report, in any format.
@Suite("report redaction")
struct ReportRedactionTests {
    static func renderAll(_ diagnosis: Diagnosis) -> [(ReportFormat, String)] {
        ReportFormat.allCases.map { ($0, $0.reporter(style: TerminalStyle(enabled: true), source: ReportFixture.source).render(diagnosis)) }
    }

    @Test(arguments: ReportFormat.allCases)
    func theFixtureSecretsAppearInNoFormat(_ format: ReportFormat) {
        let report = format.reporter(source: ReportFixture.source).render(ReportFixture.checked)
        for secret in ReportFixture.secrets { #expect(!report.localizedCaseInsensitiveContains(secret), "\(format)") }
    }

    /// The fixture's secrets sit on lines no rule claims; here they are inside findings, their
    /// captures and the requests before them.
    @Test func secretsInsideFindingsAreRedactedInEveryFormat() throws {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("leaky.jsonl")
            let lines = [
                railway("INFO: 10.0.0.1:1 - \"GET /api/admin/agencies?token=Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123 HTTP/1.1\" 200 OK", severity: "info"),
                railway("Frontend error: TypeError: n.map is not a function (Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123)"),
                railway("sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation \"user_invitations\" does not exist; engine postgresql://postgres:Railway-S3cret-Pw@db.internal:6543/railway"),
                railway("psycopg2.errors.UndefinedTable: relation \"password=Railway-S3cret-Pw\" does not exist"),
            ]
            try lines.joined(separator: "\n").write(to: log, atomically: true, encoding: .utf8)
            let diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(), paths: [log.path])
            #expect(diagnosis.problems.count == 3)
            // Not vacuous: the unredacted diagnosis carries both secrets.
            let raw = String(decoding: try JSONEncoder().encode(diagnosis), as: UTF8.self)
            for secret in ReportFixture.secrets { #expect(raw.contains(secret)) }
            for (format, report) in Self.renderAll(diagnosis) {
                for secret in ReportFixture.secrets { #expect(!report.localizedCaseInsensitiveContains(secret), "\(format) leaks \(secret)") }
                #expect(report.contains("***"), "\(format)")
            }
        }
    }

    /// A record's own fields are log text too: a JSON record's time and service, a traceback's frame paths.
    @Test("scan and report keep the secrets and control characters of a record's time, service and frames out of every format")
    func recordFieldsAreRedactedToo() throws {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("fields.jsonl")
            let record = #"{"time":"password=Railway-S3cret-Pw","service":"api\u001b[2J","level":"error","message":"Traceback (most recent call last):\n  File \"/app/password=Railway-S3cret-Pw/db.py\", line 7, in run\npsycopg2.errors.UndefinedTable: relation \"t\" does not exist"}"#
            try record.write(to: log, atomically: true, encoding: .utf8)
            var findings: [Finding] = []
            _ = Scanner(catalog: builtinCatalog).scan(path: log.path) { findings.append($0) }
            let finding = try #require(findings.first)
            // Not vacuous: the finding carries the secret and the escape in those fields.
            #expect(finding.event.timestamp?.contains("Railway-S3cret-Pw") == true)
            #expect(finding.event.service?.contains("\u{1B}[2J") == true)
            #expect(finding.frames.contains { $0.file.contains("Railway-S3cret-Pw") })
            for format in [FindingFormat.text, .ndjson] {
                let out = FindingFormatter(format: format, style: TerminalStyle(enabled: true)).render(finding)
                #expect(!out.contains("Railway-S3cret-Pw"), "scan \(format)")
                #expect(!out.contains("\u{1B}[2J"), "scan \(format)")
            }
            for (format, report) in Self.renderAll(ReportFixture.diagnose(nil, source: nil, paths: [log.path])) {
                #expect(!report.contains("Railway-S3cret-Pw"), "report \(format)")
                #expect(!report.contains("\u{1B}[2J"), "report \(format)")
            }
        }
    }
}
