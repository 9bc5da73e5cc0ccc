import Foundation
import Testing
@testable import LogMedic

/// A Starlette service under uvicorn on SQLAlchemy 2 async and asyncpg, logging structlog JSON beside uvicorn's
/// access lines, and PostgreSQL 15 in New York time (Tests/Corpus/stockroom, capture.sh). Each failed request is
/// logged twice: by uvicorn, without a clock, as the 500 goes out (before the error is logged), and by the app's
/// middleware, with method, path and status. The error record names its request in JSON fields (`method`, `path`).
@Suite struct StockroomCorpusTests {
    static let logs = ["app.log", "postgresql.log"].map { repositoryRoot.appendingPathComponent("Tests/Corpus/stockroom/\($0)").path }

    /// The 5xx responses the app's own request records count, by `METHOD /path`: the truth the blame is held to.
    static func serverErrors() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in try String(contentsOfFile: logs[0], encoding: .utf8).split(separator: "\n") where line.hasPrefix("{") {
            guard let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  record["event"] as? String == "request", let status = record["status"] as? Int, status >= 500,
                  let method = record["method"] as? String, let path = record["path"] as? String else { continue }
            counts["\(method) \(path)", default: 0] += 1
        }
        return counts
    }

    /// Each 500 is blamed once, on the failure whose record named its request (was: uvicorn's copy counted again and
    /// given to the failure logged before it: `GET /reports/legacy → 500 ×6` for 3 requests, `/discontinued` blamed
    /// on the missing table). No request is blamed more often than the app answered it with a 500.
    @Test func eachFailedRequestIsBlamedOnceOnItsOwnFailure() throws {
        let truth = try Self.serverErrors()
        let problems = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: Self.logs).problems
        func blamed(_ rule: String, _ key: String = "") -> [String] { failedRequests(problems, rule, key) }
        #expect(truth["GET /reports/legacy"] == 3 && truth["GET /items"] == 3)
        #expect(blamed("undefined_table", "inventory_snapshots") == ["GET /reports/legacy ×3"])
        #expect(blamed("undefined_column", "discontinued_at") == ["GET /discontinued ×3"])
        #expect(blamed("invalid_input_syntax", "integer") == ["GET /items ×3"])
        var total: [String: Int] = [:]
        for problem in problems { for request in problem.group.failedRequests { total["\(request.method) \(request.path)", default: 0] += request.occurrences } }
        for (request, count) in total { #expect(count <= truth[request] ?? 0, "\(request): blamed \(count) times, answered 500 \(truth[request] ?? 0) times") }
    }

    /// structlog's error records carry their exception in a field, read as the message's next lines: one that no rule
    /// knows is listed as an error no rule knows (was: a JSON record's level counted only with a traceback first, so the
    /// outbox worker's death and a ValueError's 500 were in no finding and no list).
    @Test func aJSONErrorRecordsExceptionNoRuleKnowsIsListed() throws {
        let report = Diagnoser(pipeline: ScanPipeline(catalog: UnrecognisedErrorsTests.catalog), snapshot: nil).diagnose(paths: Self.logs)
        let kinds = try #require(report.stats.unrecognisedErrors).kinds.map(\.example)
        #expect(kinds.contains { $0.contains("ValueError: invalid literal for int() with base 10: 'abc'") }, "\(kinds)")
        #expect(kinds.contains { $0.hasPrefix("outbox flush failed") && $0.contains("InterfaceError: cannot call Connection.execute()") }, "\(kinds)")
        #expect(!kinds.contains { $0.contains("stockroom started") || $0.hasPrefix("request") })
    }

    /// Two requests waited on the recount job's row lock until lock_timeout: the driver's exceptions name no relation,
    /// the server's records name `items` or not (a CONTEXT line, by timing). One problem of 2 failures, each logged
    /// by both, named by the relation (was: `lock` ×2 with a server record and `lock, items` ×1: 3 for 2). A capture
    /// that sets kinds apart is not folded: numeric field overflow stays beside integer out of range.
    @Test func aLockTimeoutLoggedWithAndWithoutItsRelationIsOneProblem() throws {
        let problems = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: Self.logs).problems
        let locks = problems.filter { $0.group.ruleID == "statement_timeout" && $0.group.capture("reason") == "lock" }
        #expect(locks.map(\.headline) == ["Lock wait cancelled by lock_timeout on items"])
        #expect(locks.first.map { ($0.group.count, $0.group.linkedFailures) } ?? (0, 0) == (2, 2))
        #expect(problems.filter { $0.group.ruleID == "numeric_value_out_of_range" }.count == 2)
    }

    /// The app caught a unique violation and carried on in the same transaction; its next statement failed with
    /// `current transaction is aborted`. The server's log prefix (`[%p]`) puts both on one backend: the aborted
    /// transaction is caused by the unique violation (was: no cause; "find the first error" by hand). The same in the
    /// clinic corpus (a psycopg2 job, another prefix), and nothing is linked across backends.
    @Test func anAbortedTransactionNamesItsSessionsFirstError() throws {
        let clinic = ["app.log", "job.log", "postgresql.log"].map { repositoryRoot.appendingPathComponent("Tests/Corpus/clinic/\($0)").path }
        for (paths, constraint) in [(Self.logs, "reservations_idempotency_key_key"), (clinic, "clinic_counters_pkey")] {
            let problems = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: paths).problems
            let aborted = try #require(problems.first { $0.group.ruleID == "in_failed_transaction" })
            let unique = try #require(problems.first { $0.group.ruleID == "unique_violation" && $0.group.capture("constraint") == constraint })
            #expect(aborted.causedBy?.contains(unique.id) == true, "\(aborted.causedBy ?? [])")
            #expect(problems.filter { $0.causedBy?.contains(unique.id) == true }.map(\.group.ruleID) == ["in_failed_transaction"])
        }
    }

    /// Stock uvicorn logging (plain/): every 500's access line is printed without a clock just before uvicorn's
    /// `Exception in ASGI application` traceback, which has none either; only the server's records have one. Each
    /// 500 is blamed on the traceback under it (was: no "requests failed" at all, found by the asyncpg probe), and
    /// on one core and on two (the files then grouped apart and merged). truth.tsv is what the driver saw.
    @Test(arguments: [1, 2])
    func stockUvicornResponsesAreBlamedOnTheTracebackUnderThem(cores: Int) throws {
        let plain = ["combined.log", "postgresql.log"].map { repositoryRoot.appendingPathComponent("Tests/Corpus/stockroom/plain/\($0)").path }
        let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: cores)
        let problems = Diagnoser(pipeline: pipeline, snapshot: nil).diagnose(paths: plain).problems
        func blamed(_ rule: String) -> [String] {
            problems.first { $0.group.ruleID == rule }?.group.failedRequests.map { "\($0.method) \($0.path) → \($0.status ?? 0) ×\($0.occurrences)" } ?? ["no such problem"]
        }
        #expect(blamed("undefined_table") == ["GET /reports/legacy → 500 ×2"])
        #expect(blamed("invalid_input_syntax") == ["GET /items → 500 ×1"])
        #expect(blamed("deadlock_detected") == ["POST /transfer → 500 ×1"])
        #expect(blamed("undefined_column") == ["GET /discontinued → 500 ×1"])
        #expect(blamed("statement_timeout") == ["GET /reports/stock → 500 ×1"])
        // Every 500 the driver was answered (truth.tsv's `{200: 1, 500: 1}`) is blamed, once.
        let truth = try String(contentsOfFile: repositoryRoot.appendingPathComponent("Tests/Corpus/stockroom/plain/truth.tsv").path, encoding: .utf8)
        let served = truth.split(separator: "\n").compactMap { line in line.firstRange(of: "500: ").flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) } }
        #expect(served.reduce(0, +) == 6)
        #expect(problems.flatMap(\.group.failedRequests).map(\.occurrences).reduce(0, +) == 6)
    }
}
