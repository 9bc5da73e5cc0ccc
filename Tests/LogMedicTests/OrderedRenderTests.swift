import Foundation
import Testing
@testable import LogMedic

/// `scan` on all cores: large plain files are cut into chunks rendered in parallel, and what is written is
/// byte for byte what one core writes, input after input, line after line.
@Suite struct OrderedRenderTests {
    static func rendered(_ paths: [String], _ pipeline: ScanPipeline, _ format: FindingFormat = .ndjson) -> ([UInt8], ScanStats) {
        var out: [UInt8] = []
        let stats = pipeline.render(paths: paths, formatter: FindingFormatter(format: format, style: TerminalStyle(enabled: false))) {
            out += $0
        }
        return (out, stats)
    }

    /// Real-software logs of every layout, each repeated into a file of many chunks; every cut lands
    /// somewhere else in the repeated text, inside tracebacks, csvlog records and ERROR blocks.
    @Test(arguments: [FindingFormat.ndjson, .text])
    func chunksOnSeveralCoresWriteWhatOneCoreWrites(format: FindingFormat) throws {
        try withTemporaryDirectory { dir in
            let paths = try ShardMergeTests.corpus.enumerated().map { index, source -> String in
                let text = try String(contentsOfFile: source, encoding: .utf8)
                let copies = max(2, 120_000 / max(1, text.utf8.count))
                let file = dir.appendingPathComponent("\(index)-\(URL(fileURLWithPath: source).lastPathComponent)")
                try String(repeating: text.hasSuffix("\n") ? text : text + "\n", count: copies).write(to: file, atomically: true, encoding: .utf8)
                return file.path
            }
            let oneCore = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
            // 8 KiB chunks: each file is cut 14 times or more.
            let cores = ScanPipeline(catalog: builtinCatalog, parallelism: 3, minimumChunkBytes: 8 * 8 * 1024)
            #expect(cores.workItems(paths, chunk: cores.orderedChunkBytes).count >= 15 * paths.count)
            for path in paths {
                let (expected, expectedStats) = Self.rendered([path], oneCore, format)
                let (written, stats) = Self.rendered([path], cores, format)
                #expect(!expected.isEmpty, "\(path) has findings")
                #expect(written == expected, "\(path)")
                #expect(stats.ingest.lines == expectedStats.ingest.lines && stats.findingsByRule == expectedStats.findingsByRule, "\(path)")
            }
            // All files at once: one after the other, in the order given.
            let (all, _) = Self.rendered(paths, cores, format)
            #expect(all == paths.flatMap { Self.rendered([$0], oneCore, format).0 })
        }
    }

    /// A Spring service whose every failed request logs a stack trace of ~250 frames: the plain lines a finding's
    /// context is read from lie further back than a chunk's warm-up (was: the first findings after each cut got
    /// fewer request lines as context than one core gives them).
    @Test func longStackTracesBetweenRequestsGiveEveryFindingTheSameContextOnSeveralCores() throws {
        try withTemporaryDirectory { dir in
            var log = ""
            for i in 0..<40 {
                log += "10.0.4.\(i % 7) - - [03/Dec/2026:14:21:\(10 + i % 50) +0000] \"GET /api/orders/\(i) HTTP/1.1\" 500 112\n"
                log += "2026-12-03 14:21:\(10 + i % 50).123 ERROR 1 --- [nio-8080-exec-\(i % 9)] o.a.c.c.C.[.[.[/].[dispatcherServlet]"
                log += " : Servlet.service() threw exception\n"
                log += "org.postgresql.util.PSQLException: ERROR: relation \"order_items\" does not exist\n  Position: 15\n"
                for frame in 0..<(240 + i % 20) { log += "\tat com.example.shop.orders.Layer\(frame).handle(Layer\(frame).java:\(100 + frame))\n" }
            }
            let expected = try Self.oneCoreOutputIsWhatSeveralWrite(log, in: dir, chunk: 64 * 1024, pieces: 6)
            #expect(expected.contains(#""context":[{"#), "findings have request lines as context")
        }
    }

