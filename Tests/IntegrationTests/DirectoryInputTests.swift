import Foundation
import Testing

/// `logmedic report logs/`: a directory reads as the files below it, as the user who points at it means.
@Suite("directories as inputs (binary)")
struct DirectoryInputTests {
    static let logs = CLI.packageRoot.appendingPathComponent("fixtures/linked-failures/logs")

    @Test func aDirectoryReadsAsItsFilesAndSkipsWhatCouldBlockOrLoop() throws {
        try withScratchDirectory { dir in
            let sub = dir.appendingPathComponent("api")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            let files = [dir.appendingPathComponent("postgres.log"), sub.appendingPathComponent("app-asyncpg.jsonl")]
            try FileManager.default.copyItem(at: Self.logs.appendingPathComponent("postgres.log"), to: files[0])
            try FileManager.default.copyItem(at: Self.logs.appendingPathComponent("app-asyncpg.jsonl"), to: files[1])
            // None of these is read: a hidden copy, a FIFO with no writer, a link back to the top.
            let hidden = dir.appendingPathComponent(".old")
            try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: files[0], to: hidden.appendingPathComponent("postgres.log"))
            #expect(mkfifo(dir.appendingPathComponent("pipe").path, 0o600) == 0)
            try FileManager.default.createSymbolicLink(at: sub.appendingPathComponent("loop"), withDestinationURL: dir)

            // In name order, subdirectories where their names sort: api/ before postgres.log.
            let inOrder = [files[1].path, files[0].path]
            let whole = try CLI.run(["report", dir.path, "--format", "json", "--fail-on", "never"])
            let listed = try CLI.run(["report"] + inOrder + ["--format", "json", "--fail-on", "never"])
            #expect(whole.status == 0, "\(whole.stderr)")
            #expect(Self.withoutClock(whole.stdout) == Self.withoutClock(listed.stdout))
            #expect(whole.stdout.contains("\"inputs\" : [\n    \"\(inOrder[0])\",\n    \"\(inOrder[1])\"\n  ]"))

            let empty = dir.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            let nothing = try CLI.run(["scan", empty.path])
            #expect(nothing.status == 3)
            #expect(nothing.stderr.contains("cannot read \(empty.path): is a directory with no files to read"))
        }
    }

    /// PostgreSQL 15 with `log_destination = 'stderr,csvlog,jsonlog'` (Tests/Corpus/catalog/capture.sh) writes every
    /// record to postgresql.log, .csv and .json: a report on its log directory reads the jsonlog only, says so, and
    /// counts what the jsonlog alone counts (was: every problem two or three times). Files named one by one are all read.
    @Test func aServerLogInSeveralLayoutsIsReadOnce() throws {
        let server = CLI.packageRoot.appendingPathComponent("Tests/Corpus/catalog/server/en")
        try withScratchDirectory { dir in
            for layout in ["log", "csv", "json"] {
                try FileManager.default.copyItem(at: server.appendingPathComponent("postgresql.\(layout)"), to: dir.appendingPathComponent("postgresql.\(layout)"))
            }
            let json = dir.appendingPathComponent("postgresql.json").path
            let whole = try CLI.run(["report", dir.path, "--format", "json", "--fail-on", "never"])
            let alone = try CLI.run(["report", json, "--format", "json", "--fail-on", "never"])
            #expect(whole.status == 0, "\(whole.stderr)")
            // Problems and counts (a live DATABASE_URL's checks, such as its open sessions, may change between runs).
            func counts(_ json: String) throws -> [String] {
                let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
                return (report["problems"] as? [[String: Any]] ?? []).compactMap { $0["group"] as? [String: Any] }
                    .map { "\($0["fingerprint"] ?? "") ×\($0["count"] ?? "")" }
            }
            #expect(try counts(whole.stdout) == counts(alone.stdout))
            #expect(try counts(whole.stdout).count > 10)
            #expect(whole.stderr.contains("\(dir.path)/postgresql.csv and \(dir.path)/postgresql.log hold the records of \(json) in another layout"), "\(whole.stderr)")
            let named = try CLI.run(["scan", "-q", dir.appendingPathComponent("postgresql.log").path, json])
            let once = try CLI.run(["scan", "-q", json])
            #expect(named.stdout.split(separator: "\n").count > once.stdout.split(separator: "\n").count)
        }
    }

    /// Without the times of the report and of the schema snapshot (`DATABASE_URL` may name a live one).
    static func withoutClock(_ json: String) -> String {
        json.split(separator: "\n").filter { !$0.contains("\"generated_at\"") && !$0.contains("\"taken_at\"") }.joined(separator: "\n")
    }
}
