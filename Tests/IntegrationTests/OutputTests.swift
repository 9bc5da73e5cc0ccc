import Foundation
import Testing
@testable import LogMedic

/// `-o` writes into what is at the path without replacing it by something else, and a failed write,
/// stdout included, is one line on stderr and exit 3.
@Suite("outputs that never replace what is there")
struct OutputTests {
    static let log = Incident.logs[0]

    /// Runs the CLI with stdout going to `stdoutPath` (a file or device) instead of a pipe.
    static func run(_ arguments: [String], stdoutPath: String) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    static func expectOneLineWriteError(_ result: (status: Int32, stderr: String), _ what: String) {
        #expect(result.status == 3, "\(what): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("No space left on device") }
        #expect(lines.count == 1, "\(what): \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "\(what)")
    }

    @Test(arguments: [["scan", log], ["scan", "--format", "ndjson", log], ["report", log], ["report", "--format", "json", log],
                      ["rules", "list"], ["remediations", "list"]])
    func writingToAFullDiskIsExitThree(_ arguments: [String]) throws {
        Self.expectOneLineWriteError(try Self.run(arguments + (arguments[0] == "scan" || arguments[0] == "report" ? ["--fail-on", "never"] : []),
                                                  stdoutPath: "/dev/full"), arguments.joined(separator: " "))
    }

    @Test(.enabled(if: TestDatabase.isAvailable))
    func schemaInspectAndFixToAFullDiskAreExitThree() throws {
        try TestDatabase.with { connection, dsn in
            try Incident.load(into: connection)
            Self.expectOneLineWriteError(try Self.run(["schema", "inspect", "--db", dsn], stdoutPath: "/dev/full"), "schema inspect")
            Self.expectOneLineWriteError(try Self.run(["fix", "--db", dsn] + Incident.logs, stdoutPath: "/dev/full"), "fix")
        }
    }

    @Test func aFIFOStaysAFIFOAndGetsTheReport() throws {
        try withScratchDirectory { dir in
            let fifo = dir.appendingPathComponent("report.fifo").path
            #expect(mkfifo(fifo, 0o600) == 0)
            let received = LockedBox(Data())
            let reader = Thread {
                let handle = FileHandle(forReadingAtPath: fifo)!
                let data = handle.readDataToEndOfFile()
                received.withLock { $0 = data }
            }
            reader.start()
            let run = try CLI.run(["report", Self.log, "--fail-on", "never", "-o", fifo])
            while reader.isExecuting { usleep(1000) }
            #expect(run.status == 0, "\(run.stderr)")
            var status = stat()
            #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
            #expect(String(decoding: received.withLock { $0 }, as: UTF8.self).contains("Table or relation does not exist"))
        }
    }

    /// A FIFO that nobody reads yet: opening it waited without a word, and the first Ctrl-C seemed to do nothing. It
    /// is said on stderr, as for an input FIFO without a writer, and the report is written once a reader comes.
    @Test func aFIFOWithoutAReaderIsWaitedForAndSaidSo() throws {
        try withScratchDirectory { dir in
            let fifo = dir.appendingPathComponent("report.fifo").path
            #expect(mkfifo(fifo, 0o600) == 0)
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["report", Self.log, "--fail-on", "never", "-o", fifo]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let said = LockedBox(Data())
            DispatchQueue.global().async {
                while case let chunk = errors.fileHandleForReading.availableData, !chunk.isEmpty { said.withLock { $0 += chunk } }
            }
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, !said.withLock({ $0.contains(UInt8(ascii: "\n")) }) { usleep(10_000) }
            let notice = String(decoding: said.withLock { $0 }, as: UTF8.self)
            #expect(notice == "logmedic: waiting for a reader on FIFO \(fifo) (Ctrl-C twice gives up)\n")
            let report = try #require(FileHandle(forReadingAtPath: fifo)).readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(String(decoding: report, as: UTF8.self).contains("Table or relation does not exist"))
        }
    }

