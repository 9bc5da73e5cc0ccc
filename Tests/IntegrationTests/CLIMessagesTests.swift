import Foundation
import Testing

/// One-line messages that say what went wrong, through the real binary.
@Suite("CLI messages (binary)")
struct CLIMessagesTests {
    @Test func unknownRuleIsOneLineAndUsageExit() throws {
        let run = try CLI.run(["rules", "show", "nosuch"])
        #expect(run.status == 2)
        #expect(run.stderr == "logmedic: no rule nosuch; see `logmedic rules list`\n")
    }

    /// `--reference-sql` takes every path after it: a log given after it was loaded as reference SQL and failed on
    /// its first line ("the scratch database refused `2026-12-05 … ERROR …`").
    @Test func aLogAfterReferenceSQLIsCalledALog() throws {
        let run = try CLI.run(["fix", "--db", "postgresql://nowhere.invalid/x", "--draft", "--reference-sql", "schema.sql", "app.log"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--reference-sql takes every path after it, and app.log looks like a log: give the logs before --reference-sql"), "\(run.stderr)")
    }

    /// A private mount namespace in which libpq is /dev/null (root only: where that is refused, the test does not run).
    static let withoutLibpq = [
        "/usr/bin/unshare", "-m", "/bin/sh", "-c",
        #"mount --bind /dev/null "$(ldconfig -p | awk '/libpq\.so\.5 /{print $NF; exit}')" && exec "$0" "$@""#,
    ]
    static let canHideLibpq = (try? CLI.run(["--version"], launcher: withoutLibpq).status) == 0

    /// libpq is loaded when a database is first reached: without it, logs are still scanned and reported, and `--db`
    /// says what is missing in one line (it was linked, so nothing ran: "error while loading shared libraries").
    @Test(.enabled(if: canHideLibpq)) func withoutLibpqOnlyTheDatabaseIsOutOfReach() throws {
        let scan = try CLI.run(["scan", "--format", "ndjson", Incident.logs[0]], launcher: Self.withoutLibpq)
        #expect(scan.status == 1 && scan.stdout.contains(#""rule_id":"undefined_table""#), "\(scan.stderr)")
        let report = try CLI.run(["report", Incident.logs[0], "--db", "postgresql://app@127.0.0.1:1/railway"], launcher: Self.withoutLibpq)
        #expect(report.status == 3)
        #expect(report.stderr.hasPrefix("logmedic: reaching PostgreSQL needs libpq (libpq.so.5), which could not be loaded: "), "\(report.stderr)")
        #expect(report.stderr.hasSuffix("; install it (apt install libpq5)\n") && report.stderr.split(separator: "\n").count == 1, "\(report.stderr)")
    }

    /// `-q` drops the summary, not the reason for exit 3 (it exited 3 without a word).
    @Test func quietScanStillSaysWhyAnInputFailed() throws {
        let run = try CLI.run(["scan", "-q", "/nonexistent/app.log"])
        #expect(run.status == 3)
        #expect(run.stderr == "logmedic: cannot read /nonexistent/app.log: No such file or directory\n", "\(run.stderr)")
    }

    @Test func logmedicRulesAddsToTheBuiltInCatalog() throws {
        try withScratchDirectory { dir in
            try """
                id: team_custom_error
                title: Our own error
                severity: low
                category: application
                kind: finding
                patterns: ['TEAM-E(?<code>[0-9]+)']
                explain: Ours.
                examples:
                  match: [{text: "TEAM-E42 failed", captures: {code: "42"}}]
                  no_match: ["TEAM-X42"]
                """.write(to: dir.appendingPathComponent("team_custom_error.yaml"), atomically: true, encoding: .utf8)
            let run = try CLI.run(["rules", "list"], environment: ["LOGMEDIC_RULES": dir.path])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("team_custom_error"))
            #expect(run.stdout.contains("undefined_table"))
        }
    }

    /// Other tools (bench/run's rg and Python rows) run exactly these patterns: none may be masked.
    @Test func exportPrintsEveryPatternAsWritten() throws {
        let run = try CLI.run(["rules", "export", "--flavor", "pcre2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#"Can't locate revision identified by '(?<revision>[^'\r\n]{1,100})'"#))
        #expect(!run.stdout.contains("***"))
    }

    @Test func missingSourceDirectoryIsAClearUsageError() throws {
        let run = try CLI.run(["report", "--source", "/nonexistent/checkout", "/dev/null"])
        #expect(run.status == 2)
        #expect(run.stderr == "logmedic: --source /nonexistent/checkout: no such directory — give the application's source checkout\n")
    }

    /// What the user sees on stderr: the advice, whole (the redactor leaves it alone), and no piece of the password.
    @Test func aURIWhosePasswordHasAnUnencodedAtSaysHowToEncodeIt() throws {
        let run = try CLI.run(["report", Incident.logs[0], "--db", "postgresql://app:s3cr3t@pw-tail@127.0.0.1:1/railway"])
        #expect(run.status == 3)
        #expect(!run.stderr.contains("s3cr3t") && !run.stderr.contains("pw-tail") && !run.stderr.contains("***"), "\(run.stderr)")
        #expect(run.stderr.contains("percent-encode them: @ as %40, / as %2F, ? as %3F, # as %23"), "\(run.stderr)")
    }

    @Test func aDatabaseNameIsNotMistakenForASecret() throws {
        let run = try CLI.run(["schema", "inspect", "--db", "not a dsn"], environment: ["PGHOST": "/nonexistent-socket-dir", "PGPORT": "5432"])
        #expect(run.status == 3)
        #expect(run.stderr.contains(#"socket "/nonexistent-socket-dir/.s.PGSQL.5432""#), "\(run.stderr)")
        #expect(run.stderr.contains("libpq took it as a database name"))
    }

    /// A URI that lost its ':' (postgres//app:pw@db/x) is no URI: libpq takes the whole text as a database
    /// name, and the message must not repeat it, password and all.
    @Test func aMistypedURIIsNotRepeatedAsTheDatabaseName() throws {
        let run = try CLI.run(["schema", "inspect", "--db", "postgres//app:s3cr3t-pw@127.0.0.1/railway"],
                              environment: ["PGHOST": "/nonexistent-socket-dir", "PGPORT": "5432"])
        #expect(run.status == 3)
        #expect(!run.stderr.contains("s3cr3t"), "\(run.stderr)")
        #expect(run.stderr.contains("libpq took it as a database name"), "\(run.stderr)")
    }

    /// Nothing is typed: the scan says what it waits for, and SIGTERM (as Ctrl-C's SIGINT) ends the
    /// wait with the conventional status instead of leaving a read(2) blocked until the next line.
    @Test func scanOnATerminalSaysItReadsStandardInputAndStopsOnSIGTERM() throws {
        let (terminal, master) = try PseudoTerminal.open()
        defer { close(master) }
        let run = try TimedRun(executable: CLI.binary, arguments: ["scan"], standardInput: terminal)
        try terminal.close()
        #expect(run.waitForStderr(containing: "reading logs from standard input (a terminal)"), "\(run.stderr)")
        kill(run.process.processIdentifier, SIGTERM)
        _ = run.waitForLines()
        #expect(run.process.terminationStatus == 128 + SIGTERM, "\(run.stderr)")
    }
}

/// The pseudo-terminal calls of the C library, which Swift's Glibc module leaves out (they sit behind
/// _XOPEN_SOURCE), looked up by name.
private enum PseudoTerminal {
    /// A new pseudo-terminal: its terminal side, and the master descriptor to close when done. The terminal
    /// is opened without becoming anyone's controlling terminal, so a read from it blocks instead of
    /// stopping the reader with SIGTTIN.
    static func open() throws -> (terminal: FileHandle, master: Int32) {
        let master = openMaster(O_RDWR | O_NOCTTY)
        guard master >= 0, grant(master) == 0, unlock(master) == 0, let path = name(master),
              let terminal = FileHandle(forUpdatingAtPath: String(cString: path)) else {
            if master >= 0 { close(master) }
            throw CocoaError(.fileReadUnknown)
        }
        return (terminal, master)
    }

    static let openMaster = function("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grant = function("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlock = function("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let name = function("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)

    private static func function<F>(_ symbol: String, as type: F.Type) -> F {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), symbol) else { fatalError("no \(symbol) in the C library") }
        return unsafeBitCast(address, to: type)
    }
}
