import Foundation
import Testing
@testable import LogMedic

/// Issue 13's property: a corpus split into shards — by file and by byte range — scanned separately,
/// merged in any order, gives the same report as one pass; and a large file scanned in chunks on
/// several cores gives the same report as one core.
@Suite struct ShardMergeTests {
    /// Logs printed by real software in every layout the fixtures hold: tracebacks split into JSON
    /// records, csvlog records spanning lines, server ERROR + DETAIL blocks, Node stacks, app + server pairs.
    static let corpus: [String] = [
        "incident-2025-12-19/logs/railway-backend.jsonl", "incident-2025-12-19/logs/frontend.log",
        "incident-2025-12-19/logs/postgres.log", "incident-django-shop/logs/gunicorn.log",
        "incident-django-shop/logs/postgresql.log", "incident-node-billing/logs/billing.log",
        "linked-failures/logs/app-sqlalchemy.log", "linked-failures/logs/app-asyncpg.jsonl",
        "linked-failures/logs/postgres.log", "layouts/postgres/csvlog.csv", "layouts/postgres/debian.log",
        "layouts/postgres/jsonlog.json", "layouts/python/uvicorn.log", "layouts/node/node-stderr.log",
        "layouts/platforms/compose.log", "layouts/platforms/docker-json-file-long.log",
        "layouts/platforms/kubectl.log", "layouts/platforms/journald-plain.json", "layouts/platforms/kubernetes/cri-o/api.log",
        "stacks/spring-hibernate-root-cause.log",
        "stacks/dotnet-efcore.log", "stacks/rails-kennel.log", "stacks/python-orms/tortoise-uvicorn.log",
    ].map { repositoryRoot.appendingPathComponent("fixtures/\($0)").path }

    static func report(_ diagnosis: Diagnosis) -> String {
        JSONReporter().render(diagnosis).split(separator: "\n").filter { !$0.contains("\"generated_at\"") }.joined(separator: "\n")
    }

