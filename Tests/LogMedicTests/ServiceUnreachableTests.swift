import Foundation
import Testing
@testable import LogMedic

/// An app that cannot reach a service it calls: Node's and Go's refusals on any port were taken for the database's
/// ("Database server refused the connection", fix `DATABASE_URL`), and Python's HTTP and Redis clients gave no finding.
@Suite struct ServiceUnreachableTests {
    /// Printed by requests, httpx, redis-py, kombu (capture.py) and Node's fetch and http (capture.js): Tests/Corpus/services/capture.sh.
    static let corpus = repositoryRoot.appendingPathComponent("Tests/Corpus/services")

    func findings(_ name: String) throws -> [Finding] {
        scan(bytes: Array(try Data(contentsOf: Self.corpus.appendingPathComponent(name)))).findings
    }

    @Test func pythonsClientsSayWhichServiceFailedAndHow() throws {
        let found = try findings("python.log")
        #expect(found.map(\.ruleID) == Array(repeating: "service_unreachable", count: 10), "was: no finding")
        #expect(found.map { $0.capture("reason") } == [
            "NewConnectionError", "Read timed out", "NameResolutionError", "ConnectError", "ReadTimeout", "ConnectError",
            "Connection refused", "Name or service not known", "Timeout connecting to server", "Connection refused",
        ])
        #expect(found[7].capture("host") == "cache.invalid" && found[7].capture("port") == "6379")
        #expect(found[2].capture("host") == "payments.invalid" && found[2].capture("port") == "443")
        #expect(found[0].capture("path") == "/v1/charges")
    }

    @Test func nodesRefusalOnAServicePortAndFetchsUnknownHostAreNotTheDatabase() throws {
        let found = try findings("node.log")
        #expect(!found.contains { $0.ruleID.hasPrefix("db_") }, "was: db_connection_refused, db_host_not_found")
        #expect(found.filter { $0.ruleID == "service_unreachable" }.map { $0.capture("reason") } == ["ECONNREFUSED", "ENOTFOUND", "ECONNREFUSED"])
        #expect(found.contains { $0.capture("host") == "payments.invalid" })
    }

    /// On PostgreSQL's ports the same words are still the database's, and so is a name that no HTTP client looked up.
    @Test(arguments: [
        ("Error: connect ECONNREFUSED 127.0.0.1:5432", "db_connection_refused"),
        ("Error: connect ECONNREFUSED 10.0.0.5:6432", "db_connection_refused"),
        ("Error: connect ETIMEDOUT 10.0.0.5:5432", "db_connect_timeout"),
        ("dial tcp 10.0.0.5:5432: connect: connection refused", "db_connection_refused"),
        ("Error: connect ECONNREFUSED 127.0.0.1:8099", "service_unreachable"),
        ("Error: connect ETIMEDOUT 203.0.113.9:443", "service_unreachable"),
        ("dial tcp 10.0.0.7:8080: connect: connection refused", "service_unreachable"),
        ("Error: getaddrinfo ENOTFOUND postgres", "db_host_not_found"),
        ("dial tcp: lookup db on 127.0.0.11:53: no such host", "db_host_not_found"),
        (#"Get "https://api.example.com/v1": dial tcp: lookup api.example.com on 127.0.0.11:53: no such host"#, "service_unreachable"),
    ])
    func theDatabaseIsNamedOnlyOnItsPorts(_ line: String, _ rule: String) {
        #expect(scan(line).findings.map(\.ruleID) == [rule])
    }

    @Test func theAdviceNamesTheServiceNotTheDatabase() throws {
        let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
        let diagnosis = Diagnoser(pipeline: pipeline, snapshot: nil).diagnose(paths: [Self.corpus.appendingPathComponent("python.log").path])
        let text = TextReporter(style: TerminalStyle(enabled: false)).render(diagnosis)
        #expect(text.contains("Check that the service at payments.invalid is up and reachable from where the app runs"))
        #expect(!text.contains("Database server refused"))
    }
}
