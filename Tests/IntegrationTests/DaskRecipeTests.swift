import Foundation
import Testing

/// The engine recipe of issue 13 end to end (contrib/dask/): a real `dask scheduler` and two `dask worker`
/// processes scan byte-range shards of a log with the built binary, and `report --findings -` merges
/// what they send back into the report one process makes of the same log.
@Suite("contrib/dask recipe on a real Dask cluster", .enabled(if: DaskRecipe.python != nil, DaskRecipe.skipReason),
       .timeLimit(.minutes(10)))
struct DaskRecipeTests {
    static let log = CLI.packageRoot.appendingPathComponent("fixtures/incident-2025-12-19/logs/railway-backend.jsonl").path

    @Test func shardsScannedOnTwoWorkersMergeIntoTheSingleProcessReport() throws {
        let python = try #require(DaskRecipe.python)
        let contrib = CLI.packageRoot.appendingPathComponent("contrib/dask").path
        // 1.5 MB in shards of 256 KiB: six byte ranges, most cuts inside multi-line events.
        let run = try DaskRecipe.run(python, ["\(contrib)/local_cluster.py", "--workers", "2", "--timeout", "300", "--",
                                              python, "\(contrib)/logmedic_dask.py", "--logmedic", CLI.binary.path,
                                              "--shard-mib", "0.25", Self.log, "--", "--format", "json", "--fail-on", "never"])
        #expect(run.status == 0, "\(run.stderr.suffix(3000))")
        #expect(run.stderr.contains("logmedic-dask: 6 shards of 1 files scanned on 2 workers"), "\(run.stderr.suffix(3000))")

        let single = try DaskRecipe.run(CLI.binary.path, ["report", Self.log, "--format", "json", "--fail-on", "never"])
        #expect(single.status == 0, "\(single.stderr)")
        let merged = try Self.withoutGeneratedAt(run.stdout), expected = try Self.withoutGeneratedAt(single.stdout)
        #expect(((expected["problems"] as? [Any])?.count ?? 0) > 3, "the log's problems are reported")
        #expect(NSDictionary(dictionary: merged).isEqual(to: expected), "merged report differs from the single-process one")
    }

    static func withoutGeneratedAt(_ text: String) throws -> [String: Any] {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text.prefix(300))")
        json["generated_at"] = nil
        return json
    }
}

/// The recipe's Python environment (`contrib/dask/venv` makes it, or says why it cannot).
enum DaskRecipe {
    static let python: String? = {
        guard let run = try? run("/bin/bash", [CLI.packageRoot.appendingPathComponent("contrib/dask/venv").path]),
              run.status == 0 else { return nil }
        let path = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    static let skipReason: Comment = "dask distributed is not installed and contrib/dask/venv could not install it (see .build/dask-venv.log)"

    /// Output goes to files, not pipes: a process left behind holding a pipe open could never be read to its end.
    /// Without DATABASE_URL: both reports are offline, not of a test database other tests change meanwhile.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dask-recipe-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("stdout"), err = directory.appendingPathComponent("stderr")
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "DATABASE_URL" }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }
}
