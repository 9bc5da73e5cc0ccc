import Foundation
import Testing

/// `scan` on live inputs, through the real binary and real pipes: findings come out while the
/// input is still open, and signals end the inputs without losing what was read.
@Suite("logmedic scan on live inputs (binary)")
struct LiveScanTests {
    /// One event per line except a traceback at the end of a quiet stream (lines 4–7).
    static let appLog = """
        2026-12-03 13:04:26,202 INFO [app] started
        ERROR:  relation "orders_archive" does not exist at character 15
        2026-12-03 13:04:28,202 INFO [app] GET /api/items 200
        Traceback (most recent call last):
          File "/app/api/items.py", line 12, in list_items
            rows = db.execute(q)
        psycopg2.errors.UndefinedColumn: column "discount" does not exist

        """

    @Test func eachFindingArrivesWithinASecondOfItsEvent() throws {
        try withScratchDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try Self.appLog.write(to: log, atomically: true, encoding: .utf8)
            let times = dir.appendingPathComponent("written")
            // The issue's command (one line every 2 seconds into a pipe), noting when each line went out.
            let producer = "python3 -c 'import time,sys; [print(l, end=\"\", flush=True) or print(time.time(), file=sys.stderr, flush=True) or time.sleep(2) for l in open(sys.argv[1])]'"
            let run = try TimedRun(shell: "\(producer) \(log.path) 2>\(times.path) | \(CLI.binary.path) scan --format ndjson -q")
            let lines = run.waitForLines()
            let written = try String(contentsOf: times, encoding: .utf8).split(separator: "\n").compactMap { Double($0) }
            #expect(lines.count == 2)
            for (arrival, text) in lines {
                let finding = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                let lastLine = try #require((finding?["event"] as? [String: Any])?["last_line"] as? Int)
                let delay = arrival - written[lastLine - 1]
                #expect(delay < 1.0, "finding for line \(lastLine) arrived \(delay) s after its event")
                #expect(delay > 0)
            }
        }
    }

    /// A writer that stalls inside a traceback (alive, quiet for longer than the idle close): the lines
    /// after the stall continue the event instead of opening one of their own, so the error is counted
    /// once, and an event that had no finding before the stall gets it with its head and frames.
    @Test func aStallInsideATracebackNeitherCountsTwiceNorLosesTheHead() throws {
        let log = """
            2026-12-03 13:04:26,202 ERROR [app.api] query failed: relation "invoices" does not exist
            Traceback (most recent call last):
              File "/app/api/items.py", line 12, in list_items
            @stall
                rows = db.execute(q)
            psycopg2.errors.UndefinedTable: relation "invoices" does not exist
            @stall
            2026-12-03 13:04:28,202 ERROR [app.jobs] job failed
            Traceback (most recent call last):
              File "/app/jobs/nightly.py", line 40, in run
            @stall
                db.execute(q)
            psycopg2.errors.UndefinedColumn: column "discount" does not exist
            @stall
            2026-12-03 13:04:29,202 INFO [app] GET /api/items 200

            """
        try withScratchDirectory { dir in
            let file = dir.appendingPathComponent("stalls.log")
            try log.write(to: file, atomically: true, encoding: .utf8)
            let producer = "python3 -c 'import time,sys; [time.sleep(1.5) if l.startswith(\"@stall\") else print(l, end=\"\", flush=True) for l in open(sys.argv[1])]'"
            let run = try TimedRun(shell: "\(producer) \(file.path) | \(CLI.binary.path) scan --format ndjson -q")
            let findings = try run.waitForLines().map { try #require(try JSONSerialization.jsonObject(with: Data($0.1.utf8)) as? [String: Any]) }
            let summary = findings.map { finding -> String in
                let event = finding["event"] as? [String: Any] ?? [:]
                return "\(finding["rule_id"] ?? "") \(event["first_line"] ?? "")-\(event["last_line"] ?? "") \(event["logger"] ?? "")"
            }
            #expect(summary == ["undefined_table 1-3 app.api", "undefined_column 6-10 app.jobs"], "\(summary)")
        }
    }

    @Test func interruptedScanStillPrintsFindingsOfOtherInputs() throws {
        try withScratchDirectory { dir in
            let log = dir.appendingPathComponent("normal.log")
            try Self.appLog.write(to: log, atomically: true, encoding: .utf8)
            let run = try TimedRun(arguments: ["scan", "--format", "ndjson", "/dev/zero", log.path])
            Thread.sleep(forTimeInterval: 1.5)
            kill(run.process.processIdentifier, SIGINT)
            let lines = run.waitForLines()
            #expect(lines.count == 2)
            #expect(run.process.terminationStatus == 128 + SIGINT)
            #expect(run.stderr.contains("2 findings"))
        }
    }

    @Test func fifoWithoutWriterSaysSoAndStopsOnSIGTERM() throws {
        try withScratchDirectory { dir in
            let fifo = dir.appendingPathComponent("in.fifo")
            #expect(mkfifo(fifo.path, 0o600) == 0)
            let run = try TimedRun(arguments: ["report", "--format", "json", fifo.path])
            // Once it says it waits for a writer, its signal handling is in place (however slow the start).
            #expect(run.waitForStderr(containing: "waiting for a writer on FIFO \(fifo.path)"))
            kill(run.process.processIdentifier, SIGTERM)
            _ = run.waitForLines()
            #expect(run.stderr.contains("waiting for a writer on FIFO \(fifo.path)"))
            #expect(run.process.terminationStatus == 128 + SIGTERM)
            #expect(run.stdout.contains("\"problems\""))
        }
    }

    @Test func signalsBlockedByTheParentStillEndTheRun() throws {
        try withScratchDirectory { dir in
            let fifo = dir.appendingPathComponent("in.fifo")
            #expect(mkfifo(fifo.path, 0o600) == 0)
            // Started with SIGINT and SIGTERM blocked, as a test runner's or supervisor's thread may do.
            let blocked = "import os,signal,sys; signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM}); os.execv(sys.argv[1], sys.argv[1:])"
            let run = try TimedRun(executable: URL(fileURLWithPath: "/usr/bin/python3"),
                                   arguments: ["-c", blocked, CLI.binary.path, "scan", "-q", fifo.path])
            Thread.sleep(forTimeInterval: 1.5)
            kill(run.process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(5)
            while run.process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if run.process.isRunning { kill(run.process.processIdentifier, SIGKILL) }
            _ = run.waitForLines()
            #expect(run.process.terminationStatus == 128 + SIGTERM)
        }
    }

    @Test func fifoIsReadLiveOnceAWriterComes() throws {
        try withScratchDirectory { dir in
            let fifo = dir.appendingPathComponent("in.fifo")
            #expect(mkfifo(fifo.path, 0o600) == 0)
            let run = try TimedRun(arguments: ["scan", "--format", "ndjson", "-q", fifo.path])
            let writer = FileHandle(forWritingAtPath: fifo.path)!
            writer.write(Data(#"ERROR:  relation "orders_archive" does not exist"#.utf8 + [0x0A]))
            let sent = Date()
            while run.lineCount == 0, Date().timeIntervalSince(sent) < 5 { Thread.sleep(forTimeInterval: 0.05) }
            #expect(Date().timeIntervalSince(sent) < 1.0)
            writer.closeFile()
            #expect(run.waitForLines().count == 1)
            #expect(run.process.terminationStatus == 1)
        }
    }
}

/// A process whose stdout lines are recorded with their arrival time (seconds since 1970).
final class TimedRun: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var lines: [(Double, String)] = []
    private var partial = Data()
    private let errors = Pipe()
    private let output = Pipe()
    private var stderrData = Data()
    /// The threads reading stdout and stderr until their end.
    private let readers = DispatchGroup()
    var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: stderrData, as: UTF8.self) }
    var stdout: String { lock.lock(); defer { lock.unlock() }; return lines.map(\.1).joined(separator: "\n") }
    var lineCount: Int { lock.lock(); defer { lock.unlock() }; return lines.count }

    /// Waits up to `timeout` seconds until stderr contains `text` (e.g. a notice the run prints once ready).
    func waitForStderr(containing text: String, timeout: Double = 20) -> Bool {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            if stderr.contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// Waits up to `timeout` seconds for a stdout line containing `text`; returns how long it took.
    func waitForLine(containing text: String, timeout: Double = 10) -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            lock.lock()
            let found = lines.contains { $0.1.contains(text) }
            lock.unlock()
            if found { return Date().timeIntervalSince(start) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    convenience init(shell command: String) throws {
        try self.init(executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", command])
    }

    convenience init(arguments: [String]) throws {
        try self.init(executable: CLI.binary, arguments: arguments)
    }

    init(executable: URL, arguments: [String], standardInput: FileHandle = .nullDevice, environment: [String: String] = [:]) throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLI.binary.path), "build the CLI first")
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        read(output.fileHandleForReading) { [weak self] in self?.receive($0) }
        read(errors.fileHandleForReading) { [weak self] in self?.receiveError($0) }
    }

    /// Reads `handle` on a thread of its own until its end. Not a `readabilityHandler`: one still running when
    /// the process ended could take the last output after `waitForLines` had returned (a watch test lost its
    /// final report that way under load).
    private func read(_ handle: FileHandle, into receive: @escaping @Sendable (Data) -> Void) {
        readers.enter()
        Thread { [readers] in
            while case let data = handle.availableData, !data.isEmpty { receive(data) }
            readers.leave()
        }.start()
    }

    private func receiveError(_ data: Data) {
        lock.lock(); defer { lock.unlock() }
        stderrData.append(data)
    }

    private func receive(_ data: Data) {
        let now = Date().timeIntervalSince1970
        lock.lock(); defer { lock.unlock() }
        partial.append(data)
        while let newline = partial.firstIndex(of: 0x0A) {
            lines.append((now, String(decoding: partial[partial.startIndex..<newline], as: UTF8.self)))
            partial.removeSubrange(partial.startIndex...newline)
        }
    }

    /// Waits for the process to end and returns its stdout lines with arrival times.
    func waitForLines() -> [(Double, String)] {
        // A run that hangs fails its test instead of outliving it.
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { [process] in if process.isRunning { kill(pid, SIGKILL) } }
        process.waitUntilExit()
        _ = readers.wait(timeout: .now() + 60)  // a process it started may still hold the pipes open
        lock.lock(); defer { lock.unlock() }
        return lines
    }
}

func withScratchDirectory(_ body: (URL) throws -> Void) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-live-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try body(dir)
}
