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
}