    @Test func aSymlinkIsFollowedAndStaysASymlink() throws {
        try withScratchDirectory { dir in
            let target = dir.appendingPathComponent("real.md")
            try "old".write(to: target, atomically: true, encoding: .utf8)
            let link = dir.appendingPathComponent("link.md").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target.path)
            let run = try CLI.run(["report", Self.log, "--fail-on", "never", "--format", "markdown", "-o", link])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target.path)
            #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("#"))
        }
    }

    @Test func anExistingFileKeepsItsMode() throws {
        try withScratchDirectory { dir in
            let file = dir.appendingPathComponent("report.json").path
            #expect(FileManager.default.createFile(atPath: file, contents: Data("old".utf8), attributes: [.posixPermissions: 0o600]))
            let run = try CLI.run(["report", Self.log, "--fail-on", "never", "--format", "json", "-o", file])
            #expect(run.status == 0, "\(run.stderr)")
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("{"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.json"], "no temporary file left")
        }
    }

    @Test func devicesAndStdoutAreWrittenDirectly() throws {
        let run = try CLI.run(["report", Self.log, "--fail-on", "never", "-o", "/dev/stdout"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Table or relation does not exist"))
        #expect(try CLI.run(["report", Self.log, "--fail-on", "never", "-o", "/dev/null"]).status == 0)
        var status = stat()
        #expect(lstat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a device")
    }

    /// `report app.log -o app.log` (or -o through a link to it) would replace the log with its report.
    @Test(arguments: ["report", "watch"])
    func anInputIsNeverTheOutput(_ command: String) throws {
        try withScratchDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try FileManager.default.copyItem(atPath: Self.log, toPath: log.path)
            let original = try Data(contentsOf: log)
            let link = dir.appendingPathComponent("link.txt").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: log.path)
            for output in [log.path, link, dir.path + "/./app.log"] {
                let run = try CLI.run([command, log.path, "-o", output])
                #expect(run.status == 2, "\(output): \(run.stderr)")
                #expect(run.stderr == "logmedic: -o \(output) is the input \(log.path): the report would replace the log; write it to another file\n")
                #expect(try Data(contentsOf: log) == original, "the log is untouched")
            }
            // A directory is an input: the files read from it are too.
            let run = try CLI.run([command, dir.path, "-o", log.path])
            #expect(run.status == 2, "\(run.stderr)")
            #expect(run.stderr == "logmedic: -o \(log.path) is the input \(log.path): the report would replace the log; write it to another file\n")
            #expect(try Data(contentsOf: log) == original, "the log is untouched")
        }
    }

    /// Replacing a file keeps its owner too (root writing into someone's report file), and a path
    /// ending in / is a directory, never a file of that name.
    @Test func anExistingFileKeepsItsOwnerAndATrailingSlashIsADirectory() throws {
        try withScratchDirectory { dir in
            let file = dir.appendingPathComponent("report.txt").path
            #expect(FileManager.default.createFile(atPath: file, contents: Data("old".utf8), attributes: [.posixPermissions: 0o640]))
            let owner: (uid: uid_t, gid: gid_t) = getuid() == 0 ? (65534, 65534) : (getuid(), getgid())
            #expect(chown(file, owner.uid, owner.gid) == 0)
            let run = try CLI.run(["report", Self.log, "--fail-on", "never", "-o", file])
            #expect(run.status == 0, "\(run.stderr)")
            var status = stat()
            #expect(stat(file, &status) == 0 && status.st_uid == owner.uid && status.st_gid == owner.gid && status.st_mode & 0o777 == 0o640)
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains("Table or relation does not exist"))

            let slash = try CLI.run(["report", Self.log, "--fail-on", "never", "-o", dir.path + "/new/"])
            #expect(slash.status == 3)
            #expect(slash.stderr == "logmedic: cannot write \(dir.path)/new/: no such directory (the path ends in /)\n")
            let onFile = try CLI.run(["report", Self.log, "--fail-on", "never", "-o", file + "/"])
            #expect(onFile.status == 3)
            #expect(onFile.stderr == "logmedic: cannot write \(file)/: not a directory (the path ends in /)\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.txt"], "no file named new")
        }
    }

    @Test func aDirectoryIsRefusedInOneLine() throws {
        try withScratchDirectory { dir in
            let run = try CLI.run(["report", Self.log, "--fail-on", "never", "-o", dir.path])
            #expect(run.status == 3)
            #expect(run.stderr.contains("is a directory"))
        }
    }
}

/// A temporary directory removed when the body ends.
func withScratchDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-it-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}
