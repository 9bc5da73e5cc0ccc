import Foundation
import Testing
@testable import LogMedic

/// What apps on other stacks log around a database error reaches the finding whole: the app's own text
/// before a driver's copy of the server message, one failure logged as a message and then its stack, and
/// times without a year.
@Suite struct OtherStackIngestTests {
    static func findings(_ text: String) -> [Finding] { scan(bytes: Array(text.utf8)).findings }

    static let railsFatal = """
        I, [2025-12-19T14:02:11.120000 #12]  INFO -- : [9f1c] Started GET "/widgets" for 10.0.0.1 at 2025-12-19 14:02:11 +0000
        F, [2025-12-19T14:02:11.123456 #12] FATAL -- : [9f1c]  \("")
        F, [2025-12-19T14:02:11.123456 #12] FATAL -- : [9f1c] ActiveRecord::StatementInvalid (PG::UndefinedTable: ERROR:  relation "widgets" does not exist
        LINE 1: SELECT "widgets".* FROM "widgets"
                                        ^
        ):

        """

    /// libpq's `ERROR:  …` inside a Rails line is the pg gem's message, not a server line: the text before it
    /// (request id, exception classes) stays in the event (was: the event started at `ERROR:  `).
    @Test func aDriversErrorInsideAnAppLineKeepsTheAppsText() throws {
        let findings = Self.findings(Self.railsFatal)
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        let event = try #require(findings.first).event
        #expect(event.text.hasPrefix("FATAL -- : [9f1c] ActiveRecord::StatementInvalid (PG::UndefinedTable: ERROR:  relation"), "\(event.text)")
        #expect(event.level == "critical" && event.epoch != nil)
        #expect(findings.first?.capture("relation") == "widgets")
        #expect(event.lastLine == 6, "the `):` that closes Rails' `Class (message` belongs to it")
    }

    @Test(arguments: [
        "F, [2025-12-19T14:02:11.123456 #12] FATAL -- : [9f1c] ActiveRecord::StatementInvalid (PG::UndefinedTable: ERROR:  relation \"w\" does not exist",
        "[2025-12-19 14:02:11] production.ERROR: SQLSTATE[42P01]: Undefined table: 7 ERROR:  relation \"w\" does not exist",
        "2025-12-19 14:02:11,123 ERROR app.db: query failed: ERROR:  relation \"w\" does not exist",
        "DBD::Pg::st execute failed: ERROR:  relation \"w\" does not exist",
        "Warning: pg_query_params(): Query failed: ERROR:  relation \"w\" does not exist",
        "psycopg2.OperationalError: connection to server at \"127.0.0.1\", port 21261 failed: FATAL:  password authentication failed for user \"a\"",
        "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at \"db\" (10.0.0.5), port 5432 failed: FATAL:  the database system is starting up",
        "SQLSTATE[08006] [7] connection to server at \"db\" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user \"app\"",
        "could not connect: connection to server on socket \"/run/postgresql/.s.PGSQL.5432\" failed: FATAL:  role \"app\" does not exist",
    ])
    func appTextBeforeADriversErrorIsNoServerPrefix(_ line: String) {
        let parsed = Array(line.utf8).withUnsafeBytes { bytes in
            PostgresServerLine.parse(bytes, memo: ServerPrefixMemo(), timestampLength: Timestamp.parseISO(bytes)?.length ?? 0)
        }
        #expect(parsed == nil)
    }

    /// psycopg2's wording of a refused connection, as it printed it (Tests/Corpus/secrets/app.log): the exception
    /// and the server it tried stay in the event, and the port is no SQLSTATE (was: `FATAL:  21261: password …`).
    @Test func aDriversConnectionErrorKeepsTheServerItTried() throws {
        let line = #"psycopg2.OperationalError: connection to server at "127.0.0.1", port 21261 failed: FATAL:  password authentication failed for user "app_user""#
        let finding = try #require(Self.findings(line + "\n").first)
        #expect(finding.ruleID == "password_authentication_failed")
        #expect(finding.event.text == line)
    }

    @Test(arguments: [
        "2025-12-19 08:00:00.007 UTC [9271] api@appdb ERROR:  relation \"w\" does not exist",
        "2025-12-19 08:00:00 UTC:10.0.0.1(5432):api@appdb:[9271]:ERROR:  relation \"w\" does not exist",
        "2025-12-19 08:00:00 UTC:::1(5432):api@appdb:[9271]:ERROR:  relation \"w\" does not exist",
        "2025-12-19 08:00:00 UTC [9271]: user=api,db=appdb,app=psql,client=[local] ERROR:  relation \"w\" does not exist",
        "2025-12-19 08:00:00.007 UTC [9271] 42P01 api@appdb ERROR:  relation \"w\" does not exist",
        "[DATABASE] [12-1] sql_error_code = 42P01 ERROR:  relation \"w\" does not exist",
        "ERROR:  relation \"w\" does not exist",
    ])
    func serverPrefixesStayServerPrefixes(_ line: String) {
        let parsed = Array(line.utf8).withUnsafeBytes { bytes in
            PostgresServerLine.parse(bytes, memo: ServerPrefixMemo(), timestampLength: Timestamp.parseISO(bytes)?.length ?? 0)
        }
        #expect(parsed?.severity == "ERROR")
    }

