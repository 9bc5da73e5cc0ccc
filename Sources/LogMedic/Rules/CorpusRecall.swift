import Foundation
import Yams

/// Runs the catalog over a corpus of captured logs and compares what it finds with the corpus's
/// `expected*.yaml` files: for each group of files, the rule and captures each provoked failure must yield.
public struct CorpusRecall {
    /// One `expected*.yaml` entry: a group of files that hold the same provoked failures.
    struct Group: Decodable {
        var files: [String]
        var expect: [Expectation]
    }

    public struct Expectation: Decodable, Sendable, CustomStringConvertible {
        public var rule: String
        public var sqlstate: String?
        public var captures: [String: String]
        /// Captures come from a DETAIL/CONTEXT line, so they need that line joined to its ERROR line.
        public var joined: Bool?

        public var description: String {
            let captures = captures.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "\(rule)" + (sqlstate.map { " [\($0)]" } ?? "") + (captures.isEmpty ? "" : " {\(captures)}")
        }
    }

    /// What one corpus file yielded: every finding, and which expectations no finding met.
    public struct FileResult: Sendable {
        public var path: String
        public var findings: [Finding]
        public var expectations: [Expectation]
        public var missed: [Expectation]
        public var expected: Int { expectations.count }
        public var found: Int { expected - missed.count }
    }

    public let catalog: CompiledCatalog
    public init(catalog: CompiledCatalog) { self.catalog = catalog }

    /// Scans every file the corpus's expected files name, in their order.
    public func run(corpus directory: String) throws -> [FileResult] {
        let root = URL(fileURLWithPath: directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("expected") && $0.hasSuffix(".yaml") }.sorted()
        guard !names.isEmpty else { throw CorpusError.noExpectations(path: directory) }
        var results: [FileResult] = []
        for name in names {
            let path = root.appendingPathComponent(name).path
            let groups: [Group]
            do {
                groups = try YAMLDecoder().decode([Group].self, from: try String(contentsOfFile: path, encoding: .utf8))
            } catch {
                throw CorpusError.invalidExpectations(path: path, reason: String(describing: error))
            }
            for group in groups {
                for file in group.files {
                    results.append(check(root.appendingPathComponent(file).path, expecting: group.expect))
                }
            }
        }
        return results
    }

    func check(_ path: String, expecting expected: [Expectation]) -> FileResult {
        var findings: [Finding] = []
        _ = Scanner(catalog: catalog).scan(path: path) { findings.append($0) }
        let missed = expected.filter { expectation in
            !findings.contains { finding in
                finding.ruleID == expectation.rule
                    && expectation.captures.allSatisfy { finding.capture($0.key) == $0.value }
            }
        }
        return FileResult(path: path, findings: findings, expectations: expected, missed: missed)
    }
}
