import Foundation
import Testing
@testable import LogMedic

/// Bad input is counted and skipped; findings elsewhere in the same input are still reported.
@Suite struct BadInputTests {
    let finding = #"psycopg2.errors.UndefinedTable: relation "user_invitations" does not exist"#

    @Test func invalidUTF8IsCountedAndStillMatched() {
        var bytes = Array("bad \u{FF} bytes: ".utf8)
        bytes[4] = 0xFF
        bytes += Array(finding.utf8) + [0x0A] + Array("ok\n".utf8)
        let (findings, stats) = scan(bytes: bytes)
        #expect(stats.ingest.invalidUTF8Lines == 1)
        #expect(findings.first?.capture("relation") == "user_invitations")
    }

    /// A UTF-8 byte order mark (PowerShell's and Notepad's files; `cat` of two such files puts one mid-stream)
    /// kept a JSON record from being read as one: its message, with escaped quotes, matched nothing.
    @Test func aByteOrderMarkIsNoTextOfTheLine() {
        let record = #"{"timestamp":"2026-12-05T10:00:01Z","level":"error","message":"relation \"bom_first\" does not exist"}"#
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let bytes = bom + Array(record.utf8) + [0x0A] + bom + Array(record.replacingOccurrences(of: "bom_first", with: "bom_again").utf8) + [0x0A]
        let (findings, stats) = scan(bytes: bytes)
        #expect(findings.compactMap { $0.capture("relation") } == ["bom_first", "bom_again"])
        #expect(stats.ingest.malformedJSONLines == 0)
    }

    @Test func nulBytesAreCounted() {
        let bytes = Array("a\0b\n".utf8) + Array(finding.utf8)
        let (findings, stats) = scan(bytes: bytes)
        #expect(stats.ingest.nulLines == 1)
        #expect(findings.count == 1)
    }

