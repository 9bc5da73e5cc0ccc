import Foundation
import Testing
@testable import LogMedic

/// A log written as UTF-16 (Windows PowerShell 5's `>`, a logger set to UTF-16) is read as the text it holds: before,
/// every other byte was NUL to the scanner, and such a file gave no finding at all.
@Suite struct UTF16InputTests {
    /// Written by Python's logging (UTF-16LE behind a mark) and java.util.logging (UTF-16BE behind a mark) around real
    /// errors of a real server: Tests/Corpus/utf16/capture.sh.
    static let corpus = repositoryRoot.appendingPathComponent("Tests/Corpus/utf16")

    func findings(_ path: String) -> (findings: [Finding], stats: ScanStats) {
        var found: [Finding] = []
        let stats = Scanner(catalog: builtinCatalog).scan(path: path) { found.append($0) }
        return (found, stats)
    }

    @Test func pythonsUTF16LogIsReadAsText() throws {
        let (found, stats) = findings(Self.corpus.appendingPathComponent("python-utf16le.log").path)
        #expect(found.map(\.ruleID) == ["undefined_table", "unique_violation"], "was: no finding")
        #expect(found.first?.capture("relation") == "kiosk_receipts")
        #expect(found.last?.capture("constraint") == "tills_pkey")
        // A character outside the BMP (a surrogate pair in UTF-16) comes out whole.
        #expect(found.last?.event.text.contains("'Zürich 🚉'") == true)
        #expect(stats.ingest.nulLines == 0 && stats.ingest.invalidUTF8Lines == 0)
        #expect(stats.inputErrors.isEmpty)
    }

    @Test func javasBigEndianUTF16LogIsReadAsText() throws {
        let (found, _) = findings(Self.corpus.appendingPathComponent("java-utf16be.log").path)
        #expect(found.map(\.ruleID) == ["undefined_table"], "was: no finding")
        #expect(found.first?.capture("relation") == "kiosk_tills")
        #expect(found.first?.frames.first.map { "\($0.file):\($0.line)" } == "UTF16Log.java:19")
    }

    /// The findings, line numbers and texts are those of the same log in UTF-8, also when it is gzipped or on stdin.
    @Test(arguments: ["python-utf16le.log", "java-utf16be.log"])
    func findingsAreThoseOfTheSameLogInUTF8(_ name: String) throws {
        let path = Self.corpus.appendingPathComponent(name).path
        let text = try #require(String(data: try Data(contentsOf: URL(fileURLWithPath: path)), encoding: .utf16))
        try withTemporaryDirectory { dir in
            let utf8 = dir.appendingPathComponent("utf8.log")
            try text.write(to: utf8, atomically: true, encoding: .utf8)
            // Gzipped beforehand (`gzip -n`): a gzip process started here raced the tests running beside it.
            let gzipped = Self.corpus.appendingPathComponent(name + ".gz")
            let expected = findings(utf8.path).findings.map(Self.summary)
            #expect(!expected.isEmpty)
            #expect(findings(path).findings.map(Self.summary) == expected)
            #expect(findings(gzipped.path).findings.map(Self.summary) == expected)
        }
    }

    /// `report` splits plain files among cores by byte offsets; a UTF-16 file is read whole instead.
    @Test func reportReadsAUTF16FileWholeOnEveryCore() throws {
        let path = Self.corpus.appendingPathComponent("python-utf16le.log").path
        #expect(ScanPipeline.plainFileSize(path) == nil)
        let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: 2, minimumChunkBytes: 64)
        let (grouper, _) = pipeline.group(paths: [path], rules: builtinCatalog.rules)
        #expect(grouper.groupsBySeverity().map(\.ruleID).sorted() == ["undefined_table", "unique_violation"])
    }

    @Test func aByteRangeOfAUTF16FileIsRefusedWithTheWayOut() {
        let path = Self.corpus.appendingPathComponent("java-utf16be.log").path
        let error = #expect(throws: IngestError.self) { _ = try RangeFile(path: path) }
        #expect(error?.description == "cannot read \(path): a UTF-16 file cannot be split into byte ranges; convert it first (iconv -f UTF-16 -t UTF-8)")
    }

    /// Read a byte at a time and into buffers of every small size, split surrogate pairs and units included, the
    /// text comes out the same; unpaired surrogates and an odd last byte come out as U+FFFD.
    @Test(arguments: [false, true])
    func decodingDoesNotDependOnHowTheBytesArrive(bigEndian: Bool) throws {
        let text = "ERROR:  relation \"tänk_🚉_日本\" does not exist\nnext 🎉 line\n"
        var units = Array(text.utf16)
        units.insert(0xD800, at: 5)  // a high surrogate without its low one
        units.append(0xDC00)  // a low one alone
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in units { bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        bytes.append(0x41)  // an odd last byte
        let expected = Array((String(text.prefix(5)) + "\u{FFFD}" + text.dropFirst(5) + "\u{FFFD}\u{FFFD}").utf8)
        for (inner, outer) in [(1, 1), (1, 4096), (3, 2), (4096, 3), (4096, 4096), (5, 7)] {
            var source = try UTF16Source.detecting(Trickle(bytes: bytes, size: inner))
            #expect(try readAll(&source, size: outer) == expected, "reads of \(inner) into buffers of \(outer)")
        }
    }

    @Test func inputWithoutAMarkIsReadAsItIs() throws {
        let bytes = Array("relation \"x\" does not exist\n".utf8) + [0xFF]
        var source = try UTF16Source.detecting(Trickle(bytes: bytes, size: 2))
        #expect(try readAll(&source, size: 5) == bytes)
    }

    private func readAll(_ source: inout any ByteSource, size: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: size)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return out }
            out += buffer[0..<n]
        }
    }

    static func summary(_ f: Finding) -> String {
        "\(f.ruleID) \(f.event.firstLine)-\(f.event.lastLine) \(f.captures.map { "\($0.name)=\($0.value)" }) \(f.event.text)"
    }
}

/// Hands out its bytes `size` at a time, as a pipe may.
private struct Trickle: ByteSource {
    let name = "trickle"
    let bytes: [UInt8]
    let size: Int
    var offset = 0

    init(bytes: [UInt8], size: Int) {
        self.bytes = bytes
        self.size = size
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(size, buffer.count, bytes.count - offset)
        buffer.copyBytes(from: bytes[offset..<(offset + n)])
        offset += n
        return n
    }
}