    /// What one core writes for `log`, expected to be what three write when it is cut into more than `pieces` chunks
    /// of about `chunk` bytes.
    static func oneCoreOutputIsWhatSeveralWrite(_ log: String, in dir: URL, chunk: Int, pieces: Int) throws -> String {
        let path = dir.appendingPathComponent("app.log").path
        try log.write(toFile: path, atomically: true, encoding: .utf8)
        let oneCore = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
        let cores = ScanPipeline(catalog: builtinCatalog, parallelism: 3, minimumChunkBytes: 8 * chunk)
        #expect(cores.workItems([path], chunk: cores.orderedChunkBytes).count > pieces)
        let expected = String(decoding: rendered([path], oneCore).0, as: UTF8.self)
        #expect(String(decoding: rendered([path], cores).0, as: UTF8.self) == expected)
        return expected
    }

    /// Flask under gunicorn logging with python-json-logger (fixtures/trial-podcasts): each record holds its traceback
    /// on one line of about 1.6 KB, and runs of 220 follow each access line (gunicorn's, from incident-django-shop).
    /// 256 such lines reach back further than a chunk's warm-up reads (256 KiB), so context is bounded in bytes too
    /// (was: one core gave the records late in a run the access line as context, a chunk starting there did not).
    @Test func longJSONRecordsBetweenRequestsGiveEveryFindingTheSameContextOnSeveralCores() throws {
        try withTemporaryDirectory { dir in
            let fixtures = repositoryRoot.appendingPathComponent("fixtures")
            let records = try String(contentsOf: fixtures.appendingPathComponent("trial-podcasts/logs/jsonlog/web.log"), encoding: .utf8)
                .split(separator: "\n").filter { $0.hasPrefix("{") }
            let requests = try String(contentsOf: fixtures.appendingPathComponent("incident-django-shop/logs/gunicorn.log"), encoding: .utf8)
                .split(separator: "\n").filter { $0.contains(" HTTP/1.1\" ") }
            #expect(records.count > 5 && requests.count > 2)
            var log = ""
            for run in 0..<8 {
                log += requests[run % requests.count] + "\n"
                for k in 0..<220 { log += records[(run + k) % records.count] + "\n" }
            }
            let expected = try Self.oneCoreOutputIsWhatSeveralWrite(log, in: dir, chunk: 64 * 1024, pieces: 4)
            #expect(expected.contains(#""context":[{"#) && expected.contains(#""context":[]"#), "some findings are near enough to a request")
        }
    }

    /// Phoenix's console (fixtures/stacks/phoenix-ecto.log) times a record by the time of day alone; a server line
    /// (postgres-kennel.log) has a date. A failure takes the date of the nearest dated line within a warm-up's reach
    /// (was: each failure passed its date on to the next, so one core dated every failure of the file from its first
    /// line, while the chunks after the first dated none).
    @Test func timesOfDayAreDatedAlikeOnSeveralCores() throws {
        try withTemporaryDirectory { dir in
            let fixtures = repositoryRoot.appendingPathComponent("fixtures")
            let phoenix = try String(contentsOf: fixtures.appendingPathComponent("stacks/phoenix-ecto.log"), encoding: .utf8)
            let server = try String(contentsOf: fixtures.appendingPathComponent("stacks/postgres-kennel.log"), encoding: .utf8)
                .split(separator: "\n")[0]
            var log = ""
            for run in 0..<400 { log += (run % 100 == 0 ? server + "\n" : "") + (phoenix.hasSuffix("\n") ? phoenix : phoenix + "\n") }
            let lines = try Self.oneCoreOutputIsWhatSeveralWrite(log, in: dir, chunk: 8 * 1024, pieces: 10).split(separator: "\n")
            #expect(lines.contains { $0.contains(#""epoch":"#) } && lines.contains { !$0.contains(#""epoch":"#) }, "dated near a dated line only")
        }
    }