    @Test func hugeLineIsCutAndTheRestStillScanned() {
        var bytes = Array(finding.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 10 << 20) + [0x0A]
        bytes += Array(#"ERROR:  relation "after_huge" does not exist"#.utf8)
        let (findings, stats) = scan(bytes: bytes, maxLineLength: 1 << 20)
        #expect(stats.ingest.truncatedLines == 1)
        #expect(stats.ingest.lines == 2)
        #expect(findings.compactMap { $0.capture("relation") } == ["user_invitations", "after_huge"])
    }

    @Test func truncatedJSONIsCountedAndItsTextStillScanned() {
        let log = [
            #"{"timestamp":"2025-12-19T14:02:11Z","message":"relation \"half_written\" does not exist","sev"#,
            #"{"timestamp":"2025-12-19T14:02:12Z","message":"ok"}"#,
        ].joined(separator: "\n")
        let (findings, stats) = scan(log)
        #expect(stats.ingest.malformedJSONLines == 1)
        #expect(stats.ingest.jsonLines == 2)
        #expect(findings.first?.capture("relation") == "half_written")
    }

    @Test func crlfLinesAreCountedAndMatchedWithoutCarriageReturns() {
        let log = "INFO: start\r\n" + finding + "\r\nINFO: end\r\n"
        let (findings, stats) = scan(log)
        #expect(stats.ingest.crlfLines == 3)
        #expect(findings.first?.event.text.contains("\r") == false)
    }

    /// Lines ended by CR alone (classic Mac OS) were one line: every finding after the first line's was lost. The
    /// incident's server log so converted, short (read to its end at once) and long (past the probe, on two cores as
    /// chunks), gives what the original gives; the lines are counted. A CR inside an input of LF lines is text.
    @Test func linesEndedByCarriageReturnsAloneAreLines() throws {
        let postgres = try String(contentsOf: repositoryRoot.appendingPathComponent("fixtures/incident-2025-12-19/logs/postgres.log"), encoding: .utf8)
        let converted = postgres.replacingOccurrences(of: "\n", with: "\r")
        let (expected, original) = scan(postgres)
        let (findings, stats) = scan(converted)
        #expect(findings.map(\.ruleID) == expected.map(\.ruleID))
        #expect(findings.map(\.event.lastLine) == expected.map(\.event.lastLine))
        #expect(stats.ingest.lines == original.ingest.lines && stats.ingest.carriageReturnLines == original.ingest.lines)
        #expect(stats.ingest.crlfLines == 0)
        let repeats = 1 + LineReader.carriageReturnProbeBytes / postgres.utf8.count * 3
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("cr.log").path
            try String(repeating: converted, count: repeats).write(toFile: path, atomically: true, encoding: .utf8)
            let cores = ScanPipeline(catalog: builtinCatalog, parallelism: 2, minimumChunkBytes: 8 * 4096)
            let found = LockedBox(0)
            let stats = cores.render(paths: [path], formatter: FindingFormatter(format: .ndjson, style: TerminalStyle(enabled: false))) { bytes in
                found.withLock { $0 += bytes.filter { $0 == 0x0A }.count }
            }
            #expect(found.withLock { $0 } == expected.count * repeats)
            #expect(stats.ingest.carriageReturnLines == original.ingest.lines * repeats)
        }
        let (_, mixed) = scan("INFO: 10%\r20%\rdone\n" + finding + "\n")
        #expect(mixed.ingest.lines == 2 && mixed.ingest.carriageReturnLines == 0)
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) } + Array(("\n" + finding).utf8)
        let (findings, stats) = scan(bytes: bytes)
        #expect(stats.ingest.lines > 1)
        #expect(findings.last?.capture("relation") == "user_invitations")
    }

    @Test func matchLimitIsACountedRuleErrorNotAHang() throws {
        try withTemporaryDirectory { dir in
            let catalog = try catalogWithCatastrophicRule(in: dir)
            let log = catastrophicLine + "\n" + finding
            let (findings, stats) = scan(log, catalog: catalog)
            #expect(stats.ruleFailures["catastrophic"] == 1)
            #expect(findings.map(\.ruleID) == ["undefined_table"])
            let lint = RuleLinter(catalog: catalog).lint()
            #expect(lint.contains { $0.ruleID == "catastrophic" && $0.level == .error })
        }
    }
    /// A log truncated while it is read (copytruncate rotation, `> app.log`) ends early: what was read is reported
    /// and the cut is an input error (exit 3), not an input that looks whole.
    @Test func aFileCutWhileItIsReadIsAnErrorAndWhatWasReadIsKept() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("app.log").path
            let line = #"2025-12-19 08:00:25.931 UTC [43237] app@appdb ERROR:  relation "orders" does not exist"# + "\n"
            try String(repeating: line, count: 40_000).write(toFile: path, atomically: true, encoding: .utf8)  // 3.6 MB: several reads
            let input = try InputFile(path: path)
            var source = CuttingSource(inner: input.source, path: path)
            var findings = 0
            let stats = Scanner(catalog: builtinCatalog).scan(&source) { _ in findings += 1 }
            #expect(findings > 0 && findings < 40_000)
            #expect(stats.ingest.failedSources == 1)
            #expect(stats.inputErrors.count == 1 && stats.inputErrors[0].hasPrefix("\(path) was cut to 0 bytes while it was read (truncated, or rotated by copytruncate)"),
                    "\(stats.inputErrors)")
        }
    }

    /// /proc's files are regular files of size 0 that read as text: no cut. A file that grows is read to its end.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func aFileWithoutASizeIsNotCut() {
        let stats = Scanner(catalog: builtinCatalog).scan(path: "/proc/self/status") { _ in }
        #expect(stats.inputErrors.isEmpty && stats.ingest.lines > 5, "\(stats.inputErrors)")
    }

    /// A range found before a cut, read in the file opened after it (a chunk's lines counted for the next one,
    /// a warm-up): an error, not a loop that reads nothing for ever (`scan` spun on both cores).
    @Test func aRangePastTheEndOfAFileIsAnErrorNotAnEndlessLoop() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("app.log").path
            try String(repeating: "x\n", count: 50).write(toFile: path, atomically: true, encoding: .utf8)
            let file = try RangeFile(path: path)
            #expect(try file.countLines(from: 0, before: 100) == 50)
            #expect(throws: IngestError.self) { try file.countLines(from: 0, before: 200) }
            #expect(throws: IngestError.self) { try file.lineStart(before: 300, lines: 3, minimumBytes: 10, maximumBytes: 250) }
        }
    }

    /// Each core reading a part of a file that was cut reports the cut: one input failed, said once.
    @Test func partsOfOneFileThatFailAlikeAreOneFailedInput() {
        func failed(_ error: String) -> ScanStats {
            var stats = ScanStats()
            stats.ingest.failedSources = 1
            stats.inputErrors = [error]
            return stats
        }
        var total = failed("app.log was cut to 0 bytes while it was read")
        total.add(failed("app.log was cut to 0 bytes while it was read"))
        #expect(total.inputErrors.count == 1 && total.ingest.failedSources == 1)
        total.add(failed("cannot read other.log: Permission denied"))
        #expect(total.inputErrors.count == 2 && total.ingest.failedSources == 2)
    }

    /// The same for a byte range (a chunk on another core, a shard): it stops where the file now ends, with the error.
    @Test func aRangeOfAFileCutWhileItIsReadIsAnError() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("app.log").path
            try String(repeating: "x\n", count: 100_000).write(toFile: path, atomically: true, encoding: .utf8)
            let file = try RangeFile(path: path)
            var whole = file.source(from: 0, to: file.size + 100, control: nil)  // a --byte-range past the end is no cut
            var buffer = [UInt8](repeating: 0, count: 300_000)
            var read = 0
            while true {
                let n = try buffer.withUnsafeMutableBytes { try whole.read(into: $0) }
                if n == 0 { break }
                read += n
            }
            #expect(read == 200_000)
            var cut = file.source(from: 0, to: file.size, control: nil)
            #expect(try buffer.withUnsafeMutableBytes { try cut.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<1000])) } == 1000)
            #expect(truncate(path, 500) == 0)
            #expect(throws: IngestError.self) { try buffer.withUnsafeMutableBytes { try cut.read(into: $0) } }
        }
    }
}

/// Reads its input and, once it has handed out a MiB, truncates the file to nothing.
private struct CuttingSource: ByteSource {
    var inner: any ByteSource
    let path: String
    var handedOut = 0
    var name: String { inner.name }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try inner.read(into: buffer)
        if handedOut < 1 << 20, handedOut + n >= 1 << 20 { _ = truncate(path, 0) }
        handedOut += n
        return n
    }
}
