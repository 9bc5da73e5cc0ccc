import Foundation
import Testing
import Yams
@testable import LogMedic

/// The incidents captured from real software on other stacks (fixtures/incident-django-shop: Django +
/// psycopg 3; fixtures/incident-node-billing: Node + node-pg): every problem of expected.yaml is found
/// in every file once per occurrence, at that occurrence, and the report holds exactly those problems.
@Suite struct StackIncidentTests {
    struct Expected: Decodable {
        struct FileFacts: Decodable {
            var lines: Int
            var crlf_lines: Int
            /// A known gap in how logmedic cuts this file's events; the span check runs as a known issue.
            var span_gap: String?
        }
        struct Occurrence: Decodable { var file: String; var first_line: Int; var last_line: Int; var error_line: Int }
        struct Location: Decodable { var file: String; var line: Int; var function: String; var events: Int }
        struct Problem: Decodable {
            var rule: String
            var captures: [String: String]
            var events: [String: Int]
            var occurrences: [Occurrence]
            var code_locations: [Location]
            /// Why no rule finds it yet; its checks then run as a known issue until one does.
            var pending: String?
        }
        var log_path_prefix: String
        var files: [String: FileFacts]
        var problems: [Problem]
    }

    static let fixtures = ["incident-django-shop", "incident-node-billing"]
    static let expected: [String: Expected] = Dictionary(uniqueKeysWithValues: fixtures.map { fixture in
        let text = try! String(contentsOf: root(fixture).appendingPathComponent("expected.yaml"), encoding: .utf8)
        return (fixture, try! YAMLDecoder().decode(Expected.self, from: text))
    })
    static let files = fixtures.flatMap { fixture in expected[fixture]!.files.keys.sorted().map { "\(fixture)/\($0)" } }
    static let problems = fixtures.flatMap { fixture in expected[fixture]!.problems.indices.map { "\(fixture)#\($0)" } }
    static let locatedProblems = problems.filter { !problem($0).1.code_locations.isEmpty }

    static func problem(_ id: String) -> (fixture: String, Expected.Problem) {
        let fixture = String(id.prefix { $0 != "#" })
        return (fixture, expected[fixture]!.problems[Int(id.drop { $0 != "#" }.dropFirst())!])
    }

    static func root(_ fixture: String) -> URL { repositoryRoot.appendingPathComponent("fixtures/\(fixture)") }

    static func findings(_ fixture: String, _ file: String) -> ([Finding], ScanStats) {
        var findings: [Finding] = []
        let stats = Scanner(catalog: builtinCatalog).scan(path: root(fixture).appendingPathComponent(file).path) { findings.append($0) }
        return (findings, stats)
    }

    static func matches(_ finding: Finding, _ problem: Expected.Problem) -> Bool {
        finding.ruleID == problem.rule && problem.captures.allSatisfy { finding.capture($0.key) == $0.value }
    }

    /// Runs `checks` plainly, or as a known issue while the problem waits on a rule.
    static func checking(_ problem: Expected.Problem, _ checks: () -> Void) {
        if let pending = problem.pending {
            withKnownIssue(Comment(rawValue: "waits on: \(pending)"), checks)
        } else {
            checks()
        }
    }

    @Test(arguments: files)
    func fileIsReadCompletely(path: String) {
        let (fixture, file) = (String(path.prefix { $0 != "/" }), String(path.drop { $0 != "/" }.dropFirst()))
        let facts = Self.expected[fixture]!.files[file]!
        let (_, stats) = Self.findings(fixture, file)
        #expect(stats.ingest.lines == facts.lines)
        #expect(stats.ingest.crlfLines == facts.crlf_lines)
        #expect(stats.inputErrors.isEmpty)
    }

