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

    @Test func aDatabaseNameIsNotMistakenForASecret() throws {
        let run = try CLI.run(["schema", "inspect", "--db", "not a dsn"], environment: ["PGHOST": "/nonexistent-socket-dir", "PGPORT": "5432"])
        #expect(run.status == 3)
        #expect(run.stderr.contains(#"socket "/nonexistent-socket-dir/.s.PGSQL.5432""#), "\(run.stderr)")
        #expect(run.stderr.contains("libpq took it as a database name"))
    }

    /// Nothing is typed: the scan says what it waits for, and SIGTERM (as Ctrl-C's SIGINT) ends the
    /// wait with the conventional status instead of leaving a read(2) blocked until the next line.
    @Test func scanOnATerminalSaysItReadsStandardInputAndStopsOnSIGTERM() throws {
        let run = try CLI.runOnATerminal(["scan"], until: "reading logs from standard input (a terminal)")
        #expect(run.stderr.contains("reading logs from standard input (a terminal)"), "\(run.stderr)")
        #expect(run.status == 128 + SIGTERM, "\(run.stderr)")
    }
}

extension CLI {
    /// Runs the binary with a pseudo-terminal the test owns as standard input (not its controlling
    /// terminal: a read blocks instead of stopping the process with SIGTTIN). Collects standard error
    /// until `expected` appears, then sends SIGTERM; SIGKILL follows if the process is still there
    /// 10 seconds later, so a hung child cannot outlive the test.
    static func runOnATerminal(_ arguments: [String], until expected: String) throws -> (status: Int32, stderr: String) {
        let master = PseudoTerminal.openMaster(O_RDWR | O_NOCTTY)
        guard master >= 0, PseudoTerminal.grant(master) == 0, PseudoTerminal.unlock(master) == 0,
              let name = PseudoTerminal.name(master) else {
            throw CocoaError(.fileReadUnknown)
        }
        defer { close(master) }
        guard let terminal = FileHandle(forUpdatingAtPath: String(cString: name)) else { throw CocoaError(.fileReadNoSuchFile) }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardInput = terminal
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        try terminal.close()
        let pid = process.processIdentifier
        let backstop = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: backstop)
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains(expected) {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said.append(chunk)
        }
        process.terminate()
        said.append(errors.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        backstop.cancel()
        return (process.terminationStatus, String(decoding: said, as: UTF8.self))
    }
}

/// The pseudo-terminal calls of the C library, which Swift's Glibc module leaves out (they sit behind
/// _XOPEN_SOURCE), looked up by name.
private enum PseudoTerminal {
    static let openMaster = function("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grant = function("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlock = function("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let name = function("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)

    private static func function<F>(_ symbol: String, as type: F.Type) -> F {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), symbol) else { fatalError("no \(symbol) in the C library") }
        return unsafeBitCast(address, to: type)
    }
}
