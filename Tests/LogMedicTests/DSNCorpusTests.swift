import Foundation
import Testing
@testable import LogMedic

/// Tests/Corpus/dsn: what SQLAlchemy 2, psycopg2, psycopg 3 and asyncpg raise on malformed connection strings
/// (capture_dsn.py). Each is a db_url_invalid finding, but the password with an unescaped `@` (its rest taken for
/// the host); none of the made-up password reaches any output.
@Suite struct DSNCorpusTests {
    static let log = repositoryRoot.appendingPathComponent("Tests/Corpus/dsn/app.log").path

    @Test func everyMalformedStringIsFound() throws {
        let findings = scan(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Self.log)))).findings
        #expect(findings.map(\.ruleID) == Array(repeating: "db_url_invalid", count: 12) + ["db_host_not_found"])
        #expect(findings.compactMap { $0.capture("scheme") } == ["postgres", "mysql"])
        #expect(findings.compactMap { $0.capture("option") } == ["port", "port", "dbnme", "sslmode", "sslmod"])
        #expect(findings.compactMap { $0.capture("value") } == ["54x", "abc", "5432x", "requierd", "54x"])
    }

    @Test(arguments: ReportFormat.allCases)
    func noOutputHoldsThePassword(_ format: ReportFormat) {
        let report = format.reporter().render(ReportFixture.diagnose(nil, source: nil, paths: [Self.log]))
        let scanned = FindingFormatter(format: .ndjson, style: TerminalStyle(enabled: false))
        let findings = scan(bytes: Array((try? Data(contentsOf: URL(fileURLWithPath: Self.log))) ?? Data())).findings
        for output in [report, findings.map { scanned.render($0) }.joined(separator: "\n")] {
            #expect(!output.contains("s3cret") && !output.contains("cret-Pw") && !output.contains("cret Pw"), "\(format)")
        }
        #expect(report.contains("Database connection string is malformed"))
    }
}
