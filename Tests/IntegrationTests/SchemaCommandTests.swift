import Foundation
import Testing
@testable import LogMedic

/// The built binary, end to end: output, exit codes, no leaked password.
@Suite("logmedic schema inspect (binary)", .enabled(if: TestDatabase.isAvailable))
struct SchemaCommandTests {
    @Test func printsTheSnapshotAsJSON() throws {
        try TestDatabase.with { connection, dsn in
            try connection.execute("CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz)")
            let run = try CLI.run(["schema", "inspect", "--db", dsn])
            #expect(run.status == 0, "\(run.stderr)")
            let snapshot = try SchemaSnapshot(jsonData: Data(run.stdout.utf8))
            #expect(snapshot.relation(named: "users")?.column(named: "created_at")?.type == "timestamp with time zone")
        }
    }

    @Test func writesAFileAndSummarises() throws {
        try TestDatabase.with { connection, dsn in
            try connection.execute("CREATE TABLE a (id int); CREATE VIEW b AS SELECT * FROM a")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("snap-\(UUID()).json")
            defer { try? FileManager.default.removeItem(at: file) }
            // No --db: DATABASE_URL is the fallback.
            let run = try CLI.run(["schema", "inspect", "-o", file.path], environment: ["DATABASE_URL": dsn])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == "wrote 2 relations (database \(connection.currentDatabase), "
                    + "PostgreSQL \(connection.serverVersion)) to \(file.path)\n")
            #expect(try SchemaSnapshot.load(from: file).relations.map(\.name) == ["a", "b"])
        }
    }

    @Test func unreachableDatabaseExitsThreeWithoutThePassword() throws {
        let run = try CLI.run(["schema", "inspect", "--db", "postgresql://postgres:s3cr3t-pw@127.0.0.1:1/railway"])
        #expect(run.status == 3)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("cannot connect to PostgreSQL at 127.0.0.1:1"))
        #expect(!run.stderr.contains("s3cr3t-pw"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLI.run(["schema", "inspect", "--no-such-option"]).status == 2)
    }
}

/// Runs the built `logmedic` binary (`.build/debug/logmedic`, found from this file's location).
enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = packageRoot.appendingPathComponent(".build/debug/logmedic")

    /// `launcher`: a command that runs the binary, given as its next argument, with `arguments` after it.
    static func run(_ arguments: [String], environment: [String: String] = [:], launcher: [String] = []) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        try #require(FileManager.default.isExecutableFile(atPath: binary.path),
                     "build the CLI first: swift build --product logmedic (scripts/test does)")
        let process = Process()
        process.executableURL = launcher.first.map { URL(fileURLWithPath: $0) } ?? binary
        process.arguments = launcher.isEmpty ? arguments : launcher.dropFirst() + [binary.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Both pipes drained at once: a child that fills one while we wait on the other would never end.
        let stderrData = LockedBox(Data())
        let stderrRead = DispatchGroup()
        DispatchQueue.global().async(group: stderrRead) { stderrData.withLock { $0 = errors.fileHandleForReading.readDataToEndOfFile() } }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        stderrRead.wait()
        let stderr = stderrData.withLock { $0 }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
