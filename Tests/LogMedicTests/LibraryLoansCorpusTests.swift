import Foundation
import Testing
@testable import LogMedic

/// A Node service on node-postgres that logs one pino-style JSON record per failed request, with method, path, status 500
/// and the error, beside PostgreSQL 15's log (Tests/Corpus/library-loans, found by a probe that used logmedic as a new
/// user). traffic.txt is what the driver was answered.
@Suite struct LibraryLoansCorpusTests {
    static let logs = ["app.log", "postgresql.log"].map { repositoryRoot.appendingPathComponent("Tests/Corpus/library-loans/\($0)").path }

    /// The 500s traffic.txt records, by `METHOD /path`.
    static func served500() throws -> [String: Int] {
        let truth = try String(contentsOfFile: repositoryRoot.appendingPathComponent("Tests/Corpus/library-loans/traffic.txt").path, encoding: .utf8)
        var counts: [String: Int] = [:]
        for line in truth.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "500" else { continue }
            counts["\(parts[1]) \(parts[2])", default: 0] += 1
        }
        return counts
    }

    /// The error record is its request's response too: each problem lists the requests it failed, as many times as
    /// the driver got a 500 for them (was: no "requests failed" at all, and earlier requests named as "before it").
    @Test func eachProblemNamesTheRequestsItFailed() throws {
        let truth = try Self.served500()
        let problems = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: Self.logs).problems
        func failed(_ rule: String, _ key: String = "") -> [String] { failedRequests(problems, rule, key) }
        #expect(failed("undefined_table", "reservations") == ["GET /members/1/reservations ×2", "POST /reservations ×3"])
        #expect(failed("statement_timeout") == ["GET /reports/overdue ×\(truth["GET /reports/overdue"] ?? 0)"])
        var blamed: [String: Int] = [:]
        for problem in problems { for request in problem.group.failedRequests { blamed["\(request.method) \(request.path)", default: 0] += request.occurrences } }
        #expect(blamed == truth, "blamed \(blamed), answered 500 \(truth)")
    }

    /// node-postgres's pool says `timeout exceeded when trying to connect` only while every client is checked out
    /// (pg-pool's source): the pool is exhausted, not the network (was: CRITICAL "Database connection timed out" with
    /// firewall advice, ranked first).
    @Test func aBusyPoolIsNotANetworkTimeout() {
        let problems = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: Self.logs).problems
        #expect(problems.contains { $0.group.ruleID == "db_pool_exhausted" && $0.group.failedRequests.map(\.path) == ["/reports/busy"] })
        #expect(!problems.contains { $0.group.ruleID == "db_connect_timeout" })
    }

    /// Loggers that flatten the error object to dotted keys (`"err.message"`, `"err.stack"`, ECS's `"error.stack_trace"`)
    /// give the same problems as the nested record (was: 0 findings and nothing listed as unknown, found by the probe).
    @Test(arguments: ["flat.log", "ecs_dotted.log"])
    func flatErrorKeysAreReadAsTheErrorObject(variant: String) {
        func rules(_ path: String) -> [String] {
            Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: [path]).problems.map(\.headline).sorted()
        }
        let nested = rules(Self.logs[0])
        #expect(nested.count >= 8)
        #expect(rules(repositoryRoot.appendingPathComponent("Tests/Corpus/library-loans/variants/\(variant)").path) == nested)
    }

    /// node-postgres installed by Debian (`/usr/share/nodejs/pg-protocol/dist/parser.js`) is a library, not the app's
    /// code (was: every database problem's code location; found by the probe): no problem points into it. Its stacks
    /// hold no frame of the app's own (node-postgres rejects from its socket's callback), so none has a location.
    @Test func debiansNodeModulesAreNotTheAppsCode() {
        let problems = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: Self.logs).problems
        let locations = problems.flatMap(\.group.codeLocations).map(\.file)
        #expect(!locations.contains { $0.contains("/usr/share/nodejs/") }, "\(locations)")
    }
}
