/// Checks every rule against its own examples, through the same scanner `scan` uses (prefilter,
/// event assembly, PCRE2), once per `ExampleMutation`.
public struct ExampleRunner {
    /// One example that did not behave as its rule says.
    public struct Failure: Sendable, CustomStringConvertible {
        public let ruleID: String
        public let example: String
        public let mutation: ExampleMutation
        public let problem: String

        public var description: String {
            "\(ruleID) [\(mutation.rawValue)]: \(problem)\n    example: \(example.replacingOccurrences(of: "\n", with: "\\n"))"
        }
    }

    public let catalog: CompiledCatalog
    public init(catalog: CompiledCatalog) { self.catalog = catalog }

    /// Runs the examples of the rules whose id is in `ids` (all when nil); returns checks made and failures.
    public func run(ids: Set<String>? = nil) -> (checks: Int, failures: [Failure]) {
        let scanner = Scanner(catalog: catalog)
        let scratch = MatchScratch(maxCaptureCount: catalog.maxCaptureCount)
        var checks = 0
        var failures: [Failure] = []
        for rule in catalog.rules where ids?.contains(rule.id) ?? true {
            let mutations: [ExampleMutation] = rule.effectiveKind == .context
                ? [.plain, .timestamped, .jsonRecords] : ExampleMutation.allCases
            for mutation in mutations {
                for example in rule.examples.match {
                    checks += 1
                    let captures = rule.effectiveKind == .context
                        ? contextCaptures(example.text, mutation: mutation, scratch: scratch)
                        : findingCaptures(rule, example.text, mutation: mutation, scanner: scanner)
                    if let problem = Self.problem(expected: example.captures ?? [:], actual: captures) {
                        failures.append(Failure(ruleID: rule.id, example: example.text, mutation: mutation, problem: problem))
                    }
                }
                for text in rule.examples.noMatch {
                    checks += 1
                    let captures = rule.effectiveKind == .context
                        ? contextCaptures(text, mutation: mutation, scratch: scratch)
                        : findingCaptures(rule, text, mutation: mutation, scanner: scanner)
                    if captures != nil {
                        failures.append(Failure(ruleID: rule.id, example: text, mutation: mutation, problem: "matched, but is listed under no_match"))
                    }
                }
            }
        }
        return (checks, failures)
    }

    private func findingCaptures(_ rule: Rule, _ text: String, mutation: ExampleMutation, scanner: Scanner) -> [Capture]? {
        var source = MemorySource(name: "example", bytes: mutation.render(text))
        var captures: [Capture]?
        _ = scanner.scan(&source) { finding in
            if finding.ruleID == rule.id, captures == nil { captures = finding.captures }
        }
        return captures
    }

    /// Context rules never run in the scan, only on lines before a finding; check them one line at a time.
    private func contextCaptures(_ text: String, mutation: ExampleMutation, scratch: MatchScratch) -> [Capture]? {
        let line: String
        switch mutation {
        case .timestamped: line = "2025-12-19T14:02:11.123456Z " + text
        case .jsonRecords: line = ExampleMutation.railwayRecord(text)
        default: line = text
        }
        var captures: [Capture]?
        Array(line.utf8).withUnsafeBytes { bytes in
            DecodedLine.decode(bytes) { decoded in
                captures = catalog.matchContext(decoded.message, scratch: scratch)?.captures
            }
        }
        return captures
    }

    static func problem(expected: [String: String], actual: [Capture]?) -> String? {
        guard let actual else { return "did not match" }
        for (name, value) in expected.sorted(by: { $0.key < $1.key }) {
            let got = actual.first { $0.name == name }?.value
            if got != value { return "capture \(name): expected \"\(value)\", got \(got.map { "\"\($0)\"" } ?? "nothing")" }
        }
        return nil
    }
}