    /// Rotated logs are often cut at one size, so their chunks start at the same offsets: each file must keep the
    /// boundaries its own chunks found (they were shared by offset, and a file took the other's, cutting an event of
    /// the .NET log after 5 of its 14 lines).
    @Test func twoLogsOfTheSameSizeKeepTheirOwnChunkBoundaries() throws {
        try withTemporaryDirectory { dir in
            let sources = ["incident-2025-12-19/logs/frontend.log", "stacks/dotnet-efcore.log"].map {
                repositoryRoot.appendingPathComponent("fixtures/\($0)").path
            }
            let texts = try sources.map { try String(contentsOfFile: $0, encoding: .utf8) }
            let size = 200_000
            let paths = try texts.enumerated().map { index, text -> String in
                var body = String(repeating: text.hasSuffix("\n") ? text : text + "\n", count: size / text.utf8.count)
                body += String(repeating: "x", count: size - body.utf8.count - 1) + "\n"  // the same size to the byte
                let file = dir.appendingPathComponent("app.log.\(index + 1)")
                try body.write(to: file, atomically: true, encoding: .utf8)
                return file.path
            }
            let oneCore = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
            let cores = ScanPipeline(catalog: builtinCatalog, parallelism: 3, minimumChunkBytes: 8 * 8 * 1024)
            #expect(Self.rendered(paths, cores).0 == paths.flatMap { Self.rendered([$0], oneCore).0 })
        }
    }

    @Test func severalInputsAreWrittenInTheOrderGivenOnEveryRun() throws {
        try withTemporaryDirectory { dir in
            // The first input is the longest: later ones finish first and wait for their turn.
            let paths = try (0..<6).map { index -> String in
                let file = dir.appendingPathComponent("in\(index).log")
                let filler = String(repeating: "INFO: filler\n", count: (6 - index) * 20_000)
                try (filler + #"ERROR:  relation "t\#(index)" does not exist"# + "\n").write(to: file, atomically: true, encoding: .utf8)
                return file.path
            }
            let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: 4)
            for _ in 0..<3 {
                let text = String(decoding: Self.rendered(paths, pipeline).0, as: UTF8.self)
                let relations = text.matches(of: /"name":"relation","value":"(t\d)"/).map { String($0.1) }
                #expect(relations == (0..<6).map { "t\($0)" })
            }
        }
    }

    /// Items finishing in any order, each written in pieces: the output is in item order, and the bytes
    /// waiting their turn stay near the hold limit.
    /// Whole chunks to the end left all workers but one idle while it scanned the last chunk.
    @Test(arguments: [(93_323_278, 2), (93_323_278, 8), (20_000_000, 2), (5_000_000, 3), (8_388_608, 2)])
    func theLastChunksShrinkSoThatWorkersFinishTogether(size: Int, cores: Int) {
        let chunk = 2 << 20
        let starts = ScanPipeline.chunkStarts(size: size, chunk: chunk, parallelism: cores)
        let pieces = zip(starts, starts.dropFirst() + [size]).map { $1 - $0 }
        #expect(starts.first == 0 && pieces.allSatisfy { $0 > 0 })
        let step = size / (size / chunk)
        // The first ones are at most 1, 2, … cores-ths of a chunk, so that the workers that start together end apart.
        let first = (1..<cores).map { step * $0 / cores }
        #expect(zip(pieces.prefix(cores - 1), first).allSatisfy { $0 <= $1 } && pieces[0] == first[0], "\(pieces)")
        let rest = pieces.dropFirst(cores - 1)
        #expect(rest.allSatisfy { $0 <= step } && rest.dropLast(2).allSatisfy { $0 >= step / 4 })
        #expect(pieces.last! <= step / 4, "the last piece is short: \(pieces)")
        #expect(Array(rest) == rest.sorted(by: >), "pieces only shrink after the first: \(pieces)")
        // Few more pieces than whole chunks: two or three per core.
        #expect(starts.count <= size / chunk + 3 * cores + 4)
    }

    /// A chunk of short lines, each a finding, renders several times its bytes: it counts the lines before it once a
    /// sixteenth of it shows that, not when it holds its whole share (and then shifts all of it).
    @Test func aChunkWhoseOutputWouldOutgrowItsHoldIsToldSoOnce() {
        let chunk = 2 << 20, limit = 6 << 20
        #expect(!ScanPipeline.outgrowsHold(900_000, scanned: chunk / 32, of: chunk, limit: limit), "too early to tell")
        #expect(ScanPipeline.outgrowsHold(700_000, scanned: chunk / 16, of: chunk, limit: limit), "11 MB for the chunk")
        #expect(!ScanPipeline.outgrowsHold(190_000, scanned: chunk / 16, of: chunk, limit: limit), "a storm's 3 MB")
        #expect(ScanPipeline.outgrowsHold(limit, scanned: 1, of: chunk, limit: limit), "at the limit")
    }

