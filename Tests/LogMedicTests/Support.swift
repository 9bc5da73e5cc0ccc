import Foundation
@testable import LogMedic

/// The built-in catalog, compiled once for all tests.
let builtinCatalog: CompiledCatalog = try! CompiledCatalog()

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Scans `text` (or raw bytes) with the built-in catalog and returns what a user would see.
func scan(_ text: String, catalog: CompiledCatalog = builtinCatalog) -> (findings: [Finding], stats: ScanStats) {
    scan(bytes: Array(text.utf8), catalog: catalog)
}

func scan(bytes: [UInt8], catalog: CompiledCatalog = builtinCatalog, maxLineLength: Int = 1 << 20) -> (findings: [Finding], stats: ScanStats) {
    let scanner = Scanner(catalog: catalog, maxLineLength: maxLineLength)
    var source = MemorySource(name: "test.log", bytes: bytes)
    var findings: [Finding] = []
    let stats = scanner.scan(&source) { findings.append($0) }
    return (findings, stats)
}

/// The built-in catalog plus a rule whose pattern backtracks until PCRE2's match limit stops it on
/// `catastrophicLine`, written into `dir`.
func catalogWithCatastrophicRule(in dir: URL) throws -> CompiledCatalog {
    try """
    id: catastrophic
    title: Backtracks
    severity: high
    category: test
    patterns: ['slow rule: (a+)+$']
    explain: nested quantifier
    examples:
      match:
        - text: 'slow rule: aaaa'
        - text: 'slow rule: a'
      no_match: ['slow rule: b']
    """.write(to: dir.appendingPathComponent("catastrophic.yaml"), atomically: true, encoding: .utf8)
    return try CompiledCatalog(ruleDirectories: [dir.path])
}

let catastrophicLine = "slow rule: " + String(repeating: "a", count: 40) + "!"

/// A JSON record as Railway exports it.
func railway(_ message: String, severity: String = "error", service: String = "production-backend") -> String {
    #"{"timestamp":"2025-12-19T14:02:11.123456Z","severity":"\#(severity)","message":"\#(ExampleMutation.jsonEscaped(message))","tags":{"serviceName":"\#(service)"}}"#
}

/// A temporary directory removed when the test ends.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

/// The 5xx requests the problem of `rule` (whose headline holds `key`) failed, as `METHOD /path ×N`, sorted; a marker when
/// there is no such problem.
func failedRequests(_ problems: [Diagnosis.Problem], _ rule: String, _ key: String = "") -> [String] {
    problems.first { $0.group.ruleID == rule && (key.isEmpty || $0.headline.contains(key)) }?
        .group.failedRequests.map { "\($0.method) \($0.path) ×\($0.occurrences)" }.sorted() ?? ["no such problem"]
}
