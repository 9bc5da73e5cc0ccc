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

    @Test func scanOnATerminalSaysItReadsStandardInput() throws {
        // script(1) gives the command a terminal; nothing is typed, so timeout ends it.
        let run = try CLI.run(["scan"], viaTerminal: true)
        #expect(run.stderr.contains("reading logs from standard input (a terminal)") || run.stdout.contains("reading logs from standard input (a terminal)"))
    }
}

extension CLI {
    /// Runs the binary on a pseudo-terminal (script(1)) for at most 2 seconds.
    static func run(_ arguments: [String], viaTerminal: Bool) throws -> (status: Int32, stdout: String, stderr: String) {
        let command = (["timeout", "2", binary.path] + arguments).joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-c", command, "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), "")
    }
}
