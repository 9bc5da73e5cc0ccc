import Foundation
import Testing
@testable import LogMedic

/// The libpq wrapper against a real server: binding, typed errors, failures.
@Suite("PostgreSQL connection", .enabled(if: TestDatabase.isAvailable))
struct PostgresConnectionTests {
    @Test func parametersAreBoundNeverSpliced() throws {
        try withTestDatabase { connection in
            try connection.execute("CREATE TABLE x (v text)")
            let hostile = "'; DROP TABLE x; --"
            let insert = try connection.query("INSERT INTO x (v) VALUES ($1), ($2), ($3)", [hostile, nil, "héllo ✓"])
            #expect(insert.affectedRows == 3)
            let result = try connection.query("SELECT v FROM x WHERE v = $1 OR v IS NULL OR v = $2 ORDER BY v NULLS LAST",
                                              [hostile, "héllo ✓"])
            #expect(result.rows == [[hostile], ["héllo ✓"], [nil]])
            #expect(try connection.query("SELECT count(*) AS n FROM x")[0, 0] == "3")
        }
    }

    @Test func resultsExposeColumnsByName() throws {
        try withTestDatabase { connection in
            let result = try connection.query(#"SELECT 1 AS "Id", NULL::text AS note"#)
            #expect(result.columnNames == ["Id", "note"])
            #expect(result.columnIndex(named: "Id") == 0)
            #expect(result.columnIndex(named: "id") == nil)
            #expect(result[0, 1] == nil)
            #expect(result.commandTag == "SELECT 1")
        }
    }

    @Test func serverErrorsAreTyped() throws {
        try withTestDatabase { connection in
            let missing = #expect(throws: PostgresError.self) { try connection.query("SELECT * FROM nope") }
            guard case .server(let error)? = missing else { Issue.record("not a server error"); return }
            #expect(error.sqlState == .undefinedTable)
            #expect({ if case SQLState.Class("42") = error.sqlState { true } else { false } }())
            #expect(error.position == 15)

            try connection.execute("CREATE TABLE u (email text CONSTRAINT u_email_key UNIQUE); INSERT INTO u VALUES ('a@b.c')")
            let duplicate = #expect(throws: PostgresError.self) { try connection.query("INSERT INTO u VALUES ($1)", ["a@b.c"]) }
            guard case .server(let unique)? = duplicate else { Issue.record("not a server error"); return }
            #expect(unique.sqlState == .uniqueViolation)
            #expect(unique.constraint == "u_email_key")
            #expect(unique.table == "u")
            #expect(unique.schema == "public")
            #expect(!(duplicate?.description.contains("a@b.c") ?? true))
        }
    }

    @Test func scriptsRunEveryStatementAndReturnTheLast() throws {
        try withTestDatabase { connection in
            let last = try connection.execute("CREATE TABLE s (n int); INSERT INTO s VALUES (1), (2); SELECT sum(n) FROM s;")
            #expect(last[0, 0] == "3")
            #expect(connection.transactionState == .idle)
            #expect(connection.currentDatabase.hasPrefix("logmedic_t_"))
        }
    }

    @Test(arguments: ["postgresql://app:s3cr3t-pw@127.0.0.1:1/railway",
                      "host=127.0.0.1 port=1 dbname=railway user=app password=s3cr3t-pw"])
    func unreachableServerFailsWithTargetAndNoPassword(dsn: String) {
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(dsn: dsn) }
        guard case .connectionFailed(let target, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(target == ConnectionTarget(host: "127.0.0.1", port: "1", database: "railway", user: "app"))
        let message = error?.description ?? ""
        #expect(message.contains("127.0.0.1:1"))
        #expect(message.contains(#"database "railway""#))
        #expect(!message.contains("s3cr3t-pw"))
        #expect(!message.contains("\n"))
    }

    /// Taken as a database name, a mistyped URI reaches the server, whose FATAL names the database: the
    /// message must not repeat it.
    @Test func aMistypedURIIsNotRepeatedFromTheServersMessage() {
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(dsn: "postgres//app:s3cr3t-pw@127.0.0.1/railway") }
        let message = error?.description ?? ""
        #expect(!message.contains("s3cr3t-pw"), "\(message)")
        #expect(message.contains("libpq took it as a database name"), "\(message)")
    }

    /// A password with an unencoded @ or / cuts the URI short: libpq reads the rest of the password as
    /// the host, port or database, and would name them in its message.
    @Test(arguments: ["postgresql://app:s3cr3t@pw-tail@127.0.0.1:1/railway", "postgresql://app:s3cr3t/pw-tail@127.0.0.1:1/railway",
                      "postgresql+psycopg2://app:s3cr3t@pw-tail@127.0.0.1:1/railway"])
    func aPasswordThatCutsTheURIShortIsNotShownAsItsHost(dsn: String) {
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(dsn: dsn) }
        let message = error?.description ?? ""
        #expect(!message.contains("s3cr3t") && !message.contains("pw-tail"), "\(message)")
        #expect(message.contains("percent-encode them: @ as %40, / as %2F, ? as %3F, # as %23"), "\(message)")
    }
}
