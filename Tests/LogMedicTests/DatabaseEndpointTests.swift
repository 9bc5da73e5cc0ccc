import Foundation
import Testing
@testable import LogMedic

/// The hosts and ports a DSN names for its server, and whether a host and port a log names are one of them.
@Suite struct DatabaseEndpointTests {
    func endpoints(_ host: String?, _ port: String?, hostaddr: String? = nil) -> [String] {
        DatabaseEndpoint.endpoints(host: host, hostaddr: hostaddr, port: port).map { "\($0.host):\($0.port)" }
    }

    @Test func libpqPairsTheNthHostWithTheNthPortOrEveryHostWithOne() {
        #expect(endpoints("a,b", "1,2") == ["a:1", "b:2"])
        #expect(endpoints("a,b", "6432") == ["a:6432", "b:6432"])
        #expect(endpoints("a,b", "1,") == ["a:1", "b:5432"])
        #expect(endpoints("db.internal", "5531", hostaddr: "10.0.0.5") == ["db.internal:5531", "10.0.0.5:5531"])
    }

    @Test func aUnixSocketIsNoHostAndPort() {
        #expect(endpoints("/var/run/postgresql", "5531") == [])
        #expect(endpoints(nil, "5432") == [])
        #expect(endpoints("/tmp,db", "1,2") == ["db:2"])
    }

    @Test func aLoggedHostIsTheSameNameInAnyCaseOrTheSameLoopback() {
        let db = DatabaseEndpoint(host: "DB.Internal", port: 5531)
        #expect(db.isNamed(host: "db.internal", port: "5531"))
        #expect(!db.isNamed(host: "db.internal", port: "5532"))
        #expect(!db.isNamed(host: "10.0.0.5", port: "5531"), "names are not looked up")
        let local = DatabaseEndpoint(host: "localhost", port: 5531)
        #expect(local.isNamed(host: "127.0.0.1", port: "5531") && local.isNamed(host: "[::1]", port: "5531") && local.isNamed(host: "::1", port: "5531"))
        #expect(!DatabaseEndpoint(host: "127.0.0.1", port: 5531).isNamed(host: "10.0.0.5", port: "5531"))
    }
}

/// Node's and Go's failed connections name no driver: on the database's host and port they are the database's.
@Suite struct DatabaseEndpointClaimsTests {
    func rules(_ log: String, database: [DatabaseEndpoint]) -> [String] {
        var grouper = FindingGrouper(rules: builtinCatalog.rules)
        grouper.databaseClaims = DatabaseEndpointClaims(rules: builtinCatalog.rules, endpoints: database)
        for finding in scan(log).findings { grouper.add(finding) }
        return grouper.groupsBySeverity().map { "\($0.ruleID) \($0.captures.map(\.value).joined(separator: " "))" }.sorted()
    }

    @Test func aRefusalOrATimeoutOnTheDatabasesHostAndPortIsTheDatabases() {
        let log = """
            Error: connect ETIMEDOUT 10.0.0.5:5531
            Get "http://10.0.0.5:5531/": dial tcp 10.0.0.5:5531: connect: connection refused
            Error: connect ECONNREFUSED 10.0.0.6:5531
            Error: connect EHOSTUNREACH 10.0.0.5:5531
            """
        #expect(rules(log, database: [DatabaseEndpoint(host: "10.0.0.5", port: 5531)]) == [
            "db_connect_timeout 10.0.0.5 5531", "db_connection_refused 10.0.0.5 5531",
            "service_unreachable ECONNREFUSED 10.0.0.6 5531", "service_unreachable EHOSTUNREACH 10.0.0.5 5531",
        ])
        #expect(rules("dial tcp [::1]:5531: connect: connection refused", database: [DatabaseEndpoint(host: "localhost", port: 5531)])
                == ["db_connection_refused [::1] 5531"])
    }

    @Test func aUnixSocketDSNClaimsNothing() {
        #expect(DatabaseEndpointClaims(rules: builtinCatalog.rules, endpoints: []) == nil)
    }
}

/// Tests/Corpus/loans-restart: a `logmedic watch --db` session was connected when the server was stopped; its own
/// `FATAL: terminating connection due to administrator command` (csvlog's application_name `logmedic`) is not the app's.
@Suite struct OwnSessionTests {
    static let logs = ["app.log", "postgresql.csv"].map { repositoryRoot.appendingPathComponent("Tests/Corpus/loans-restart/\($0)").path }

    @Test func logmedicsOwnSessionIsNotCountedAmongTheAppsFailures() throws {
        let text = TextReporter(style: TerminalStyle(enabled: false)).render(Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: Self.logs))
        #expect(text.contains("""
            HIGH P2  Connection terminated by an administrator or shutdown
              1 occurrence (1 logged by both server and app, 2 log records), 2026-12-06 22:27:50 UTC → 2026-12-06 22:27:50 UTC
            """), "was: 2 occurrences (1 logged by both server and app, 3 log records)\n\(text)")
        // Without a database to say whose host and port 127.0.0.1:5531 is, a service, named by its port.
        #expect(text.contains("HIGH P1  A service the app calls could not be reached: ECONNREFUSED, 127.0.0.1:5531\n"))
    }
}