    @Test(arguments: problems)
    func problemIsFoundOncePerOccurrenceAtThatOccurrence(id: String) {
        let (fixture, problem) = Self.problem(id)
        let expected = Self.expected[fixture]!
        Self.checking(problem) {
            for file in expected.files.keys.sorted() {
                let found = Self.findings(fixture, file).0.filter { Self.matches($0, problem) }
                #expect(found.count == problem.events[file] ?? 0, "\(problem.rule) \(problem.captures) in \(file)")
                let lines = problem.occurrences.filter { $0.file == file }.map(\.error_line)
                for (finding, line) in zip(found, lines) {
                    #expect((finding.event.firstLine...finding.event.lastLine).contains(line),
                            "\(file): event \(finding.event.firstLine)-\(finding.event.lastLine) should hold line \(line)")
                }
            }
        }
    }

    @Test(arguments: files)
    func eventsSpanTheWholeLoggedEntry(path: String) {
        let (fixture, file) = (String(path.prefix { $0 != "/" }), String(path.drop { $0 != "/" }.dropFirst()))
        let expected = Self.expected[fixture]!
        let occurrences = expected.problems.flatMap(\.occurrences).filter { $0.file == file }
        let check = {
            for finding in Self.findings(fixture, file).0 {
                let span = finding.event.firstLine...finding.event.lastLine
                let truth = occurrences.filter { span.contains($0.error_line) }.map { $0.first_line...$0.last_line }
                #expect(truth == [span], "\(file): \(finding.ruleID) event \(span)")
            }
        }
        if let gap = expected.files[file]!.span_gap { withKnownIssue(Comment(rawValue: gap), check) } else { check() }
    }

    @Test(arguments: locatedProblems)
    func occurrencesPointAtTheApplicationLine(id: String) {
        let (fixture, problem) = Self.problem(id)
        let expected = Self.expected[fixture]!
        Self.checking(problem) {
            let found = expected.files.keys.flatMap { Self.findings(fixture, $0).0 }.filter { Self.matches($0, problem) }
            for location in problem.code_locations {
                let hits = found.filter { finding in
                    guard let frame = finding.frames.last(where: { !$0.isLibrary }) else { return false }
                    return frame.file == expected.log_path_prefix + location.file && frame.line == location.line
                        && frame.function == location.function
                }
                #expect(hits.count == location.events, "\(location.file):\(location.line) in \(location.function)")
            }
        }
    }

    @Test(arguments: fixtures)
    func nothingElseIsFound(fixture: String) {
        let expected = Self.expected[fixture]!
        for file in expected.files.keys.sorted() {
            let strays = Self.findings(fixture, file).0.filter { finding in !expected.problems.contains { Self.matches(finding, $0) } }
            #expect(strays.isEmpty, "\(file): \(strays.map { "\($0.ruleID) line \($0.event.firstLine)" })")
        }
    }

    @Test(arguments: fixtures)
    func reportHoldsOneProblemPerExpectedProblemWithItsCount(fixture: String) {
        let expected = Self.expected[fixture]!
        let paths = expected.files.keys.sorted().map { Self.root(fixture).appendingPathComponent($0).path }
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: paths)
        func groups(of problem: Expected.Problem) -> [Diagnosis.Problem] {
            diagnosis.problems.filter { found in
                found.group.ruleID == problem.rule && problem.captures.allSatisfy { found.group.capture($0.key) == $0.value }
            }
        }
        for problem in expected.problems {
            Self.checking(problem) {
                let groups = groups(of: problem)
                #expect(groups.count == 1, "\(problem.rule) \(problem.captures)")
                #expect(groups.first?.group.records == problem.events.values.reduce(0, +), "\(problem.rule) \(problem.captures)")
                // Each failure is logged by the app and by the server, and counted once.
                #expect(groups.first?.group.count == problem.events.values.max(), "\(problem.rule) \(problem.captures)")
            }
        }
        let strays = diagnosis.problems.filter { found in !expected.problems.contains { groups(of: $0).contains(found) } }
        #expect(strays.isEmpty, "\(strays.map { "\($0.group.ruleID) \($0.group.captures)" })")
    }
}