    /// One report per file: each file alone is the property's ground truth. Groups carry the 5xx responses
    /// a problem caused (`requests failed`), finding records do not: their ground truth is grouped without them.
    static let onePass = corpus.map { report(Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog, parallelism: 1), snapshot: nil).diagnose(paths: [$0])) }
    static let onePassWithoutResponses = corpus.map { path in
        let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
        let (grouper, stats) = pipeline.group(paths: [path], rules: builtinCatalog.rules)
        return report(Diagnoser(pipeline: pipeline, snapshot: nil).diagnosis(groups: grouper.groupsBySeverity(), stats: stats, inputs: [path]))
    }

    /// A file cut into `n` byte ranges of equal size, wherever the cut falls.
    static func shards(_ path: String, _ n: Int) -> [(path: String, range: ByteRange)] {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return (0..<n).map { k in (path, ByteRange(start: k * size / n, end: k == n - 1 ? nil : (k + 1) * size / n)) }
    }

    @Test(arguments: [1, 2, 7])
    func findingShardsMergedInAnyOrderGiveTheOnePassReport(n: Int) throws {
        let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
        for (file, expected) in zip(Self.corpus, Self.onePassWithoutResponses) { try withTemporaryDirectory { dir in
            var files: [String] = []
            for (index, shard) in Self.shards(file, n).enumerated() {
                let formatter = FindingFormatter(format: .ndjson, style: TerminalStyle(enabled: false))
                var bytes: [UInt8] = []
                let stats = pipeline.run(path: shard.path, range: shard.range) { bytes += Array(formatter.render($0).utf8) }
                bytes += Array(FindingsStream.summaryLine(inputs: [shard.path], stats: stats).utf8)
                let file = dir.appendingPathComponent("shard-\(index).ndjson")
                try Data(bytes).write(to: file)
                files.append(file.path)
            }
            var generator = SeededGenerator(seed: UInt64(n))
            let (merged, malformed) = Diagnoser(pipeline: pipeline, snapshot: nil).diagnose(findings: files.shuffled(using: &generator))
            #expect(malformed == 0)
            #expect(Self.report(merged) == expected, "\(file) in \(n) shards")
        } }
    }

    /// `report --findings` on a scan written without its summary record counts the findings it reads (it said
    /// `0 findings → 1 problem`), and a file it cannot read is a failed input, as an unreadable log is to `report`.
    @Test func findingsWithoutASummaryAreCountedAndAnUnreadableFileIsAFailedInput() throws {
        try withTemporaryDirectory { dir in
            let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
            let formatter = FindingFormatter(format: .ndjson, style: TerminalStyle(enabled: false))
            var bytes: [UInt8] = [], found = 0
            for log in ["stacks/phoenix-ecto.log", "incident-django-shop/logs/gunicorn.log"] {
                _ = pipeline.run(path: repositoryRoot.appendingPathComponent("fixtures/\(log)").path, range: ByteRange(start: 0, end: nil)) {
                    bytes += Array(formatter.render($0).utf8)
                    found += 1
                }
            }
            let file = dir.appendingPathComponent("findings.ndjson")
            try Data(bytes).write(to: file)
            let (diagnosis, malformed) = Diagnoser(pipeline: pipeline, snapshot: nil)
                .diagnose(findings: [file.path, dir.appendingPathComponent("missing.ndjson").path])
            #expect(malformed == 0 && found > 2)
            #expect(diagnosis.stats.findingCount == found)
            #expect(diagnosis.stats.ingest.failedSources == 1 && diagnosis.stats.inputErrors.count == 1)
        }
    }

    @Test(arguments: [1, 2, 7])
    func partialGroupShardsMergedInAnyOrderGiveTheOnePassReport(n: Int) throws {
        for (file, expected) in zip(Self.corpus, Self.onePass) { try withTemporaryDirectory { dir in
            let merged = try Self.mergedGroupShards(file, n, in: dir, seed: UInt64(100 + n))
            #expect(merged == expected, "\(file) in \(n) shards")
        } }
    }

    /// The report of `file` cut into `n` byte ranges, each grouped on its own (`scan --format groups`),
    /// merged in a shuffled order.
    static func mergedGroupShards(_ file: String, _ n: Int, in dir: URL, seed: UInt64) throws -> String {
        let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
        var files: [String] = []
        for (index, shard) in shards(file, n).enumerated() {
            let responses = RequestTimeline(serverErrorsOnly: true)
            let (grouper, stats) = pipeline.group(path: shard.path, range: shard.range, rules: builtinCatalog.rules, timeline: responses)
            let text = grouper.partials().map { FindingsStream.groupLine($0) }.joined()
                + responses.requests(from: -.infinity, to: .infinity).map { FindingsStream.responseLine($0) }.joined()
                + FindingsStream.summaryLine(inputs: [shard.path], stats: stats)
            let part = dir.appendingPathComponent("shard-\(index).groups")
            try text.write(to: part, atomically: true, encoding: .utf8)
            files.append(part.path)
        }
        var generator = SeededGenerator(seed: seed)
        return report(Diagnoser(pipeline: pipeline, snapshot: nil).diagnose(findings: files.shuffled(using: &generator)).0)
    }

    /// A cut inside the last part of a long line Docker split: the shard before the cut holds the first part back
    /// when it reaches the cut and looks for the boundary past it itself. That look must not lose the part held
    /// (it did: the joined record and its finding were gone).
    @Test func aCutInsideALongDockerLinesLastPartLosesNothing() throws {
        let file = repositoryRoot.appendingPathComponent("fixtures/layouts/platforms/docker-json-file-long.log").path
        let text = try Data(contentsOf: URL(fileURLWithPath: file))
        let lines = text.split(separator: 0x0A, omittingEmptySubsequences: false)
        let secondPart = lines[0].count + 1  // the offset of the first long line's last part
        let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
        func findings(_ range: ByteRange) -> [String] {
            var found: [String] = []
            _ = pipeline.run(path: file, range: range) { found.append("\($0.ruleID) \($0.event.firstLine)-\($0.event.lastLine)") }
            return found
        }
        let whole = findings(ByteRange(start: 0, end: nil))
        #expect(!whole.isEmpty)
        for cut in stride(from: secondPart + 1, to: secondPart + lines[1].count, by: 997) {
            #expect(findings(ByteRange(start: 0, end: cut)) + findings(ByteRange(start: cut, end: nil)) == whole, "cut at \(cut)")
        }
    }

    /// One problem preceded by 400 distinct requests, twice what a group keeps, logged in descending
    /// order: the requests seen first are not those that sort first, and each shard sees others.
    @Test(arguments: [2, 7])
    func cappedRequestListsAreTheSameUnderAnySplit(n: Int) throws {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("requests.log")
            let lines = (0..<400).flatMap { k -> [String] in
                let at = String(format: "2026-12-03 13:%02d:%02d", k / 60, k % 60)
                return ["\(at),000 INFO [uvicorn.access] 10.0.0.7:5000 - \"GET /api/items/\(999 - k) HTTP/1.1\" 200",
                        "\(at),500 ERROR [app.db] psycopg2.errors.UndefinedTable: relation \"orders\" does not exist"]
            }
            try (lines.joined(separator: "\n") + "\n").write(to: log, atomically: true, encoding: .utf8)
            let one = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog, parallelism: 1), snapshot: nil).diagnose(paths: [log.path])
            let requests = try #require(one.problems.first { $0.group.capture("relation") == "orders" }).group.precedingRequests
            #expect(Set(requests.map(\.path)) == Set((600..<800).map { "/api/items/\($0)" }), "the 200 that sort first are kept")
            let expected = Self.report(one)
            let merged = try Self.mergedGroupShards(log.path, n, in: dir, seed: UInt64(n))
            #expect(merged == expected, "\(n) shards")
            let cores = ScanPipeline(catalog: builtinCatalog, parallelism: n, minimumChunkBytes: 4 * 1024)
            #expect(Self.report(Diagnoser(pipeline: cores, snapshot: nil).diagnose(paths: [log.path])) == expected, "\(n) cores")
        }
    }

    @Test(arguments: [2, 7])
    func chunksOnSeveralCoresGiveTheOnePassReport(cores: Int) {
        // Chunks of 64 KiB: every file of more than one chunk is split, most cuts fall inside events.
        let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: cores, minimumChunkBytes: 64 * 1024)
        for (file, expected) in zip(Self.corpus, Self.onePass) {
            #expect(Self.report(Diagnoser(pipeline: pipeline, snapshot: nil).diagnose(paths: [file])) == expected, "\(file) on \(cores) cores")
        }
    }

    /// The warm-up before a cut reads the file a buffer at a time: lines longer than the buffer (2 MiB),
    /// CRLF endings and a last line without a newline give what one scan gives, wherever the cut falls.
    @Test func cutsAroundOverlongAndCRLFLinesFindWhatOneScanFinds() throws {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("mixed.log")
            let error = "2026-12-03 13:04:26,202 ERROR [app.db] psycopg2.errors.UndefinedTable: relation \"orders\" does not exist"
            let text = String(repeating: "x", count: 2 << 20) + "\n" + error + "\r\n"
                + String(repeating: "2026-12-03 13:04:27,000 INFO [app.api] GET /health 200\r\n", count: 3000)
                + String(repeating: "y", count: 3 << 20) + "\n" + error + "\n" + error
            try text.write(to: log, atomically: true, encoding: .utf8)
            let pipeline = ScanPipeline(catalog: builtinCatalog, maxLineLength: 4096, parallelism: 1)
            func findings(_ range: ByteRange) -> [String] {
                var found: [String] = []
                _ = pipeline.run(path: log.path, range: range) { found.append("\($0.ruleID) \($0.event.firstLine) \($0.event.text)") }
                return found
            }
            let whole = findings(ByteRange(start: 0, end: nil))
            #expect(whole.count == 3)
            let size = text.utf8.count
            for cut in [1, (2 << 20) - 10, (2 << 20) + 50, (2 << 20) + 100_000, size - (3 << 20), size - 200, size - 5] {
                #expect(findings(ByteRange(start: 0, end: cut)) + findings(ByteRange(start: cut, end: nil)) == whole, "cut at \(cut)")
            }
        }
    }

    @Test func aCutInsideATracebackLeavesItOneEvent() throws {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            let traceback = """
                2026-12-03 13:04:26,202 ERROR [app.api] Unhandled error on GET /api/orders
                Traceback (most recent call last):
                  File "/app/api/orders.py", line 41, in list_orders
                    rows = db.execute(query).all()
                psycopg2.errors.UndefinedTable: relation "order_archive" does not exist

                """
            try (String(repeating: "2026-12-03 13:04:25,000 INFO [app.api] GET /health 200\n", count: 40) + traceback
                 + String(repeating: "2026-12-03 13:04:27,000 INFO [app.api] GET /health 200\n", count: 40)).write(to: log, atomically: true, encoding: .utf8)
            let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
            let cut = try String(contentsOf: log, encoding: .utf8).utf8.count / 2
            var first: [Finding] = [], second: [Finding] = []
            _ = pipeline.run(path: log.path, range: ByteRange(start: 0, end: cut)) { first.append($0) }
            _ = pipeline.run(path: log.path, range: ByteRange(start: cut, end: nil)) { second.append($0) }
            #expect(first.count + second.count == 1)
            let finding = try #require((first + second).first)
            #expect(finding.event.firstLine == 41)
            #expect(finding.capture("relation") == "order_archive")
        }
    }

    /// Findings written without `--summary-record` say nothing of the lines they were found in: the report said
    /// "Read 0 inputs, 0 lines (0 bytes), 0 events, 14 findings" as if nothing had been scanned.
    @Test func findingsWithoutASummaryRecordAreNamedAsSuch() throws {
        let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
        let log = repositoryRoot.appendingPathComponent("fixtures/incident-django-shop/logs/postgresql.log").path
        try withTemporaryDirectory { dir in
            let formatter = FindingFormatter(format: .ndjson, style: TerminalStyle(enabled: false))
            var bare: [UInt8] = []
            let stats = pipeline.run(path: log, range: ByteRange(start: 0, end: nil)) { bare += Array(formatter.render($0).utf8) }
            let bareFile = dir.appendingPathComponent("bare.ndjson"), summarizedFile = dir.appendingPathComponent("summarized.ndjson")
            try Data(bare).write(to: bareFile)
            try Data(bare + Array(FindingsStream.summaryLine(inputs: [log], stats: stats).utf8)).write(to: summarizedFile)
            let n = stats.findingCount
            #expect(n > 1)
            let diagnoser = Diagnoser(pipeline: pipeline, snapshot: nil)

            let (alone, _) = diagnoser.diagnose(findings: [bareFile.path])
            #expect(alone.stats.findingsWithoutSummary == n)
            let text = TextReporter(style: TerminalStyle(enabled: false)).render(alone)
            #expect(text.contains("logmedic: \(n) findings from findings files without a summary record (the lines and events scanned were not recorded) → "))
            #expect(!text.contains("0 inputs"))
            #expect(MarkdownReporter().render(alone).contains("- Read \(n) findings from findings files without a summary record"))
            #expect(JSONReporter().render(alone).contains("\"findings_without_summary\" : \(n)"))

            let (mixed, _) = diagnoser.diagnose(findings: [summarizedFile.path, bareFile.path])
            #expect(TextReporter(style: TerminalStyle(enabled: false)).render(mixed).contains(
                "logmedic: 1 input, \(stats.ingest.lines) lines, \(stats.ingest.events) events, \(2 * n) findings, \(n) of them from findings files without"))

            let (summarized, _) = diagnoser.diagnose(findings: [summarizedFile.path])
            #expect(summarized.stats.findingsWithoutSummary == nil)
            #expect(!JSONReporter().render(summarized).contains("findings_without_summary"))
        }
    }
}
