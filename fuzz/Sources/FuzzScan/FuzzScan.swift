import Foundation
import FuzzDriver
import LogMedic

/// libFuzzer entry point: arbitrary bytes through ingest (UTF-16 decoding, lines, envelopes, events), the prefilter,
/// PCRE2 matching, the count of errors no rule matched (as `report` compiles the catalog), diagnosis grouping and
/// redaction. Any crash, hang or sanitizer report is a bug.
nonisolated(unsafe) let catalog = try! CompiledCatalog(errorWords: ErrorWords.literals)
nonisolated(unsafe) let scanner = Scanner(catalog: catalog, maxLineLength: 4096)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Half the inputs are read as UTF-16 behind a byte-order mark (its decoder, then all the rest).
    var source: any ByteSource = bytes.first.map { $0 & 1 == 1 } == true
        ? try! UTF16Source.detecting(MemorySource(name: "fuzz", bytes: [0xFF, 0xFE] + bytes))
        : MemorySource(name: "fuzz", bytes: bytes)
    var grouper = FindingGrouper(rules: catalog.rules)
    let stats = scanner.scan(&source) { finding in
        grouper.add(finding)
        _ = finding.redacted()
    }
    precondition(stats.ingest.lines <= size + 1, "more lines than bytes")
    if let errors = stats.unrecognisedErrors {
        precondition(errors.commonest.reduce(0) { $0 + $1.count } <= errors.events, "more errors in kinds than counted")
        let decoded = try! JSONDecoder().decode(ScanStats.self, from: JSONEncoder().encode(stats))
        precondition(decoded.unrecognisedErrors == errors, "unrecognised errors do not survive a summary record")
    }
    _ = grouper.groupsBySeverity()
    bytes.withUnsafeBytes { _ = JSONEnvelope.decode($0) }
    return 0
}

@_cdecl("FuzzScan_main")
public func fuzzScanMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
