import Foundation
import Testing
@testable import LogMedic

/// Error events no rule matched are counted by kind and shown, so that a catalog that does not know an app's
/// failures says so. Evidence from real software: Celery 5's time limits (billiard's exceptions) in
/// Tests/Corpus/celery, and a Java service's exceptions in Tests/Corpus/stacks.
@Suite struct UnrecognisedErrorsTests {
    static let celery = repositoryRoot.appendingPathComponent("Tests/Corpus/celery/worker.log").path
    /// As `report` and `watch` compile it; `scan` does not look for them.
    static let catalog = try! CompiledCatalog(RuleCatalog.load(extraDirectories: [], examples: false), errorWords: ErrorWords.literals)

    @Test func celerysTimeLimitErrorsAreCountedWithTheExceptionLinesOfTheirTracebacks() throws {
        let (findings, stats) = scan(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Self.celery))), catalog: Self.catalog)
        // The worker's own `Hard time limit (2s) exceeded` line is a finding; what the task and the pool printed is not.
        #expect(findings.contains { $0.ruleID == "celery_task_time_limit" })
        let errors = try #require(stats.unrecognisedErrors)
        #expect(errors.events == 6)
        #expect(errors.kinds.map { "\($0.count)× line \($0.line)" } == ["1× line 36", "1× line 49", "1× line 55", "3× line 61"])
        #expect(errors.kinds.map(\.example) == [
            "ERROR/ForkPoolWorker-2] Task shop.tasks.rebuild_search[6bc3e90d-ba4c-408c-acef-e4e1c9706359] raised unexpected: "
                + "SoftTimeLimitExceeded() … billiard.exceptions.SoftTimeLimitExceeded: SoftTimeLimitExceeded()",
            "ERROR/MainProcess] Task handler raised error: TimeLimitExceeded(2) … billiard.einfo.ExceptionWithTraceback: ",
            // The traceback billiard prints inside a string is an event of its own, without a level.
            "Traceback (most recent call last): … billiard.exceptions.TimeLimitExceeded: TimeLimitExceeded(2,)",
            // Three pool processes at shutdown, one kind: their numbers aside, the lines are the same.
            "ERROR/MainProcess] Process 'ForkPoolWorker-1' pid:12671 exited with 'signal 15 (SIGTERM)'",
        ])
        #expect(errors.commonest.first?.line == 61)
    }

    /// In a report, what the pool and the task print for the time limits the worker reported is that failure's
    /// (the rule's `aftermath:`): only the pool's shutdown lines stay. Without the worker's time-limit line, the
    /// task's SoftTimeLimitExceeded is an error no rule knows again.
    @Test func aReportedTimeLimitsAftermathIsNotListed() throws {
        let diagnoser = Diagnoser(pipeline: ScanPipeline(catalog: Self.catalog), snapshot: nil)
        let report = diagnoser.diagnose(paths: [Self.celery])
        #expect(report.problems.map(\.group.ruleID) == ["celery_task_time_limit", "celery_task_time_limit"])
        let errors = try #require(report.stats.unrecognisedErrors)
        #expect(errors.events == 3)
        #expect(errors.kinds.map(\.line) == [61])

        let lines = try String(contentsOfFile: Self.celery, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("worker.log")
            try lines.filter { !$0.contains("time limit (") }.joined(separator: "\n").write(to: log, atomically: true, encoding: .utf8)
            let alone = diagnoser.diagnose(paths: [log.path])
            #expect(alone.problems.isEmpty)
            #expect(alone.stats.unrecognisedErrors?.kinds.first?.example.contains("raised unexpected: SoftTimeLimitExceeded()") == true)
        }
    }

    /// One kind per message, whatever its numbers; warnings, info lines and matched errors are not counted.
    @Test func eventsDifferingOnlyInDigitsAreOneKind() throws {
        let log = """
            2026-01-01 10:00:01,000 ERROR worker: quota of 100 jobs reached for tenant 7
            2026-01-01 10:00:02,000 WARNING worker: quota of 100 jobs nearly reached
            2026-01-01 10:00:03,000 ERROR worker: quota of 250 jobs reached for tenant 12
            2026-01-01 10:00:04,000 INFO worker: job 12 done
            2026-01-01 10:00:05,000 ERROR worker: psycopg2.errors.UndefinedTable: relation "jobs" does not exist
            2026-01-01 10:00:06,000 CRITICAL worker: cannot reach the scheduler

            """
        let (findings, stats) = scan(bytes: Array(log.utf8), catalog: Self.catalog)
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        #expect(scan(bytes: Array(log.utf8)).stats.unrecognisedErrors == nil, "scan's catalog does not look for them")
        let errors = try #require(stats.unrecognisedErrors)
        #expect(errors.events == 3)
        #expect(errors.commonest.map { "\($0.count) \($0.line)" } == ["2 1", "1 6"])
        #expect(errors.commonest.first?.example == "ERROR worker: quota of 100 jobs reached for tenant 7")
        #expect(scan(bytes: Array("2026-01-01 10:00:04,000 INFO worker: job 12 done\n".utf8), catalog: Self.catalog).stats.unrecognisedErrors == nil)
    }

    /// Cut into chunks on several cores, `scan` and `report` count what one core counts, at the file's line numbers.
    @Test func chunksOnSeveralCoresCountWhatOneCoreCounts() throws {
        try withTemporaryDirectory { dir in
            let text = try String(contentsOfFile: Self.celery, encoding: .utf8)
            let file = dir.appendingPathComponent("worker.log")
            try String(repeating: text, count: 40).write(to: file, atomically: true, encoding: .utf8)
            let expected = try #require(ScanPipeline(catalog: Self.catalog, parallelism: 1)
                .run(paths: [file.path]) { _ in }.unrecognisedErrors)
            #expect(expected.events == 240)
            #expect(expected.kinds.map(\.line) == [36, 49, 55, 61])
            let cores = ScanPipeline(catalog: Self.catalog, parallelism: 3, minimumChunkBytes: 8 * 8 * 1024)
            #expect(cores.workItems([file.path], chunk: cores.orderedChunkBytes).count > 5)
            let rendered = cores.render(paths: [file.path], formatter: FindingFormatter(format: .ndjson, style: TerminalStyle(enabled: false))) { _ in }
            #expect(rendered.unrecognisedErrors == expected)
            let grouped = ScanPipeline(catalog: Self.catalog, parallelism: 3, minimumChunkBytes: 64 * 1024)
                .group(paths: [file.path], rules: Self.catalog.rules).1
            #expect(grouped.unrecognisedErrors == expected)
        }
    }

    /// Every report format but SARIF (which holds code-located results) shows them, with secrets masked: a Java
    /// service's rates call answered 401, and HttpURLConnection's exception quotes the URL with its key.
    @Test(arguments: [ReportFormat.text, .markdown, .json])
    func reportsShowThemRedacted(_ format: ReportFormat) throws {
        let log = repositoryRoot.appendingPathComponent("Tests/Corpus/stacks/java-oneline.log").path
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: Self.catalog), snapshot: nil).diagnose(paths: [log])
        let report = format.reporter().render(diagnosis)
        #expect(report.contains("java.io.IOException: Server returned HTTP response code: 401 for URL: http://127.0.0.1:"), "\(report.suffix(3000))")
        #expect(report.contains("/v1/rates?base=EUR&api_key=***"))
        #expect(!report.contains("rk_live_51Hq8TqLedger7Xy2"))
        #expect(report.contains(format == .json ? "\"unrecognised_errors\"" : "no rule"))
    }

    /// Findings files carry them in their summary record, and `report --findings` adds them up.
    @Test func theSummaryRecordCarriesThem() throws {
        var stats = ScanStats()
        let (_, celery) = scan(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Self.celery))), catalog: Self.catalog)
        stats.add(celery)
        stats.add(celery)
        let decoded = try JSONDecoder().decode(ScanStats.self, from: JSONEncoder().encode(stats))
        #expect(decoded.unrecognisedErrors?.events == 12)
        #expect(decoded.unrecognisedErrors?.kinds.map(\.count) == [2, 2, 2, 6])
        #expect(decoded == stats)
    }
}
