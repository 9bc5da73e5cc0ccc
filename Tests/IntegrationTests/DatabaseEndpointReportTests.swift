import Foundation
import Testing
@testable import LogMedic

/// node-postgres's `connect ECONNREFUSED 127.0.0.1:5531` names no driver: on a port that is not PostgreSQL's usual one it
/// was "a service the app calls", even with `--db` naming that very host and port (found by a Node probe on port 5497).
/// Tests/Corpus/loans-restart was captured on port 5531; here its port is rewritten to the test server's (or another),
/// so that `--db` names the host and port the app's log does.
@Suite("report: the database's host and port (binary, live PostgreSQL)", .enabled(if: TestDatabase.isAvailable))
struct DatabaseEndpointReportTests {
    static let corpus = CLI.packageRoot.appendingPathComponent("Tests/Corpus/loans-restart")
    static var url: String { TestDatabase.url ?? "" }
    static var port: String { DSN.target(of: url)?.port ?? "" }

    /// The corpus's logs with its port 5531 made `port`, in a temporary directory.
    static func logs(onPort port: String) throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("loans-restart-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try ["app.log", "postgresql.csv"].map { name in
            let text = try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8)
            let path = directory.appendingPathComponent(name)
            try text.replacingOccurrences(of: ":5531", with: ":\(port)").write(to: path, atomically: true, encoding: .utf8)
            return path.path
        }
    }

    static func report(_ logs: [String], db: String?) throws -> String {
        let run = try CLI.run(["report"] + logs + (db.map { ["--db", $0] } ?? []), environment: ["DATABASE_URL": ""])
        #expect(run.status == 1, "\(run.stderr)")
        return run.stdout
    }

    @Test func aRefusedConnectionToTheDatabasesHostAndPortIsTheDatabasesCausedByTheShutdown() throws {
        let text = try Self.report(try Self.logs(onPort: Self.port), db: Self.url)
        #expect(text.contains("""
            CRITICAL P1  Database server refused the connection: 127.0.0.1
              5 occurrences, 2026-12-06 22:27:50 UTC → 2026-12-06 22:27:51 UTC
              database: N/A  No database check applies to this rule.
              requests failed: GET /loans → 500 ×5
              caused by: P2
            """), "\(text)")
        #expect(text.contains("HIGH P2  Connection terminated by an administrator or shutdown\n"))
        #expect(!text.contains("A service the app calls"))
    }

    /// The same log on PostgreSQL's own port gives the same report, whatever port the database listens on.
    @Test func theReportIsTheOneOfTheSameLogOnPort5432() throws {
        let onItsPort = try Self.report(try Self.logs(onPort: Self.port), db: Self.url)
        let on5432 = try Self.report(try Self.logs(onPort: "5432"), db: Self.url)
        #expect(onItsPort == on5432)
    }

    @Test func withoutADatabaseItStaysAServiceNamedByHostAndPort() throws {
        let text = try Self.report(try Self.logs(onPort: Self.port), db: nil)
        #expect(text.contains("HIGH P1  A service the app calls could not be reached: ECONNREFUSED, 127.0.0.1:\(Self.port)\n"), "\(text)")
        #expect(!text.contains("caused by"))
    }

    /// A port the DSN does not name is another service's, and a unix-socket DSN names no host and port at all.
    @Test func anotherPortOrAUnixSocketDSNLeavesItAService() throws {
        let other = String(Int(Self.port)! + 1)
        let elsewhere = try Self.report(try Self.logs(onPort: other), db: Self.url)
        #expect(elsewhere.contains("A service the app calls could not be reached: ECONNREFUSED, 127.0.0.1:\(other)\n"), "\(elsewhere)")
        let socketDirectory = try PostgresConnection(dsn: Self.url).query("SELECT split_part(current_setting('unix_socket_directories'), ',', 1)")[0, 0] ?? ""
        let socket = "host=\(socketDirectory) port=\(Self.port) dbname=logmedic user=postgres"
        let viaSocket = try Self.report(try Self.logs(onPort: Self.port), db: socket)
        #expect(viaSocket.contains("A service the app calls could not be reached: ECONNREFUSED, 127.0.0.1:\(Self.port)\n"), "\(viaSocket)")
    }

    /// Every host of a multi-host DSN is the database's (libpq fails over to the next), not only the one connected to;
    /// `localhost` names the loopback address the log does.
    @Test func everyHostOfAMultiHostDSNIsTheDatabases() throws {
        let standby = String(Int(Self.port)! + 1)
        let dsn = "host=127.0.0.1,LOCALHOST port=\(Self.port),\(standby) dbname=logmedic user=postgres"
        let text = try Self.report(try Self.logs(onPort: standby), db: dsn)
        #expect(text.contains("CRITICAL P1  Database server refused the connection: 127.0.0.1\n"), "\(text)")
        #expect(text.contains("  caused by: P2\n"))
    }
}
