import Foundation
import Testing
@testable import LogMedic

@Suite struct InputTests {
    let log = "INFO: a\n" + #"ERROR:  relation "gz_table" does not exist"# + "\nINFO: b\n"

    func gzip(_ text: String, in dir: URL, name: String) throws -> URL {
        let plain = dir.appendingPathComponent(name)
        try text.write(to: plain, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-f", plain.path]
        try process.run()
        process.waitUntilExit()
        return dir.appendingPathComponent(name + ".gz")
    }

    @Test func gzipFilesAreInflatedWhileStreaming() throws {
        try withTemporaryDirectory { dir in
            let file = try gzip(String(repeating: "INFO: filler line\n", count: 200_000) + log, in: dir, name: "a.log")
            var findings: [Finding] = []
            let stats = Scanner(catalog: builtinCatalog).scan(path: file.path) { findings.append($0) }
            #expect(findings.map { $0.capture("relation") } == ["gz_table"])
            #expect(stats.ingest.lines == 200_003)
            #expect(stats.inputErrors.isEmpty)
        }
    }

    @Test func concatenatedGzipMembersAreAllRead() throws {
        try withTemporaryDirectory { dir in
            let one = try Data(contentsOf: try gzip(log, in: dir, name: "one.log"))
            let both = dir.appendingPathComponent("both.log.gz")
            try (one + one).write(to: both)
            var count = 0
            _ = Scanner(catalog: builtinCatalog).scan(path: both.path) { _ in count += 1 }
            #expect(count == 2)
        }
    }

    @Test func truncatedGzipKeepsEarlierFindingsAndReportsTheDamage() throws {
        try withTemporaryDirectory { dir in
            let big = log + String(repeating: "INFO: filler line with some entropy \(UUID())\n", count: 20_000)
            let data = try Data(contentsOf: try gzip(big, in: dir, name: "t.log"))
            let cut = dir.appendingPathComponent("cut.log.gz")
            try data.prefix(data.count / 2).write(to: cut)
            var findings: [Finding] = []
            let stats = Scanner(catalog: builtinCatalog).scan(path: cut.path) { findings.append($0) }
            #expect(findings.count == 1)
            #expect(stats.inputErrors.first?.contains("truncated") == true)
        }
    }

    /// Damage found after bytes were inflated (a wrong checksum is found after the whole member) left out the lines
    /// inflated by the same read: the last 64 KiB or so of the file, and all of a small one ("0 lines", while the
    /// error said the lines before the damage were scanned).
    @Test func gzipWithAWrongChecksumKeepsEveryLineBeforeIt() throws {
        try withTemporaryDirectory { dir in
            let big = String(repeating: "INFO: filler line with some entropy \(UUID())\n", count: 20_000) + log
            for text in [big, log] {
                var data = try Data(contentsOf: try gzip(text, in: dir, name: "c.log"))
                data[data.count - 8] ^= 0xFF  // the CRC-32 of the trailer
                let damaged = dir.appendingPathComponent("crc.log.gz")
                try data.write(to: damaged)
                var findings: [Finding] = []
                let stats = Scanner(catalog: builtinCatalog).scan(path: damaged.path) { findings.append($0) }
                #expect(findings.map { $0.capture("relation") } == ["gz_table"])
                #expect(stats.ingest.lines == text.split(separator: "\n").count)
                #expect(stats.inputErrors == ["\(damaged.path): invalid gzip data (incorrect data check) — lines before the damage were scanned"])
            }
        }
    }

    @Test func missingFileIsAnInputErrorNotACrash() {
        let stats = ScanPipeline(catalog: builtinCatalog).run(paths: ["/nonexistent/x.log"]) { _ in }
        #expect(stats.inputErrors == ["cannot read /nonexistent/x.log: No such file or directory"])
    }

    @Test func severalFilesInParallelGiveTheSameFindings() throws {
        try withTemporaryDirectory { dir in
            var paths: [String] = []
            for k in 0..<6 {
                let url = dir.appendingPathComponent("f\(k).log")
                try (String(repeating: "INFO: noise\n", count: 10_000) + #"relation "t\#(k)" does not exist"#).write(to: url, atomically: true, encoding: .utf8)
                paths.append(url.path)
            }
            let found = LockedBox<[String]>([])
            let stats = ScanPipeline(catalog: builtinCatalog, parallelism: 2).run(paths: paths) { f in
                found.withLock { $0.append(f.capture("relation")!) }
            }
            #expect(found.withLock { $0.sorted() } == (0..<6).map { "t\($0)" })
            #expect(stats.ingest.sources == 6)
            #expect(stats.ingest.lines == 6 * 10_001)
        }
    }
}