    @Test func aFileOfLessThanTwoChunksIsNotCut() {
        #expect(ScanPipeline.chunkStarts(size: 4_194_303, chunk: 2 << 20, parallelism: 4) == [0])
        #expect(ScanPipeline.chunkStarts(size: 0, chunk: 2 << 20, parallelism: 4) == [0])
    }

    @Test func orderedOutputWritesItemsInOrderAndHoldsLittle() {
        let written = LockedBox<[UInt8]>([])
        let output = OrderedOutput(holdLimit: 1000, reserve: 100) { bytes in written.withLock { $0 += bytes } }
        let items = 40
        let next = LockedBox(0)
        let heldMost = LockedBox(0)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            var generator = SeededGenerator(seed: UInt64(worker + 1))
            while true {
                let item = next.withLock { value -> Int in defer { value += 1 }; return value }
                guard item < items else { return }
                var buffer = output.start(item)
                for piece in 0..<Int.random(in: 1...30, using: &generator) {
                    buffer += Array("\(item).\(piece) ".utf8)
                    heldMost.withLock { $0 = max($0, buffer.count) }
                    if buffer.count >= 64 { output.offer(item, &buffer) }
                    if Bool.random(using: &generator) { usleep(200) }
                }
                output.finish(item, &buffer)
            }
        }
        let pieces = String(decoding: written.withLock { $0 }, as: UTF8.self).split(separator: " ").map { $0.split(separator: ".").map { Int($0)! } }
        #expect(pieces == pieces.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(Set(pieces.map { $0[0] }) == Set(0..<items))
        #expect(heldMost.withLock { $0 } < 1000 + 20, "a worker waits for its turn once it holds the limit")
    }

    @Test func aStopRequestEndsChunkScansToo() throws {
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("storm.log")
            let line = #"2026-12-03 13:04:26.202 UTC [77] app@shop ERROR:  relation "orders" does not exist at character 15"#
            try String(repeating: line + "\n", count: 20_000).write(to: file, atomically: true, encoding: .utf8)
            let control = LiveControl()
            control.stop()
            let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: 2, minimumChunkBytes: 256 * 1024)
            #expect(pipeline.workItems([file.path], chunk: pipeline.orderedChunkBytes).count > 4)
            let formatter = FindingFormatter(format: .ndjson, style: TerminalStyle(enabled: false))
            var written = 0
            let stats = pipeline.render(paths: [file.path], formatter: formatter, control: control) { written += $0.count }
            #expect(stats.ingest.lines == 0 && written == 0)
            #expect(Self.rendered([file.path], pipeline).1.ingest.lines == 20_000)
        }
    }

    /// Inside a line of many chunks (a log that lost its newlines, a JSON dump on one line), each chunk looked for
    /// its first line by reading on to the line's end: a scan quadratic in the line's length (a 1 GiB line: 606 s
    /// on two cores, 0.5 s on one). A chunk now takes where the line ends from the chunk that read there first:
    /// shown by a file given a newline inside the line after that read, which a second search would stop at.
    @Test func chunksInsideALongLineShareWhereItEnds() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("one-line.log").path
            let lineEnd = 1 << 20
            try (String(repeating: "x", count: lineEnd) + "\ntail\n").write(toFile: path, atomically: false, encoding: .utf8)
            let shared = ChunkBoundaries()
            #expect(try RangeFile(path: path, shared: shared).lineStart(atOrAfter: 1000) == lineEnd + 1)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seek(toOffset: 700_000)
            try handle.write(contentsOf: Data("\n".utf8))
            try handle.close()
            #expect(try RangeFile(path: path).lineStart(atOrAfter: 600_000) == 700_001, "a file of its own reads it again")
            #expect(try RangeFile(path: path, shared: shared).lineStart(atOrAfter: 600_000) == lineEnd + 1)
            #expect(try RangeFile(path: path, shared: shared).lineStart(atOrAfter: 500) == 700_001, "before what was read")
        }
    }

    /// A line of 1 MiB cut into 32 chunks is scanned on two cores into what one core writes.
    @Test func aLineOfManyChunksGivesWhatOneCoreGives() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("one-line.log").path
            let head = #"2026-12-05 10:00:01.000 UTC [42] ERROR:  relation "head_of_line" does not exist "#
            let next = #"2026-12-05 10:00:02.000 UTC [42] ERROR:  relation "next_line" does not exist"#
            try (head + String(repeating: "x", count: 1 << 20) + "\n" + next + "\n").write(toFile: path, atomically: false, encoding: .utf8)
            let oneCore = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
            let cores = ScanPipeline(catalog: builtinCatalog, parallelism: 2, minimumChunkBytes: 8 * (32 << 10))
            #expect(cores.workItems([path], chunk: cores.orderedChunkBytes).count > 30)
            let expected = Self.rendered([path], oneCore).0
            #expect(Self.rendered([path], cores).0 == expected)
            #expect(String(decoding: expected, as: UTF8.self).contains("next_line"))
        }
    }

    /// A warm-up starts `lines` lines before the line holding the offset, earlier for `minimumBytes`, and never
    /// before the first line starting within `maximumBytes`.
    @Test func aWarmUpStartsEnoughLinesAndBytesBack() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("lines.log").path
            // 100 lines of 10 bytes: line k starts at 10 k.
            try (0..<100).map { String(format: "line%05d\n", $0) }.joined().write(toFile: path, atomically: true, encoding: .utf8)
            let file = try RangeFile(path: path)
            func start(_ offset: Int, lines: Int = 3, minimumBytes: Int = 5, maximumBytes: Int = 1000) throws -> Int {
                try file.lineStart(before: offset, lines: lines, minimumBytes: minimumBytes, maximumBytes: maximumBytes)
            }
            #expect(try start(500) == 470)  // at a line start
            #expect(try start(505) == 470)  // inside the line
            #expect(try start(505, lines: 0, minimumBytes: 1) == 500)
            #expect(try start(500, minimumBytes: 200) == 300)
            #expect(try start(505, minimumBytes: 201) == 310)  // the first line starting within the bytes
            #expect(try start(500, maximumBytes: 25) == 480)
            #expect(try start(500, lines: 60) == 0)
            #expect(try start(5, minimumBytes: 10) == 0)
            // Long lines: the lines looked back over span several of the blocks read backwards.
            let long = dir.appendingPathComponent("long.log").path
            try (0..<300).map { _ in String(repeating: "x", count: 999) + "\n" }.joined().write(toFile: long, atomically: true, encoding: .utf8)
            let longFile = try RangeFile(path: long)
            #expect(try longFile.lineStart(before: 150_500, lines: 100, minimumBytes: 5, maximumBytes: 256 << 10) == 50_000)
            #expect(try longFile.lineStart(before: 290_000, lines: 280, minimumBytes: 5, maximumBytes: 256 << 10) == 290_000 - 262_000)
        }
    }

    @Test func theLastNewlineIsFoundWordByWord() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<2000 {
            // Newlines among bytes that differ from 0x0A in one bit, or by a borrow.
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                [0x0A, 0x0B, 0x09, 0x8A, 0x00, 0x2A, 0x4A][Int.random(in: 0..<7, using: &generator)] as UInt8
            }
            bytes.withUnsafeBytes { #expect(RangeFile.lastNewline(in: $0) == bytes.lastIndex(of: 0x0A), "\(bytes)") }
        }
    }

    @Test func newlinesAreCountedExactly() {
        var generator = SeededGenerator(seed: 7)
        for length in [0, 1, 31, 32, 33, 8_160, 8_161, 100_000] {
            let bytes = (0..<length).map { _ in [UInt8(0x0A), 0x0D, 0x41, 0x8A, 0x0B][Int.random(in: 0..<5, using: &generator)] }
            let counted = bytes.withUnsafeBytes { RangeFile.newlines(in: $0) }
            #expect(counted == bytes.filter { $0 == 0x0A }.count, "\(length) bytes")
        }
    }
}
