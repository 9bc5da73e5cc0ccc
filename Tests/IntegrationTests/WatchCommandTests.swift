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
            let run = try TimedRun(executable: CLI.binary, arguments: ["watch", "--color", "never"],
                                   standardInput: try #require(FileHandle(forReadingAtPath: log.path)))
            _ = run.waitForLines()
            #expect(run.stdout.contains("Or let logmedic apply the vetted playbook"), "\(run.stdout)")
            #expect(run.stdout.contains("(wrap_textual_sql)"), "\(run.stdout)")
        }
    }

    static func missing(_ table: String) -> String {
        #"2026-12-03T13:04:26Z ERROR:  relation "\#(table)" does not exist"# + "\n"
    }

    /// A log file named on the command line is followed as `tail -F` follows it: lines appended later
    /// are read, and so is the new file once the old one is renamed away (logrotate, Python's
    /// RotatingFileHandler), without reading the renamed one again.
    @Test func followsAFileAsItGrowsAndAfterItIsRotated() throws {
        try withScratchDirectory { dir in
            let log = dir.appendingPathComponent("app.log"), report = dir.appendingPathComponent("r.json")
            try Self.missing("dock_alpha").write(to: log, atomically: false, encoding: .utf8)
            let run = try TimedRun(arguments: ["watch", log.path, "--interval", "0", "--color", "never", "--format", "json", "-o", report.path])
            #expect(run.waitForLine(containing: "[new] CRITICAL P1  Table or relation does not exist: dock_alpha") != nil, "\(run.stdout)")
            let writer = try FileHandle(forWritingTo: log)
            writer.seekToEndOfFile()
            writer.write(Data(Self.missing("dock_beta").utf8))
            #expect(run.waitForLine(containing: "[new] CRITICAL P2  Table or relation does not exist: dock_beta") != nil, "\(run.stdout)\n\(run.stderr)")
            try FileManager.default.moveItem(at: log, to: dir.appendingPathComponent("app.log.1"))
            writer.write(Data(Self.missing("dock_beta").utf8))  // written before the handler reopens
            writer.closeFile()
            try (Self.missing("dock_gamma") + Self.missing("dock_alpha")).write(to: log, atomically: false, encoding: .utf8)
            #expect(run.waitForLine(containing: "[new] CRITICAL P3  Table or relation does not exist: dock_gamma") != nil, "\(run.stdout)")
            #expect(run.waitForLine(containing: "[count] CRITICAL P2  Table or relation does not exist: dock_beta — 2 occurrences") != nil, "\(run.stdout)")

            kill(run.process.processIdentifier, SIGTERM)
            _ = run.waitForLines()
            #expect(run.process.terminationStatus == 128 + SIGTERM)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
            let problems = try #require(json?["problems"] as? [[String: Any]])
            let counts = problems.map { ($0["group"] as? [String: Any])?["count"] as? Int ?? 0 }
            #expect(counts.sorted() == [1, 2, 2], "each line counted once: \(counts)")
        }
    }

    /// A directory is followed into the files that appear in it, as PostgreSQL's logging_collector
    /// starts a new file on rotation (log_filename with a time in it).
    @Test func followsADirectoryIntoTheFilesThatAppearInIt() throws {
        try withScratchDirectory { dir in
            let logs = dir.appendingPathComponent("log")
            try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
            try Self.missing("dock_alpha").write(to: logs.appendingPathComponent("postgresql-100000.log"), atomically: false, encoding: .utf8)
            let run = try TimedRun(arguments: ["watch", logs.path, "--interval", "0", "--color", "never"])
            #expect(run.waitForLine(containing: "[new] CRITICAL P1  Table or relation does not exist: dock_alpha") != nil, "\(run.stdout)")
            let next = logs.appendingPathComponent("postgresql-100100.log")
            try Self.missing("dock_beta").write(to: next, atomically: false, encoding: .utf8)
            #expect(run.waitForLine(containing: "[new] CRITICAL P2  Table or relation does not exist: dock_beta") != nil, "\(run.stdout)\n\(run.stderr)")
            let writer = try FileHandle(forWritingTo: next)
            writer.seekToEndOfFile()
            writer.write(Data(Self.missing("dock_alpha").utf8))
            writer.closeFile()
            #expect(run.waitForLine(containing: "[count] CRITICAL P1  Table or relation does not exist: dock_alpha — 2 occurrences") != nil, "\(run.stdout)")
            kill(run.process.processIdentifier, SIGINT)
            _ = run.waitForLines()
            #expect(run.process.terminationStatus == 128 + SIGINT)
            #expect(run.stdout.contains("2 problems"), "\(run.stdout)")
        }
    }
}