    /// Once its text is kept, the Rails line names its stack, and the advice Rails' command.
    @Test func theRailsLineNamesItsStack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("rails.log")
        try Self.railsFatal.write(to: log, atomically: true, encoding: .utf8)
        let fix = try ApplicationStackTests.missingTableFix([log])
        #expect(fix.contains("`bin/rails db:migrate`"), "\(fix)")
    }

    /// NestJS logs an unhandled error as `ERROR [ExceptionsHandler] MESSAGE`, then the stack, whose first line
    /// repeats MESSAGE: one failure, one finding, with the stack's frames and Nest's level and context
    /// (was: two findings, two occurrences, no level).
    @Test func nestsHandlerLineAndTheStackAfterItAreOneEvent() throws {
        let file = repositoryRoot.appendingPathComponent("fixtures/stacks/nest-exceptions-handler.log")
        let findings = scan(bytes: try Array(Data(contentsOf: file))).findings
        #expect(findings.map(\.ruleID) == ["undefined_table", "undefined_table"])
        #expect(findings.map(\.event.firstLine) == [2, 10] && findings.map(\.event.lastLine) == [9, 17])
        let first = try #require(findings.first)
        #expect(first.event.level == "error" && first.event.logger == "ExceptionsHandler")
        #expect(first.event.text.hasPrefix("ERROR [ExceptionsHandler] relation \"public.ledger_entries\""), "\(first.event.text)")
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: [file.path])
        #expect(diagnosis.problems.map(\.group.count) == [2])
    }

    /// Unwrapped, the same; another error's stack after an error line stays its own event.
    @Test func onlyTheStackOfTheLoggedMessageJoinsIt() {
        let joined = Self.findings("""
            [Nest] 1  - 11/30/2026, 9:20:13 AM   ERROR [ExceptionsHandler] relation "x" does not exist
            QueryFailedError: relation "x" does not exist
                at PostgresQueryRunner.query (/srv/app/node_modules/typeorm/driver/postgres/PostgresQueryRunner.js:219:19)

            """)
        #expect(joined.count == 1 && joined.first?.event.lastLine == 3)
        let apart = Self.findings("""
            [Nest] 1  - 11/30/2026, 9:20:13 AM   ERROR [ExceptionsHandler] relation "x" does not exist
            QueryFailedError: relation "y" does not exist
                at PostgresQueryRunner.query (/srv/app/node_modules/typeorm/driver/postgres/PostgresQueryRunner.js:219:19)

            """)
        #expect(apart.count == 2)
    }

    /// A syslog time has no year: the latest year that puts it at most a day after "now".
    @Test func syslogTimesGetTheYearBeforeNowOrAcrossNewYear() throws {
        func epoch(_ stamp: String, now: String) throws -> Double? {
            let reference = try #require(Array(now.utf8).withUnsafeBytes(Timestamp.parseISO)?.epoch)
            return Array(stamp.utf8).withUnsafeBytes { Timestamp.syslogEpoch($0, now: reference) }
        }
        func iso(_ text: String) -> Double? { Array(text.utf8).withUnsafeBytes(Timestamp.parseISO)?.epoch }
        #expect(try epoch("Jun  4 10:00:00", now: "2026-12-04T22:00:00Z") == iso("2026-06-04T10:00:00Z"))
        #expect(try epoch("Dec  5 10:00:00", now: "2026-12-04T22:00:00Z") == iso("2026-12-05T10:00:00Z"), "within a day ahead")
        #expect(try epoch("Dec 19 10:00:00", now: "2026-12-04T22:00:00Z") == iso("2025-12-19T10:00:00Z"), "not in the future")
        // New Year inside one input, read just after it and just before it (a clock a little ahead): in order.
        for now in ["2027-01-01T00:05:00Z", "2026-12-31T23:59:59Z"] {
            let old = try #require(try epoch("Dec 31 23:59:58", now: now))
            let new = try #require(try epoch("Jan  1 00:00:03", now: now))
            #expect(old == iso("2026-12-31T23:59:58Z") && new == iso("2027-01-01T00:00:03Z"), "\(now)")
        }
        #expect(try epoch("Dec  4 1:00:00 ", now: "2026-12-04T22:00:00Z") == nil)
    }

    /// `journalctl -o short` lines and plain syslog lines get an instant, so they order and filter like the rest.
    @Test func journalctlShortLinesCarryAnEpoch() throws {
        let findings = try PlatformLayoutTests.findings("platforms/journalctl-short.log")
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0.event.epoch != nil })
        let epochs = findings.compactMap(\.event.epoch)
        #expect(epochs == epochs.sorted())
        let plain = Self.findings("Dec  3 13:04:26 ERROR relation \"x\" does not exist\n")
        #expect(plain.first?.event.epoch != nil)
    }

    /// Monolog (Laravel) as pasted in pixelfed/pixelfed#4437: `[DATETIME] CHANNEL.LEVEL: MESSAGE`. The level and
    /// channel are read, and the PDO message stays whole (was: no level once the app's text was kept).
    @Test func monologLinesGiveLevelAndChannel() throws {
        let finding = try #require(Self.findings("""
            [2025-12-19 14:02:11] production.ERROR: SQLSTATE[42P01]: Undefined table: 7 ERROR:  relation "custom_badges" does not exist
            LINE 1: select * from "custom_badges"
            [2025-12-19 14:02:12] production.INFO: next request

            """).first)
        #expect(finding.ruleID == "undefined_table" && finding.capture("relation") == "custom_badges")
        #expect(finding.event.level == "error" && finding.event.logger == "production" && finding.event.epoch != nil)
        #expect(finding.event.text.hasPrefix("production.ERROR: SQLSTATE[42P01]: Undefined table: 7 ERROR:  relation"))
        let header = Array("[2025-12-19 14:02:11] app.EMERGENCY: disk full".utf8).withUnsafeBytes(PlainHeader.init)
        #expect(header.level == "critical" && header.logger == "app")
        #expect(Array("[2025-12-19 14:02:11] see file.txt: gone".utf8).withUnsafeBytes(PlainHeader.init).level == nil)
    }

    /// log4j's `%p %d` (the level first, as pasted in Unidata/awips2#176): the timestamp after the level is the
    /// line's (was: none, so no epoch).
    @Test func aTimestampAfterTheLevelIsTheLines() throws {
        let finding = try #require(Self.findings("""
            ERROR 2025-12-19 14:02:11,801 0133 [qtp409025320-4029] SqlExceptionHelper: ERROR: relation "afoslookup" does not exist
              Position: 17

            """).first)
        #expect(finding.event.timestamp == "2025-12-19 14:02:11,801" && finding.event.level == "error")
        #expect(finding.event.epoch == Array("2025-12-19T14:02:11.801Z".utf8).withUnsafeBytes(Timestamp.parseISO)?.epoch)
    }

    /// Docker Desktop's log view puts the local time without a zone before each line (as pasted in
    /// OpenLineage/docs#282): the server line's own UTC time is the instant (was: the local time read as UTC).
    @Test func dockerDesktopsLocalTimeGivesWayToTheLinesOwn() throws {
        let finding = try #require(Self.findings("""
            2024-02-13 16:45:24 2024-02-13 21:45:24.588 UTC [205] ERROR:  relation "log" does not exist at character 13
            2024-02-13 16:45:24 2024-02-13 21:45:24.588 UTC [205] STATEMENT:  INSERT INTO log (dttm, event) VALUES ('x', 'y') RETURNING log.id

            """).first)
        #expect(finding.event.epoch == Array("2024-02-13T21:45:24.588Z".utf8).withUnsafeBytes(Timestamp.parseISO)?.epoch)
        #expect(finding.event.lastLine == 2 && finding.event.text.hasPrefix("ERROR:  relation"))
    }

    /// Sidekiq's pretty format (`TIME pid=N tid=X [context] LEVEL: message`, as in its Logger::Formatters::Pretty):
    /// the level after the context fields is the line's (was: none once the pg gem's `ERROR:  ` no longer cut it).
    @Test func sidekiqLinesGiveTheirLevel() throws {
        let finding = try #require(Self.findings("""
            2025-12-19T14:02:11.124Z pid=12 tid=gs3 WARN: ActiveRecord::StatementInvalid: PG::UndefinedTable: ERROR:  relation "widgets" does not exist
            LINE 1: SELECT "widgets".* FROM "widgets"

            """).first)
        #expect(finding.event.level == "warning" && finding.capture("relation") == "widgets")
        #expect(finding.event.text.hasPrefix("pid=12 tid=gs3 WARN: ActiveRecord::StatementInvalid: PG::UndefinedTable"))
        func level(_ line: String) -> String? { Array(line.utf8).withUnsafeBytes(PlainHeader.init).level }
        #expect(level("2025-12-19T14:02:11.120Z pid=12 tid=gs3 class=SyncJob jid=7ab3f elapsed=0.003 INFO: done") == "info")
        #expect(level("2025-12-19T14:02:11.120Z a=b see WARN: x") == nil)
    }

    /// Access-log times (nginx/Apache's Common Log Format, Django's runserver `[19/Dec/2025 14:02:11]`) put the
    /// request on the time line, so the 500 is tied to the database error it came from (was: no epoch, no tie).
    @Test(arguments: [
        #"10.0.0.1 - - [19/Dec/2025:14:02:11 +0000] "GET /api/widgets HTTP/1.1" 500 145 "-" "curl/8.0""#,
        #"[19/Dec/2025 14:02:11] "GET /api/widgets HTTP/1.1" 500 145"#,
    ])
    func accessLogRequestsAreTiedToTheErrorTheyFailedOn(_ request: String) throws {
        let diagnosis = try withTemporaryDirectory { dir in
            let paths = try [("access.log", request + "\n"),
                             ("postgres.log", "2025-12-19 14:02:11.124 UTC [4121] shop@shop ERROR:  relation \"shop_widget\" does not exist at character 30\n")]
                .map { name, text in
                    let url = dir.appendingPathComponent(name)
                    try text.write(to: url, atomically: true, encoding: .utf8)
                    return url.path
                }
            return Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: paths)
        }
        let table = try #require(diagnosis.problems.first { $0.group.ruleID == "undefined_table" })
        #expect(table.group.failedRequests.map { "\($0.method) \($0.path) \($0.status ?? 0)" } == ["GET /api/widgets 500"])
    }

    @Test func accessLogTimesAreRead() {
        func iso(_ text: String) -> Double? { Array(text.utf8).withUnsafeBytes(Timestamp.parseISO)?.epoch }
        func clf(_ text: String) -> Timestamp.ISO? { Array(text.utf8).withUnsafeBytes(Timestamp.parseCLF) }
        #expect(clf("19/Dec/2025:14:02:11 +0100]")?.epoch == iso("2025-12-19T13:02:11Z") && clf("19/Dec/2025:14:02:11 +0100]")?.length == 26)
        #expect(clf("19/Dec/2025 14:02:11] x")?.epoch == iso("2025-12-19T14:02:11Z"))
        #expect(clf("19/Foo/2025 14:02:11] x") == nil)
        let header = Array(#"::1 - alice [19/Dec/2025:14:02:11 -0500] "GET / HTTP/1.1" 200 5"#.utf8).withUnsafeBytes(PlainHeader.init)
        #expect(header.epoch == iso("2025-12-19T19:02:11Z") && header.messageStart == 0)
    }

    /// GORM logs a failed query as `file:line error`, then `[0.512ms] [rows:0] SQL`: one record (was: the SQL
    /// line split off).
    @Test func gormsErrorLineKeepsItsQueryLine() throws {
        let findings = Self.findings("""
            2025/12/19 14:02:11 /app/internal/repo/widget.go:31 ERROR: relation "widgets" does not exist (SQLSTATE 42P01)
            [0.512ms] [rows:0] SELECT * FROM "widgets"
            2025/12/19 14:02:12 /app/internal/repo/widget.go:40 record saved

            """)
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        let event = try #require(findings.first).event
        #expect(event.firstLine == 1 && event.lastLine == 2, "\(event.firstLine)-\(event.lastLine)")
        #expect(event.text.hasSuffix("[0.512ms] [rows:0] SELECT * FROM \"widgets\""), "\(event.text)")
    }

    /// Elixir's logger: `TIME [level] message`, the exception's lines after it (blank, `    query: …`, frames)
    /// are the record's; its head gives the level and time (was: the `** (Postgrex.Error)` line alone).
    @Test func elixirsLoggerRecordIsOneEventWithItsLevel() throws {
        let findings = Self.findings("""
            14:02:10.001 [info] GET /widgets
            14:02:11.123 [error] GenServer #PID<0.512.0> terminating
            ** (Postgrex.Error) ERROR 42P01 (undefined_table) relation "widgets" does not exist

                query: SELECT w0."id" FROM "widgets" AS w0
                (ecto_sql 3.10.1) lib/ecto/adapters/sql.ex:913: Ecto.Adapters.SQL.raise_sql_call_error/1
                (harbour 0.1.0) lib/harbour/widgets.ex:12: Harbour.Widgets.list/0
            14:02:11.130 [info] Sent 500 in 7ms

            """)
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        let event = try #require(findings.first).event
        #expect(event.firstLine == 2 && event.lastLine == 7, "\(event.firstLine)-\(event.lastLine)")
        #expect(event.level == "error" && event.timestamp == "14:02:11.123")
        #expect(event.text.hasPrefix("[error] GenServer #PID<0.512.0> terminating\n** (Postgrex.Error)"), "\(event.text)")
        #expect(event.text.contains("    query: SELECT w0.") && event.text.contains("lib/harbour/widgets.ex:12"))
        // Ecto's debug record of the failed query (as in https://github.com/maratgaliev/erlangjobs/issues/15) is not
        // the head of the exception Mix prints after it.
        let afterDebug = Self.findings("""
            18:38:45.941 [debug] QUERY ERROR source="berths" db=14.0ms
            SELECT b0."id", b0."is_free" FROM "berths" AS b0 []
            ** (Postgrex.Error) ERROR 42703 (undefined_column) column b0.is_free does not exist

            """)
        #expect(afterDebug.count == 1 && afterDebug.first?.event.firstLine == 3 && afterDebug.first?.event.level == nil)
    }

    /// Phoenix's record: the head, `Server:`, `Request:`, `** (exit) …`, then the indented exception: all one event.
    @Test func phoenixsRecordKeepsTheRequest() throws {
        let file = repositoryRoot.appendingPathComponent("fixtures/stacks/phoenix-ecto.log")
        let findings = scan(bytes: try Array(Data(contentsOf: file))).findings
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        let event = try #require(findings.first).event
        #expect(event.firstLine == 1 && event.lastLine == 9, "\(event.firstLine)-\(event.lastLine)")
        #expect(event.level == "error" && event.timestamp == "09:31:07.554")
        #expect(event.text.contains("\nRequest: GET /api/harbours\n") && event.text.contains("    query: SELECT b0."), "\(event.text)")
    }

    /// Spring Boot + Hibernate: `SqlExceptionHelper : ERROR: relation …`, then DispatcherServlet's `… with root cause`,
    /// a blank line and the driver's stack, which has no time, level or logger: one failure, one finding, with
    /// the first record's head and logger (was: two findings, two occurrences, no logger).
    static var springRootCause: String {
        get throws { try String(contentsOf: repositoryRoot.appendingPathComponent("fixtures/stacks/spring-hibernate-root-cause.log"), encoding: .utf8) }
    }

    @Test func springsRootCauseStackJoinsTheLoggedError() throws {
        let findings = Self.findings(try Self.springRootCause)
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        let finding = try #require(findings.first)
        let event = finding.event
        // Hibernate's record is held until the stack restating it arrives, and reported once, whole, with the controller's
        // frame as the code location (was: reported when the record ended, the stack joined unreported, no location).
        #expect(event.firstLine == 3 && event.lastLine == 12, "\(event.firstLine)-\(event.lastLine)")
        #expect(event.level == "error" && event.logger == "o.h.engine.jdbc.spi.SqlExceptionHelper" && event.epoch != nil)
        #expect(finding.frames.filter { !$0.isLibrary } == [CodeFrame(file: "LedgerController.java", line: 31,
                                                                      function: "com.example.ledger.LedgerController.list", isLibrary: false)])
        #expect(scan(bytes: Array(try Self.springRootCause.utf8)).stats.ingest.events == 4, "the stack and its head are no events of their own")
        // Another error's stack after the same kind of record stays its own.
        let apart = Self.findings(try Self.springRootCause.replacingOccurrences(
            of: "PSQLException: ERROR: relation \"ledger_entries\"", with: "PSQLException: ERROR: relation \"ledger_lines\""))
        #expect(apart.count == 2)
    }

    /// `logger.error(msg, e)` in Spring Boot (and Logback, Log4j): the record, then the exception's stack without a
    /// time, level or logger; the record is the event's head, as a Python `logging` line before its traceback
    /// (was: the stack alone, no level, time or logger). Layout of https://github.com/brettwooldridge/HikariCP/issues/748.
    @Test func aJavaStackTakesTheErrorRecordThatLoggedIt() throws {
        let findings = Self.findings("""
            2016-10-14 08:59:36.874 ERROR 3348 --- [  restartedMain] com.zaxxer.hikari.pool.HikariPool        : HikariPool-1 - Exception during pool initialization.
            org.postgresql.util.PSQLException: FATAL: password authentication failed for user "ledger"
            \tat org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:438) ~[postgresql-9.4.1211.jar:9.4.1211]
            \tat org.postgresql.core.v3.ConnectionFactoryImpl.tryConnect(ConnectionFactoryImpl.java:161) ~[postgresql-9.4.1211.jar:9.4.1211]
            2016-10-14 08:59:36.900  INFO 3348 --- [  restartedMain] o.s.b.a.l.AutoConfigurationReportLoggingInitializer : stopping

            """)
        #expect(findings.count == 1)
        let event = try #require(findings.first).event
        #expect(event.firstLine == 1 && event.lastLine == 4, "\(event.firstLine)-\(event.lastLine)")
        #expect(event.level == "error" && event.logger == "com.zaxxer.hikari.pool.HikariPool" && event.epoch != nil)
        // A stack after an info record is its own event.
        let alone = Self.findings("""
            2016-10-14 08:59:36.874  INFO 3348 --- [  restartedMain] com.example.Ledger                       : retrying
            org.postgresql.util.PSQLException: FATAL: password authentication failed for user "ledger"
            \tat org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:438) ~[postgresql-9.4.1211.jar:9.4.1211]

            """)
        #expect(alone.count == 1 && alone.first?.event.firstLine == 2 && alone.first?.event.level == nil)
    }

    /// Logback's default `%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg` and Log4j's `%d [%t] %p %c: %m` give
    /// level and logger after the thread (layouts of https://github.com/zio/zio-protoquill/issues/174 and
    /// https://github.com/brettwooldridge/HikariCP/issues/1799), so their stacks take the record as head.
    @Test(arguments: [
        ("00:50:52.461 [main] ERROR com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Exception during pool initialization.", "00:50:52.461"),
        ("2021-07-02 17:57:22,231 [HikariPool-1 connection adder] ERROR com.zaxxer.hikari.pool.HikariPool: HikariPool-1 - Cannot acquire connection from data source", "2021-07-02 17:57:22,231"),
    ])
    func logbackAndLog4jRecordsHeadTheirStack(_ head: String, _ time: String) throws {
        let findings = Self.findings(head + """

            org.postgresql.util.PSQLException: FATAL: password authentication failed for user "ledger"
            \tat org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:613)

            """)
        #expect(findings.count == 1)
        let event = try #require(findings.first).event
        #expect(event.firstLine == 1 && event.lastLine == 3, "\(event.firstLine)-\(event.lastLine)")
        #expect(event.level == "error" && event.logger == "com.zaxxer.hikari.pool.HikariPool" && event.timestamp == time)
    }

    /// zap's JSON record: `msg`, the `error` string and the `stacktrace`; the error's text is the failure and stays in
    /// the event (was: the stack replaced it, no finding).
    @Test func zapsErrorStringStaysBesideItsStacktrace() throws {
        let findings = Self.findings("""
            {"level":"error","ts":1766152931.123,"caller":"repo/widget.go:31","msg":"query failed","error":"ERROR: relation \\"widgets\\" does not exist (SQLSTATE 42P01)","stacktrace":"main.main\\n\\t/app/main.go:12"}

            """)
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        let event = try #require(findings.first).event
        #expect(event.text.hasPrefix("query failed\nERROR: relation \"widgets\" does not exist (SQLSTATE 42P01)\nmain.main"), "\(event.text)")
        #expect(event.level == "error" && event.epoch != nil)
    }

    /// A Java stack goes on at its `Caused by:` line (layouts of https://github.com/dbeaver/dbeaver/issues/1346 and
    /// https://github.com/apache/dolphinscheduler/issues/5386): jOOQ's exception and the driver's cause are one
    /// failure (was: two findings).
    @Test func aJavaStacksCauseStaysInIt() throws {
        let findings = Self.findings("""
            2025-12-19 14:02:11.123 ERROR 1 --- [nio-8080-exec-1] c.e.ledger.LedgerController              : lookup failed
            org.jooq.exception.DataAccessException: SQL [select "public"."ledger_entries"."id" from "public"."ledger_entries"]; ERROR: relation "public.ledger_entries" does not exist
              Position: 44
            \tat org.jooq.impl.Tools.translate(Tools.java:2903)
            Caused by: org.postgresql.util.PSQLException: ERROR: relation "public.ledger_entries" does not exist
              Position: 44
            \tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2553)
            \t... 12 common frames omitted
            2025-12-19 14:02:12.000  INFO 1 --- [nio-8080-exec-2] c.e.ledger.LedgerController              : ok

            """)
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        let event = try #require(findings.first).event
        #expect(event.firstLine == 1 && event.lastLine == 8, "\(event.firstLine)-\(event.lastLine)")
    }

    /// java.util.logging's `SimpleFormatter` (plain Java, Tomcat's `catalina.out` before its one-line formatter):
    /// `%1$tb %1$td, %1$tY %1$tl:%1$tM:%1$tS %1$Tp %2$s%n%4$s: %5$s%6$s%n`, i.e. a line with the time and the
    /// source, then `LEVEL: message`, then the throwable. SEVERE is an error; the head gives the record its time
    /// and logger; a stack restating the message is the record's (was: no level, no time, the stack a second finding).
    @Test func javaUtilLoggingRecordIsOneEventWithItsTimeAndLevel() throws {
        let findings = Self.findings("""
            Dec 05, 2026 9:31:06 AM org.apache.catalina.startup.Catalina start
            INFO: Server startup in 2150 ms
            Dec 05, 2026 9:31:07 PM com.acme.ledger.EntryRepository find
            SEVERE: lookup failed: ERROR: relation "ledger_entries" does not exist
            org.postgresql.util.PSQLException: ERROR: relation "ledger_entries" does not exist
              Position: 15
            \tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2553)
            \tat com.acme.ledger.EntryRepository.find(EntryRepository.java:42)
            Dec 05, 2026 9:31:08 PM com.acme.ledger.EntryRepository find
            WARNING: retrying

            """)
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        let event = try #require(findings.first).event
        #expect(event.firstLine == 3 && event.lastLine == 8, "\(event.firstLine)-\(event.lastLine)")
        #expect(event.level == "error" && event.logger == "com.acme.ledger.EntryRepository")
        #expect(event.timestamp == "Dec 05, 2026 9:31:07 PM")
        #expect(event.epoch == Array("2026-12-05T21:31:07Z".utf8).withUnsafeBytes(Timestamp.parseISO)?.epoch)
        #expect(event.text.hasPrefix("SEVERE: lookup failed: ERROR: relation"), "\(event.text)")
        func julEpoch(_ text: String) -> Double? { Array(text.utf8).withUnsafeBytes(Timestamp.parseJUL)?.epoch }
        func iso(_ text: String) -> Double? { Array(text.utf8).withUnsafeBytes(Timestamp.parseISO)?.epoch }
        #expect(julEpoch("Dec 05, 2026 12:01:02 AM x") == iso("2026-12-05T00:01:02Z"))
        #expect(julEpoch("Dec 05, 2026 12:01:02 PM x") == iso("2026-12-05T12:01:02Z"))
        #expect(julEpoch("Dec 05, 2026 13:01:02 PM x") == nil && julEpoch("Dec 05 2026 1:01:02 PM x") == nil)
        // A logged message, then its exception's stack (no head): the stack is the record's when it restates the message.
        let stackAfterMessage = Self.findings("""
            SEVERE: lookup failed: ERROR: relation "ledger_entries" does not exist
            org.postgresql.util.PSQLException: ERROR: relation "ledger_entries" does not exist
            \tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2553)
            SEVERE: lookup failed: ERROR: relation "ledger_entries" does not exist
            org.postgresql.util.PSQLException: ERROR: relation "ledger_lines" does not exist

            """)
        #expect(stackAfterMessage.map(\.event.firstLine) == [1, 4, 5])
        // A message that does not name the error: the stack takes it as its head, and the record's head line too.
        let headed = try #require(Self.findings("""
            Dec 05, 2026 9:31:09 PM com.acme.ledger.EntryRepository find
            SEVERE: lookup failed
            org.postgresql.util.PSQLException: ERROR: relation "ledger_entries" does not exist
            	at org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2553)

            """).first)
        #expect(headed.event.firstLine == 1 && headed.event.lastLine == 4 && headed.event.level == "error")
        #expect(headed.event.epoch == Array("2026-12-05T21:31:09Z".utf8).withUnsafeBytes(Timestamp.parseISO)?.epoch)
        #expect(headed.event.logger == "com.acme.ledger.EntryRepository" && headed.event.text.hasPrefix("SEVERE: lookup failed\norg.postgresql"))
    }

    /// A Spring Boot record that logs the driver's message and then the exception (`log.error("…: " + e.getMessage(), e)`):
    /// one failure, one finding.
    @Test func aJavaStackRestatingTheLoggedMessageIsTheRecords() throws {
        let findings = Self.findings("""
            2025-12-19 14:02:11.123 ERROR 1 --- [nio-8080-exec-1] c.e.ledger.LedgerController              : lookup failed: ERROR: relation "ledger_entries" does not exist
              Position: 15
            org.postgresql.util.PSQLException: ERROR: relation "ledger_entries" does not exist
              Position: 15
            \tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2553)
            2025-12-19 14:02:12.000  INFO 1 --- [nio-8080-exec-2] c.e.ledger.LedgerController              : ok

            """)
        #expect(findings.count == 1 && findings.first?.event.lastLine == 5, "\(findings.map(\.event.lastLine))")
    }

    /// logstash-logback-encoder writes one JSON record per event (`message`, `logger_name`, `level`, `stack_trace`).
    /// Hibernate's record of the driver's message, then the servlet container's `… with root cause` record whose
    /// `stack_trace` is the driver's exception: one failure, one finding, as in the plain layout (was: two).
    @Test func logbackJSONRootCauseJoinsTheLoggedError() throws {
        func record(_ fields: [String: Any]) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
        }
        let stack = "org.postgresql.util.PSQLException: ERROR: relation \"ledger_entries\" does not exist\n  Position: 15\n"
            + "\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2553)\n"
        let hibernate = try record(["@timestamp": "2026-12-05T09:31:07.101+01:00", "@version": "1", "level": "ERROR",
                                    "logger_name": "org.hibernate.engine.jdbc.spi.SqlExceptionHelper", "thread_name": "http-nio-8080-exec-1",
                                    "message": "ERROR: relation \"ledger_entries\" does not exist\n  Position: 15"])
        let servlet = try record(["@timestamp": "2026-12-05T09:31:07.110+01:00", "@version": "1", "level": "ERROR",
                                  "logger_name": "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
                                  "thread_name": "http-nio-8080-exec-1",
                                  "message": "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed; nested exception is org.springframework.dao.InvalidDataAccessResourceUsageException: could not extract ResultSet; SQL [n/a]; nested exception is org.hibernate.exception.SQLGrammarException: could not extract ResultSet] with root cause",
                                  "stack_trace": stack])
        let findings = Self.findings(hibernate + "\n" + servlet + "\n")
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        #expect(findings.first?.event.logger == "org.hibernate.engine.jdbc.spi.SqlExceptionHelper")
        #expect(scan(bytes: Array((hibernate + "\n" + servlet + "\n").utf8)).stats.ingest.events == 1)
        // Another error's root cause stays its own.
        let other = servlet.replacingOccurrences(of: "relation \\\"ledger_entries\\\"", with: "relation \\\"ledger_lines\\\"")
        #expect(Self.findings(hibernate + "\n" + other + "\n").count == 2)
        // One record whose message and stack_trace both hold the error is one finding.
        let both = try record(["@timestamp": "2026-12-05T09:31:07.101+01:00", "level": "ERROR", "logger_name": "com.acme.Repo",
                               "message": "ERROR: relation \"ledger_entries\" does not exist", "stack_trace": stack])
        #expect(Self.findings(both + "\n").count == 1)
    }

    /// Nest's `ConsoleLogger` time is the en-US locale's `12/05/2026, 9:31:07 AM` (no zone: read as UTC, like the
    /// other times without one); was: not read.
    @Test func nestsLocaleTimeIsRead() throws {
        let findings = Self.findings("""
            [Nest] 1234  - 12/05/2026, 9:31:07 PM   ERROR [ExceptionsHandler] relation "ledger_entries" does not exist
            [Nest] 1234  - 12/05/2026, 12:00:07 AM   ERROR [ExceptionsHandler] relation "ledger_entries" does not exist

            """)
        func iso(_ text: String) -> Double? { Array(text.utf8).withUnsafeBytes(Timestamp.parseISO)?.epoch }
        #expect(findings.map(\.event.timestamp) == ["12/05/2026, 9:31:07 PM", "12/05/2026, 12:00:07 AM"])
        #expect(findings.map(\.event.epoch) == [iso("2026-12-05T21:31:07Z"), iso("2026-12-05T00:00:07Z")])
        #expect(findings.first?.event.level == "error" && findings.first?.event.logger == "ExceptionsHandler")
        // Node 20's ICU puts a narrow no-break space before PM.
        let icu = Self.findings("[Nest] 1  - 12/05/2026, 9:31:07\u{202F}PM   ERROR [ExceptionsHandler] relation \"x\" does not exist\n")
        #expect(icu.first?.event.epoch == iso("2026-12-05T21:31:07Z") && icu.first?.event.level == "error")
        // Behind `docker logs -t`, the line's own time still stands for it.
        let wrapped = Self.findings("2026-12-05T21:31:07.554123456Z [Nest] 1  - 12/05/2026, 9:31:07 PM   ERROR [ExceptionsHandler] relation \"x\" does not exist\n")
        #expect(wrapped.first?.event.level == "error" && wrapped.first?.event.epoch != nil)
    }

    /// Elixir's console time has no date: the date of the input's nearest dated line before it gives the instant
    /// (the next day when the clock went back past midnight); none before it, none at all.
    @Test func elixirTimesTakeTheDateOfTheDatedLinesBefore() throws {
        let findings = Self.findings("""
            2026-12-05T23:59:58.000Z harbour[1]: booting
            23:59:58.500 [info] GET /berths
            23:59:59.001 [error] GenServer #PID<0.512.0> terminating
            ** (Postgrex.Error) ERROR 42P01 (undefined_table) relation "berths" does not exist
            00:00:01.500 [error] GenServer #PID<0.513.0> terminating
            ** (Postgrex.Error) ERROR 42P01 (undefined_table) relation "berths" does not exist

            """)
        func iso(_ text: String) -> Double? { Array(text.utf8).withUnsafeBytes(Timestamp.parseISO)?.epoch }
        #expect(findings.map(\.event.epoch) == [iso("2026-12-05T23:59:59.001Z"), iso("2026-12-06T00:00:01.500Z")])
        #expect(findings.map(\.event.timestamp) == ["23:59:59.001", "00:00:01.500"])
        let undated = Self.findings("""
            09:31:07.554 [error] GenServer #PID<0.512.0> terminating
            ** (Postgrex.Error) ERROR 42P01 (undefined_table) relation "berths" does not exist

            """)
        #expect(undated.count == 1 && undated.first?.event.epoch == nil)
        // Under `docker compose logs -t`, the engine's time is the record's instant.
        let wrapped = Self.findings("""
            harbour-1  | 2026-12-05T09:31:07.560123456Z 09:31:07.554 [error] GenServer #PID<0.512.0> terminating
            harbour-1  | 2026-12-05T09:31:07.560223456Z ** (Postgrex.Error) ERROR 42P01 (undefined_table) relation "berths" does not exist

            """)
        #expect(wrapped.count == 1 && wrapped.first?.event.epoch == iso("2026-12-05T09:31:07.560123456Z"))
        // Behind `docker logs -t`'s time, the level after the app's time of day is read.
        let timed = Self.findings("""
            2026-12-05T09:31:07.560123456Z 09:31:07.554 [error] GenServer #PID<0.512.0> terminating
            2026-12-05T09:31:07.560223456Z ** (Postgrex.Error) ERROR 42P01 (undefined_table) relation "berths" does not exist

            """)
        #expect(timed.count == 1 && timed.first?.event.level == "error" && timed.first?.event.firstLine == 1)
    }

    /// .NET's console logger (Microsoft.Extensions.Logging's simple formatter): `fail: Category[EventId]`, then the
    /// message and the exception indented by six spaces, Npgsql's message with a blank line before `POSITION:`, and the
    /// exception's `Exception data:`. One record, one event with the level and the category as logger (was: the
    /// exception line alone, no level, and its `MessageText:` a second finding).
    @Test func dotnetConsoleRecordIsOneEvent() throws {
        let file = repositoryRoot.appendingPathComponent("fixtures/stacks/dotnet-efcore.log")
        let findings = scan(bytes: try Array(Data(contentsOf: file))).findings
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        #expect(findings.map(\.event.firstLine) == [9] && findings.map(\.event.lastLine) == [39], "\(findings.map(\.event.firstLine)) \(findings.map(\.event.lastLine))")
        let first = try #require(findings.first).event
        #expect(first.level == "error" && first.logger == "Microsoft.EntityFrameworkCore.Query")
        #expect(first.text.hasPrefix("fail: Microsoft.EntityFrameworkCore.Query[10100]\n      An exception occurred"), "\(first.text)")
        #expect(first.text.contains("\n      POSITION: 50\n") && first.text.contains("Routine: parserOpenTable"))
        func header(_ line: String) -> PlainHeader { Array(line.utf8).withUnsafeBytes(PlainHeader.init) }
        #expect(header("crit: Microsoft.AspNetCore.Server.Kestrel[0]").level == "critical")
        #expect(header("warn: Microsoft.EntityFrameworkCore.Model.Validation[10400]").logger == "Microsoft.EntityFrameworkCore.Model.Validation")
        #expect(header("fail: see below").level == nil)
        // Under `docker compose logs -t`, the same, with the engine's time.
        let wrapped = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "harbour-1  | 2026-12-05T09:31:07.560123456Z \($0)" }.joined(separator: "\n")
        let wrappedFindings = Self.findings(wrapped)
        #expect(wrappedFindings.map(\.event.firstLine) == [9] && wrappedFindings.allSatisfy { $0.event.level == "error" && $0.event.epoch != nil },
                "\(wrappedFindings.map(\.event.firstLine))")
    }

    /// EF Core logs the failed query's exception (`fail: Microsoft.EntityFrameworkCore.Query[10100]`), then ASP.NET Core's
    /// exception middleware logs the same exception again with the stack down to the controller: one failure, one
    /// occurrence, with the controller's code location (was: two findings, `2 occurrences` for one request).
    @Test func efCoreAndTheMiddlewareRecordOfOneExceptionAreOneOccurrence() throws {
        let log = try String(contentsOf: repositoryRoot.appendingPathComponent("fixtures/stacks/dotnet-efcore.log"), encoding: .utf8)
        func report(_ text: String) throws -> String {
            try withTemporaryDirectory { dir in
                let file = dir.appendingPathComponent("app.log")
                try text.write(to: file, atomically: true, encoding: .utf8)
                let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog, parallelism: 1), snapshot: nil).diagnose(paths: [file.path])
                return TextReporter(style: TerminalStyle(enabled: false)).render(diagnosis)
            }
        }
        let one = try report(log)
        #expect(one.contains("Table or relation does not exist: Berths\n  1 occurrence,"), "\(one)")
        #expect(one.contains("at /src/Harbour/Controllers/BerthsController.cs:21 in Harbour.Controllers.BerthsController.List()"), "\(one)")
        #expect(scan(bytes: Array(log.utf8)).stats.ingest.events == 13, "was 16: the middleware's record and its two lines before the exception")
        // Two different failures in one request: EF Core's and the middleware's exceptions differ.
        let middleware = try #require(log.range(of: "fail: Microsoft.AspNetCore"))
        let other = log[..<middleware.lowerBound] + log[middleware.lowerBound...].replacingOccurrences(of: "\"Berths\"", with: "\"Moorings\"")
        let two = Self.findings(String(other))
        #expect(two.map { $0.capture("relation") } == ["Berths", "Moorings"], "\(two.map(\.captures))")
        // The same failure in two requests stays two occurrences.
        let twice = try report(log + log.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(4).joined(separator: "\n"))
        #expect(twice.contains("Table or relation does not exist: Berths\n  2 occurrences,"), "\(twice)")
        // Under ExceptionHandlerMiddleware (production), the same.
        let production = log.replacingOccurrences(of: "Microsoft.AspNetCore.Diagnostics.DeveloperExceptionPageMiddleware", with: "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware")
        #expect(Self.findings(production).count == 1)
    }

    /// A .NET stack frame names its file and line when the assembly has symbols (`at Ns.Type.Method() in /src/…/File.cs:line 21`):
    /// the app's frame is the finding's code location (was: none).
    @Test func dotnetFramesGiveTheCodeLocation() throws {
        let file = repositoryRoot.appendingPathComponent("fixtures/stacks/dotnet-efcore.log")
        let findings = scan(bytes: try Array(Data(contentsOf: file))).findings
        let frames = try #require(findings.last).frames
        #expect(frames.filter { !$0.isLibrary } == [CodeFrame(file: "/src/Harbour/Controllers/BerthsController.cs", line: 21,
                                                             function: "Harbour.Controllers.BerthsController.List()", isLibrary: false)])
        #expect(FrameParser.dotnet("at Npgsql.NpgsqlDataReader.NextResult(Boolean async, Boolean isConsuming, CancellationToken cancellationToken)") == nil)
        #expect(FrameParser.dotnet("at C.M() in C:\\src\\App\\C.cs:line 7")?.file == "C:\\src\\App\\C.cs")
        #expect(FrameParser.dotnet("at C.M() in /src/C.cs:line x") == nil)
    }

    /// A JVM frame names its file and line (`at pkg.Class.method(File.java:31)`); the jar Logback prints after it, or
    /// the package when there is none, tells the app's own code from the JDK's and the libraries'.
    @Test func javaFramesGiveTheCodeLocation() {
        #expect(FrameParser.java("at com.example.ledger.LedgerController.list(LedgerController.java:31) ~[classes/:na]")
            == CodeFrame(file: "LedgerController.java", line: 31, function: "com.example.ledger.LedgerController.list", isLibrary: false))
        #expect(FrameParser.java("at org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2285) ~[postgresql-42.2.18.jar:42.2.18]")?.isLibrary == true)
        #expect(FrameParser.java("at java.base/java.lang.Thread.run(Thread.java:829)")
            == CodeFrame(file: "Thread.java", line: 829, function: "java.lang.Thread.run", isLibrary: true))
        #expect(FrameParser.java("at com.acme.billing.InvoiceRepo.find(InvoiceRepo.kt:12)")?.isLibrary == false)
        #expect(FrameParser.java("at jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)") == nil)
        #expect(FrameParser.java("at com.acme.Foo.bar(Unknown Source)") == nil)
        #expect(FrameParser.java("at Object.<anonymous> (/app/index.js:3:9)") == nil)
    }

    /// Tomcat's `OneLineFormatter` (catalina.out since Tomcat 8.5): `dd-MMM-yyyy HH:mm:ss.SSS LEVEL [thread] source message`,
    /// then the throwable. The time, the level and the source as logger are read, and the stack takes the record as
    /// its head (was: none, the stack alone).
    @Test func tomcatOneLineRecordsHeadTheirStack() throws {
        let findings = Self.findings("""
            05-Dec-2026 09:31:07.554 SEVERE [http-nio-8080-exec-1] org.apache.catalina.core.StandardWrapperValve.invoke Servlet.service() for servlet [ledger] threw exception
            org.postgresql.util.PSQLException: ERROR: relation "ledger_entries" does not exist
            \tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2553)
            05-Dec-2026 09:31:08.000 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [2150] milliseconds

            """)
        #expect(findings.count == 1)
        let event = try #require(findings.first).event
        #expect(event.firstLine == 1 && event.lastLine == 3, "\(event.firstLine)-\(event.lastLine)")
        #expect(event.level == "error" && event.logger == "org.apache.catalina.core.StandardWrapperValve.invoke")
        #expect(event.epoch == Array("2026-12-05T09:31:07.554Z".utf8).withUnsafeBytes(Timestamp.parseISO)?.epoch)
        #expect(event.timestamp == "05-Dec-2026 09:31:07.554")
    }
}
