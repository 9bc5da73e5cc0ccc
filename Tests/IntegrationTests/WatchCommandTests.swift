import Foundation
import Testing
@testable import LogMedic

/// `logmedic watch` through the real binary: news while the input is open, verdicts that follow
/// the live schema, and the full report on SIGTERM.
@Suite("logmedic watch (binary, live PostgreSQL)", .enabled(if: TestDatabase.isAvailable))
struct WatchCommandTests {
    static let missingTable = #"2026-12-03T13:04:26Z ERROR:  relation "orders_archive" does not exist"# + "\n"

    @Test func tellsNewProblemsAndVerdictChangesThenReportsOnSIGTERM() throws {
        try TestDatabase.with { connection, dsn in
            try withScratchDirectory { dir in
                let fifo = dir.appendingPathComponent("app.fifo"), report = dir.appendingPathComponent("r.json")
                #expect(mkfifo(fifo.path, 0o600) == 0)
                let run = try TimedRun(arguments: [
                    "watch", fifo.path, "--db", dsn, "--recheck", "1", "--interval", "0", "--color", "never",
                    "--format", "json", "-o", report.path])
                let writer = try #require(FileHandle(forWritingAtPath: fifo.path))
                writer.write(Data(Self.missingTable.utf8))
                #expect(run.waitForLine(containing: "[new] CRITICAL P1  Table or relation does not exist: orders_archive — database: CONFIRMED — at 2026-12-03 13:04:26 UTC") != nil, "\(run.stdout)")
                writer.write(Data(Self.missingTable.utf8))
                #expect(run.waitForLine(containing: "[count] CRITICAL P1  Table or relation does not exist: orders_archive — 2 occurrences, last 2026-12-03 13:04:26 UTC") != nil)

                try connection.execute("CREATE TABLE orders_archive (id int)")
                let verdictDelay = run.waitForLine(containing: "[verdict] CRITICAL P1  Table or relation does not exist: orders_archive — database: RESOLVED")
                #expect(verdictDelay.map { $0 < 5 } == true, "verdict change after \(verdictDelay ?? -1) s")

                kill(run.process.processIdentifier, SIGTERM)
                _ = run.waitForLines()
                writer.closeFile()
                #expect(run.process.terminationStatus == 128 + SIGTERM)
                let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
                let problems = try #require(json?["problems"] as? [[String: Any]])
                #expect(problems.count == 1)
                #expect((problems.first?["group"] as? [String: Any])?["count"] as? Int == 2)
            }
        }
    }

    /// Checks that run their own queries (here: is the table's sequence behind max(id)?) get the live
    /// database in `watch --db` as in `report --db`, not "not checked: needs a live database (--db)".
    @Test func checksThatQueryGetTheLiveDatabase() throws {
        try TestDatabase.with { connection, dsn in
            try connection.execute("CREATE TABLE invoices (id serial PRIMARY KEY, total int)")
            try connection.execute("INSERT INTO invoices (id, total) SELECT g, 1 FROM generate_series(1, 20) g")
            try withScratchDirectory { dir in
                let fifo = dir.appendingPathComponent("db.fifo")
                #expect(mkfifo(fifo.path, 0o600) == 0)
                let run = try TimedRun(arguments: ["watch", fifo.path, "--db", dsn, "--interval", "0", "--color", "never"])
                let writer = try #require(FileHandle(forWritingAtPath: fifo.path))
                writer.write(Data(("2026-12-03 13:04:26 UTC [41]: ERROR:  duplicate key value violates unique constraint \"invoices_pkey\"\n"
                    + "2026-12-03 13:04:26 UTC [41]: DETAIL:  Key (id)=(1) already exists.\n").utf8))
                writer.closeFile()
                _ = run.waitForLines()
                #expect(run.stdout.contains("[new] MEDIUM P1  Unique constraint violated: invoices_pkey, id — database: CONFIRMED"), "\(run.stdout)")
                #expect(run.stdout.contains("Sequence public.invoices_id_seq is at 0 but max(id) in public.invoices is 20"), "\(run.stdout)")
                #expect(!run.stdout.contains("needs a live database"))
            }
        }
    }

    /// The final report of `watch` names the vetted playbook that fixes a problem, as `report` does.
    @Test func theFinalReportNamesThePlaybook() throws {
        try withScratchDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try "sqlalchemy.exc.ArgumentError: Textual SQL expression 'SELECT 1' should be explicitly declared as text('SELECT 1')\n"
                .write(to: log, atomically: true, encoding: .utf8)
            let run = try CLI.run(["watch", log.path, "--color", "never"])
            #expect(run.stdout.contains("Or let logmedic apply the vetted playbook"), "\(run.stdout)")
            #expect(run.stdout.contains("(wrap_textual_sql)"), "\(run.stdout)")
        }
    }
}
