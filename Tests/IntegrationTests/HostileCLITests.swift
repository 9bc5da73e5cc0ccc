import Foundation
import Testing

/// What the binary does with standard streams it was not given and with names that hold terminal controls.
@Suite("hostile surroundings (binary)")
struct HostileCLITests {
    static let log = Incident.logs[0]

    /// Runs the binary through `sh -c SCRIPT`, where `"$@"` is the binary and its arguments.
    static func run(_ arguments: [String], shell script: String) throws -> (status: Int32, stdout: String, stderr: String) {
        try CLI.run(arguments, launcher: ["/bin/sh", "-c", script, "sh"])
    }

    /// With standard input closed (`<&-`), the first descriptor the process opened took its number: reading "standard
    /// input" read Dispatch's epoll descriptor, which took 20 to 60 s to fail with "cannot read -: Invalid argument".
    @Test(arguments: ["scan", "report"])
    func aClosedStandardInputIsSaidSoAtOnce(_ command: String) throws {
        let started = Date()
        let run = try Self.run([command], shell: #"exec "$@" <&-"#)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("cannot read -: standard input is closed"), "\(run.stderr)")
    }

    /// With standard output closed (`>&-`), the report was written into whatever descriptor took its number (there:
    /// an eventfd, "Invalid argument"; with `fix --apply`, possibly a source file being rewritten).
    @Test func aClosedStandardOutputIsAWriteError() throws {
        let run = try Self.run(["report", Self.log, "--fail-on", "never"], shell: #"exec "$@" >&-"#)
        #expect(run.status == 3)
        #expect(run.stderr == "logmedic: cannot write standard output: Bad file descriptor\n", "\(run.stderr)")
    }

    /// `-o -` is standard output, as for inputs (it wrote a file named `-` in the working directory).
    @Test func dashAsOutputIsStandardOutput() throws {
        try withScratchDirectory { dir in
            let run = try Self.run(["report", Self.log, "--fail-on", "never", "-o", "-"], shell: #"cd "$LOGMEDIC_TEST_DIR" && exec "$@""#
                .replacingOccurrences(of: "$LOGMEDIC_TEST_DIR", with: dir.path))
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("Table or relation does not exist"))
            #expect(run.stderr.hasSuffix(" to standard output\n"), "was: to -: \(run.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "no file named -")
        }
    }

    /// `schema inspect -o -` too (it wrote a file named `-`, and said so on standard output).
    @Test(.enabled(if: TestDatabase.isAvailable, "needs DATABASE_URL (run through scripts/test)"))
    func dashAsSchemaOutputIsStandardOutput() throws {
        try TestDatabase.with { _, dsn in
            try withScratchDirectory { dir in
                let run = try Self.run(["schema", "inspect", "--db", dsn, "-o", "-"], shell: #"cd "$LOGMEDIC_TEST_DIR" && exec "$@""#
                    .replacingOccurrences(of: "$LOGMEDIC_TEST_DIR", with: dir.path))
                #expect(run.status == 0, "\(run.stderr)")
                let snapshot = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
                #expect(snapshot?["relations"] != nil, "standard output is the snapshot alone: \(run.stdout.prefix(200))")
                #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "no file named -")
            }
        }
    }

    /// A file found in a log directory is named in the error that says it is damaged: its ESC and BEL reached the
    /// terminal raw on stderr (retitling it), though the report itself showed them as \x1b.
    @Test(arguments: ["scan", "report"])
    func aDamagedInputIsNamedWithItsControlsShown(_ command: String) throws {
        try withScratchDirectory { dir in
            let gzip = Process()
            gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
            gzip.arguments = ["-c", Self.log]
            let compressed = Pipe()
            gzip.standardOutput = compressed
            try gzip.run()
            let data = compressed.fileHandleForReading.readDataToEndOfFile()
            gzip.waitUntilExit()
            let name = "app\u{1B}]0;owned\u{07}\u{202E}.log.gz"
            try data.prefix(data.count / 2).write(to: dir.appendingPathComponent(name))
            let run = try CLI.run([command, dir.path, "--fail-on", "never"])
            #expect(run.status == 3)
            #expect(run.stderr.contains(#"app\x1b]0;owned\x07\u202e.log.gz: gzip stream is truncated"#), "\(run.stderr)")
            #expect(!run.stderr.contains("\u{1B}") && !run.stderr.contains("\u{202E}"), "\(run.stderr)")
        }
    }
}
