import Foundation
import Testing
import Yams
@testable import LogMedic

/// Regression for incident 2025-12-19 (../shared/incident-2025-12-19.md): every problem, every file,
/// every occurrence that `fixtures/incident-2025-12-19/generate.py` recorded in expected.yaml.
@Suite struct IncidentRegressionTests {
    struct Expected: Decodable {
        struct FileFacts: Decodable {
            var lines: Int
            var truncated_json_lines: Int?
            var crlf_lines: Int
        }
        struct Occurrence: Decodable { var file: String; var last_line: Int }
        struct Location: Decodable { var file: String; var line: Int; var events: Int }
        struct Problem: Decodable {
            var rule: String
            var captures: [String: String]
            var events: [String: Int]
            var occurrences: [Occurrence]?
            var code_locations: [Location]?
        }
        var log_path_prefix: String
        var files: [String: FileFacts]
        var problems: [Problem]
    }

    static let root = repositoryRoot.appendingPathComponent("fixtures/incident-2025-12-19")
    static let expected = try! YAMLDecoder().decode(Expected.self, from: String(contentsOf: root.appendingPathComponent("expected.yaml"), encoding: .utf8))

    static func findings(in file: String) -> ([Finding], ScanStats) {
        var findings: [Finding] = []
        let stats = Scanner(catalog: builtinCatalog).scan(path: root.appendingPathComponent(file).path) { findings.append($0) }
        return (findings, stats)
    }

    @Test(arguments: expected.files.keys.sorted())
    func fileIsReadCompletelyWithItsDamageCounted(file: String) {
        let facts = Self.expected.files[file]!
        let (_, stats) = Self.findings(in: file)
        #expect(stats.ingest.lines == facts.lines)
        #expect(stats.ingest.crlfLines == facts.crlf_lines)
        #expect(stats.ingest.malformedJSONLines == (facts.truncated_json_lines ?? 0))
        #expect(stats.inputErrors.isEmpty)
    }

    @Test(arguments: expected.problems.indices)
    func problemIsFoundOncePerOccurrence(index: Int) {
        let problem = Self.expected.problems[index]
        for file in Self.expected.files.keys.sorted() {
            let matching = Self.findings(in: file).0.filter { finding in
                finding.ruleID == problem.rule && problem.captures.allSatisfy { finding.capture($0.key) == $0.value }
            }
            #expect(matching.count == problem.events[file] ?? 0, "\(problem.rule) \(problem.captures) in \(file)")
            let expectedEnds = (problem.occurrences ?? []).filter { $0.file == file }.map(\.last_line)
            if !expectedEnds.isEmpty { #expect(matching.map(\.event.lastLine) == expectedEnds) }
            for location in problem.code_locations ?? [] {
                let hits = matching.filter { finding in
                    guard let frame = finding.frames.last(where: { !$0.isLibrary }) else { return false }
                    return frame.file == Self.expected.log_path_prefix + location.file && frame.line == location.line
                }
                if file.hasSuffix(".jsonl") { #expect(hits.count == location.events, "\(location.file):\(location.line)") }
            }
        }
    }
}
