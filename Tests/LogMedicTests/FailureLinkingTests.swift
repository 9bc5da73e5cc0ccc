import Foundation
import Testing
@testable import LogMedic

/// One failure recorded by the PostgreSQL server and by the application is counted once.
@Suite struct FailureLinkingTests {
    static let fixture = repositoryRoot.appendingPathComponent("fixtures/linked-failures")

    func diagnose(_ paths: [String]) -> Diagnosis {
        Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: paths)
    }

    /// Captured from a real PostgreSQL 15, a SQLAlchemy + psycopg2 app and an asyncpg service (capture.sh).
    @Test func countsEqualTheNumberOfFailuresInTheCapturedFixture() throws {
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixture.appendingPathComponent("expected.json"))) as? [String: [String: Int]]
        let failures = try #require(expected?["failures"])
        let logs = ["postgres.log", "app-sqlalchemy.log", "app-asyncpg.jsonl"].map { Self.fixture.appendingPathComponent("logs/\($0)").path }
        let diagnosis = diagnose(logs)
        #expect(Dictionary(uniqueKeysWithValues: diagnosis.problems.map { ($0.group.ruleID, $0.group.count) }) == failures)
        for problem in diagnosis.problems {
            let count = problem.group.count
            #expect(problem.group.records == 2 * count)
            #expect(problem.group.linkedFailures == count)
            #expect(problem.group.sources.count == 2, "both the server's and the app's log are shown: \(problem.group.sources)")
            #expect(problem.occurrences == "\(count) occurrences (\(count) logged by both server and app, \(2 * count) log records)")
        }
    }

    @Test func theServerLogAloneCountsTheSame() {
        let diagnosis = diagnose([Self.fixture.appendingPathComponent("logs/postgres.log").path])
        #expect(diagnosis.problems.map(\.group.count).sorted() == [3, 4, 5])
        #expect(diagnosis.problems.allSatisfy { $0.group.linkedFailures == 0 })
    }

    @Test func recordsOfTheSameKindOrFarApartAreNotMerged() {
        let server = #"2026-12-03 14:00:00.100 UTC [7] ERROR:  relation "t" does not exist at character 15"#
        let app = #"2026-12-03T14:00:00.120Z ERROR [api] (psycopg2.errors.UndefinedTable) relation "t" does not exist"#
        let otherReplica = #"2026-12-03T14:00:00.130Z ERROR [api] (psycopg2.errors.UndefinedTable) relation "t" does not exist"#
        let late = #"2026-12-03T14:00:09.000Z ERROR [api] (psycopg2.errors.UndefinedTable) relation "t" does not exist"#
        var grouper = FindingGrouper(rules: builtinCatalog.rules)
        for line in [server, app, otherReplica, late] { grouper.add(scan(line + "\n").findings[0]) }
        let result = grouper.groupsBySeverity()
        #expect(result.map(\.count) == [3])
        #expect(result.map(\.records) == [4])
        #expect(result.map(\.linkedFailures) == [1])
    }

    /// uvicorn's default logging has no timestamps: its tracebacks cannot be placed in time, and each one is the
    /// same failure as one of the server's records the app's log has no other record for (was: counted twice).
    /// Server records beyond the untimed ones stay failures of their own.
    @Test func untimedAppRecordsPairWithTheServerRecordsLeftUnpaired() {
        let server = (0..<3).map { #"2026-12-03 14:00:0\#($0).100 UTC [7] ERROR:  relation "t" does not exist at character 15"# }
        let app = #"asyncpg.exceptions.UndefinedTableError: relation "t" does not exist"#
        let timedApp = #"2026-12-03T14:00:00.120Z ERROR [api] (psycopg2.errors.UndefinedTable) relation "t" does not exist"#
        var grouper = FindingGrouper(rules: builtinCatalog.rules)
        for line in server + [app, timedApp, app] { grouper.add(scan(line + "\n").findings[0]) }
        let result = grouper.groupsBySeverity()
        #expect(result.map(\.count) == [3])
        #expect(result.map(\.records) == [6])
        #expect(result.map(\.linkedFailures) == [3])

        var appOnly = FindingGrouper(rules: builtinCatalog.rules)
        for line in [server[0], app, app] { appOnly.add(scan(line + "\n").findings[0]) }
        #expect(appOnly.groupsBySeverity().map(\.count) == [2], "two app failures, one of them also the server's")
        #expect(appOnly.groupsBySeverity().map(\.linkedFailures) == [1])
    }

    /// Go's standard `log` writes `2026/12/03 14:00:00` (`.123456` with `log.Lmicroseconds`); a pgx error
    /// logged so is the same failure as the server's ERROR a moment before it.
    @Test func aGoLogLineIsTimedAndLinkedToTheServerRecord() {
        let server = #"2026-12-03 14:00:00.400 UTC [7] ERROR:  relation "t" does not exist at character 15"#
        let app = #"2026/12/03 14:00:00 list t: ERROR: relation "t" does not exist (SQLSTATE 42P01)"#
        let micro = #"2026/12/03 14:00:05.250001 list t: ERROR: relation "t" does not exist (SQLSTATE 42P01)"#
        let server2 = #"2026-12-03 14:00:05.249 UTC [7] ERROR:  relation "t" does not exist at character 15"#
        let findings = [server, app, server2, micro].map { scan($0 + "\n").findings[0] }
        #expect(findings[1].event.epoch == Timestamp.epoch(of: "2026-12-03T14:00:00Z"))
        #expect(findings[1].event.text.hasPrefix("list t:"), "the timestamp is cut from the message")
        #expect(findings[3].event.epoch.map { abs($0 - Timestamp.epoch(of: "2026-12-03T14:00:05.250001Z")!) < 1e-6 } == true)
        #expect(Timestamp.epoch(of: "2026/12-03 14:00:00") == nil, "one separator throughout")
        var grouper = FindingGrouper(rules: builtinCatalog.rules)
        for finding in findings { grouper.add(finding) }
        let result = grouper.groupsBySeverity()
        #expect(result.map(\.count) == [2])
        #expect(result.map(\.linkedFailures) == [2])
    }

    @Test func uvicornErrorLinesAreApplicationRecords() {
        #expect(FailureLinker.isServerRecord(#"2026-12-03 14:00:00.100 UTC [7] ERROR:  relation "t" does not exist"#))
        #expect(FailureLinker.isServerRecord("ERROR:  42P01: relation \"t\" does not exist\nSTATEMENT:  select"))
        #expect(!FailureLinker.isServerRecord("ERROR:    Exception in ASGI application\nTraceback"))
        #expect(!FailureLinker.isServerRecord("asyncpg.exceptions.UndefinedTableError: relation \"t\" does not exist"))
        #expect(FailureLinker.isServerRecord("FATAL:  password authentication failed for user \"app\""))
        #expect(FailureLinker.isServerRecord("[9] PANIC:  could not write to file"))
        #expect(!FailureLinker.isServerRecord("ERRoR:  relation \"t\" does not exist"))
        #expect(!FailureLinker.isServerRecord("WARNING:  there is no transaction in progress"))
        #expect(!FailureLinker.isServerRecord("worker died\nERROR:  relation \"t\" does not exist"), "only the first line")
    }
}
