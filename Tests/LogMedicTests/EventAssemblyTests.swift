import Foundation
import Testing
@testable import LogMedic

@Suite struct EventAssemblyTests {
    static let chainedTraceback = """
    Traceback (most recent call last):
      File "/app/.venv/lib/python3.11/site-packages/sqlalchemy/engine/base.py", line 1967, in _exec_single_context
        self.dialect.do_execute(
    psycopg2.errors.UndefinedTable: relation "user_invitations" does not exist
    LINE 2: FROM user_invitations ORDER BY user_invitations.created_at DE...
                 ^

    The above exception was the direct cause of the following exception:

    Traceback (most recent call last):
      File "/app/app/routers/admin.py", line 1398, in list_invitations
        invitations = db.query(UserInvitation).all()
    sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation "user_invitations" does not exist
    LINE 2: FROM user_invitations ORDER BY user_invitations.created_at DE...
                 ^

    [SQL: SELECT user_invitations.id
    FROM user_invitations ORDER BY user_invitations.created_at DESC]
    [parameters: {'param_1': 50}]
    (Background on this error at: https://sqlalche.me/e/20/f405)
    """

    /// asyncpg's compiled frames (`asyncpg/protocol/protocol.pyx`) are the driver's, not the app's: a problem's
    /// code location is the app's frame before them (real asyncpg output, Tests/Corpus/catalog).
    @Test func asyncpgsCythonFramesAreLibraryCode() throws {
        let log = repositoryRoot.appendingPathComponent("Tests/Corpus/catalog/drivers/plain/asyncpg.log")
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: [log.path])
        let locations = diagnosis.problems.flatMap(\.group.codeLocations).map(\.file)
        #expect(!locations.isEmpty)
        #expect(locations.allSatisfy { !$0.hasSuffix(".pyx") }, "\(locations)")
    }

    @Test func chainedTracebackSplitIntoJSONRecordsIsOneFinding() {
        let noise = railway(#"INFO:     100.64.0.3:51234 - "GET /api/admin/stats HTTP/1.1" 200 OK"#, severity: "info")
        let records = Self.chainedTraceback.split(separator: "\n", omittingEmptySubsequences: false).map { railway(String($0)) }
        let log = ([noise] + records + [noise]).joined(separator: "\n")
        let (findings, stats) = scan(log)
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        let finding = findings[0]
        #expect(finding.capture("relation") == "user_invitations")
        #expect(finding.event.firstLine == 2)
        #expect(finding.event.lastLine == 1 + records.count)
        #expect(finding.event.service == "production-backend")
        #expect(finding.frames.contains(CodeFrame(file: "/app/app/routers/admin.py", line: 1398, function: "list_invitations", isLibrary: false)))
        #expect(finding.frames.first?.isLibrary == true)
        #expect(stats.ingest.events == 3)
        #expect(stats.ingest.lines == records.count + 2)
    }

    /// webpack's ChunkLoadError message takes two lines (`Loading chunk 8912 failed.`, `(error: <url>)`), then its
    /// stack: split by Railway into records, as the incident's backend relayed it, they are one event with its frames.
    /// A parenthesis record after another error is that record's neighbour, not its message.
    @Test func aChunkLoadErrorSplitIntoRecordsKeepsItsSourceAndFrames() {
        let message = [
            "Frontend error: ChunkLoadError: Loading chunk 8912 failed.",
            "(error: https://app.example.com/_next/static/chunks/8912.4b1e0f3a7c2d9e15.js)",
            "    at n.f.j (https://app.example.com/_next/static/chunks/webpack-5f1c9e7a2b3d4c6e.js:1:3425)",
            "    at Array.reduce (<anonymous>)",
        ]
        let (findings, _) = scan(message.map { railway($0) }.joined(separator: "\n"))
        #expect(findings.map(\.ruleID) == ["frontend_chunk_load_failed"])
        #expect(findings.first?.event.lastLine == 4)
        #expect(findings.first?.frames.first?.file == "https://app.example.com/_next/static/chunks/webpack-5f1c9e7a2b3d4c6e.js")
        let other = [railway(#"ERROR:  relation "orders" does not exist"#), railway("(error: retry scheduled)")]
        #expect(scan(other.joined(separator: "\n")).findings.first?.event.lastLine == 1)
    }

    @Test func plainTracebackThenNextEvent() {
        let log = Self.chainedTraceback + "\nINFO:     done\n" + Self.chainedTraceback
        let (findings, _) = scan(log)
        #expect(findings.count == 2)
        #expect(findings[1].event.firstLine == findings[0].event.lastLine + 2)
    }

    /// A record whose message takes two lines, then its traceback: one event from the record's first line. A line
    /// with a time of its own between them is another record's: the traceback is then an event of its own.
    @Test func aRecordsMessageOfTwoLinesHeadsItsTraceback() {
        let record = "2026-01-01 10:00:00,000 ERROR app: export failed: quota reached\nask an admin to raise it\n"
        let (findings, _) = scan(record + Self.chainedTraceback)
        #expect(findings.map(\.event.firstLine) == [1])
        #expect(findings.first?.event.text.hasPrefix("ERROR app: export failed: quota reached\nask an admin to raise it\nTraceback") == true)
        let apart = record + "2026-01-01 10:00:01,000 progress 3/4\n" + Self.chainedTraceback
        #expect(scan(apart).findings.map(\.event.firstLine) == [4])
    }

    /// aiopg hands a canceled statement to asyncio's exception handler, which logs the server's error text
    /// (ending in a newline), a `future: <…>` line and the traceback as one record; uvicorn then logs the
    /// route's own traceback. Two records, two findings (they were four: the text, the future line and
    /// the traceback each opened an event).
    @Test func asyncioExceptionHandlerRecordIsOneEvent() {
        let log = """
        ERROR:  canceling statement due to statement timeout

        future: <Future finished exception=QueryCanceled('canceling statement due to statement timeout\\n')>
        Traceback (most recent call last):
          File "/srv/venv/lib/python3.11/site-packages/aiopg/connection.py", line 788, in _ready
            state = self._conn.poll()
                    ^^^^^^^^^^^^^^^^^
        psycopg2.errors.QueryCanceled: canceling statement due to statement timeout

        ERROR:    Exception in ASGI application
        Traceback (most recent call last):
          File "/srv/venv/lib/python3.11/site-packages/aiopg/connection.py", line 788, in _ready
            state = self._conn.poll()
                    ^^^^^^^^^^^^^^^^^
        psycopg2.errors.QueryCanceled: canceling statement due to statement timeout
        """
        let (findings, _) = scan(log)
        #expect(findings.map(\.ruleID) == ["statement_timeout", "statement_timeout"])
        #expect(findings.map(\.event.firstLine) == [1, 10])
        #expect(findings.first?.event.lastLine == 9)  // the blank line after a traceback goes with it, as before
    }

    /// A blank line after a one-line event joins it only when asyncio's context follows: otherwise the
    /// event ends where it did, and the next line opens its own.
    @Test func blankLineAfterAOneLineEventIsKeptBackOnly() {
        let log = """
        ERROR:  relation "invoices" does not exist

            indented line of something else
        ERROR:  relation "shipments" does not exist
        """
        let (findings, _) = scan(log)
        #expect(findings.map(\.event.firstLine) == [1, 4])
        #expect(findings.map(\.event.lastLine) == [1, 4])
    }

    /// A deadlock's DETAIL goes on over one unprefixed line per process (`Process 17093 waits for …`);
    /// asyncpg, then SQLAlchemy's two wrappers repeat it in a chained traceback under uvicorn. One event,
    /// one finding: the lines after DETAIL used to close the event, and each wrapper opened its own.
    @Test func deadlockDetailLinesKeepTheChainOneEvent() {
        let detail = """
        DETAIL:  Process 17159 waits for ShareLock on transaction 729; blocked by process 17093.
        Process 17093 waits for ShareLock on transaction 730; blocked by process 17159.
        HINT:  See server log for query details.
        """
        let log = """
        INFO:     127.0.0.1:42966 - "POST /transfer HTTP/1.1" 500 Internal Server Error
        ERROR:    Exception in ASGI application
        Traceback (most recent call last):
          File "/app/.venv/lib/python3.11/site-packages/asyncpg/connection.py", line 1794, in __do_execute
            return await executor(protocol)
        asyncpg.exceptions.DeadlockDetectedError: deadlock detected
        \(detail)

        The above exception was the direct cause of the following exception:

        Traceback (most recent call last):
          File "/app/app/routers/accounts.py", line 88, in transfer
            await b.execute(sa.text("UPDATE accounts SET balance = balance + 1 WHERE id = 1"))
        sqlalchemy.exc.DBAPIError: (sqlalchemy.dialects.postgresql.asyncpg.Error) <class 'asyncpg.exceptions.DeadlockDetectedError'>: deadlock detected
        \(detail)
        [SQL: UPDATE accounts SET balance = balance + 1 WHERE id = 1]
        (Background on this error at: https://sqlalche.me/e/20/dbapi)
        INFO:     127.0.0.1:42980 - "POST /transfer HTTP/1.1" 200 OK
        Process 4 started
        """
        let (findings, _) = scan(log)
        #expect(findings.map(\.ruleID) == ["deadlock_detected"])
        #expect(findings.first?.event.firstLine == 2)
        #expect(findings.first?.event.lastLine == 21)
    }

    @Test func javascriptStackKeepsFramesAndRequestContext() {
        let log = """
        2025-12-19T14:05:01.900Z info  GET /api/admin/agencies 200 in 35ms
        INFO:     100.64.0.3:51234 - "GET /api/admin/agencies?skip=0&limit=100 HTTP/1.1" 200 OK
        2025-12-19T14:05:02.113Z error  TypeError: n.map is not a function
            at AgenciesPage (https://app.example.com/_next/static/chunks/pages/admin/agencies-8f3e2a1c.js:1:4821)
            at renderWithHooks (/app/node_modules/react-dom/cjs/react-dom.development.js:16305:18)
        2025-12-19T14:05:03.000Z info  ready
        """
        let (findings, _) = scan(log)
        #expect(findings.count == 1)
        let f = findings[0]
        #expect(f.ruleID == "frontend_response_shape")
        #expect(f.capture("method") == "map")
        #expect(f.event.lastLine == 5)
        #expect(f.frames.last == CodeFrame(file: "https://app.example.com/_next/static/chunks/pages/admin/agencies-8f3e2a1c.js", line: 1, function: "AgenciesPage", isLibrary: false))
        #expect(f.context.compactMap { $0.capture("path") }.contains("/api/admin/agencies"))
    }

    /// `next start` prints errors as ` ⨯ TypeError: …` (Next.js's log prefixes): the line starts its own event
    /// with its frames, instead of being taken for an indented line of the request logged before it.
    @Test func nextJSErrorLineStartsItsOwnEvent() {
        let log = """
        2026-12-03T14:05:01.900Z info  GET /dashboard 200 in 35ms
         ⨯ TypeError: orders.map is not a function
            at Dashboard (/app/.next/server/app/dashboard/page.js:1:4821)
            at renderWithHooks (/app/node_modules/react-dom/cjs/react-dom-server.node.production.js:16305:18)
         ✓ Compiled /dashboard in 120ms
         ⨯ TypeError: orders.map is not a function
            at Dashboard (/app/.next/server/app/dashboard/page.js:1:4821)
        """
        let (findings, _) = scan(log)
        #expect(findings.map(\.ruleID) == ["frontend_response_shape", "frontend_response_shape"])
        #expect(findings.map(\.event.firstLine) == [2, 6])
        #expect(findings.map(\.event.lastLine) == [4, 7])
        #expect(findings.first?.frames.last?.function == "Dashboard", "the innermost frame is the app's page")
    }

    @Test func postgresErrorWithStatementLine() {
        let log = """
        2025-12-19 14:02:11.130 UTC [4121] ERROR:  duplicate key value violates unique constraint "users_email_key"
        2025-12-19 14:02:11.130 UTC [4121] DETAIL:  Key (email)=(a@example.com) already exists.
        2025-12-19 14:02:11.130 UTC [4121] STATEMENT:  INSERT INTO users (email) VALUES ($1)
        2025-12-19 14:02:12.000 UTC [77] LOG:  checkpoint starting: time
        """
        let (findings, _) = scan(log)
        #expect(findings.count == 1)
        #expect(findings[0].capture("constraint") == "users_email_key")
        #expect(findings[0].event.lastLine == 3)
        #expect(findings[0].event.text.contains("STATEMENT:"))
    }

    @Test func tracebackThatNeverEndsIsCutAndCounted() {
        var lines = ["Traceback (most recent call last):"]
        lines += Array(repeating: "  File \"/app/x.py\", line 1, in f", count: 5000)
        lines.append("psycopg2.errors.UndefinedTable: relation \"late\" does not exist")
        lines.append(#"ERROR:  relation "after_the_flood" does not exist"#)
        let (findings, stats) = scan(lines.joined(separator: "\n"))
        #expect(stats.ingest.oversizedEvents == 1)
        #expect(findings.map { $0.capture("relation") }.contains("after_the_flood"))
        #expect(findings.map { $0.capture("relation") }.contains("late"))
    }

    @Test func interleavedServiceClosesTheEvent() {
        let log = [
            railway("Traceback (most recent call last):"),
            railway("  File \"/app/app/routers/admin.py\", line 378, in get_recent_activity"),
            railway("AttributeError: type object 'AuditLog' has no attribute 'timestamp'"),
            railway("deadlock detected", service: "worker"),
        ].joined(separator: "\n")
        let (findings, _) = scan(log)
        #expect(findings.map(\.ruleID) == ["missing_model_attribute", "deadlock_detected"])
        #expect(findings[0].event.lastLine == 3)
        #expect(findings[1].event.service == "worker")
    }
}
