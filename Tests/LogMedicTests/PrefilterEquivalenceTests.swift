import Foundation
import Testing
@testable import LogMedic

/// The literal automaton decides which lines open events (a line with a literal) and which patterns
/// run on an event (those whose literal it holds). On real and generated logs: it finds on every
/// line exactly the literals a plain substring search finds, and a scan finds exactly what running
/// every pattern of the catalog on every event finds.
@Suite struct PrefilterEquivalenceTests {
    static let everyPattern = try! CompiledCatalog(RuleCatalog.load(), runsEveryPattern: true)

    /// What a user sees of each finding, in scan order.
    func findings(_ bytes: [UInt8], _ catalog: CompiledCatalog) -> [String] {
        scan(bytes: bytes, catalog: catalog).findings.map { finding in
            let captures = finding.captures.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            return "\(finding.event.firstLine) \(finding.ruleID) {\(captures)} \(finding.matched)"
        }
    }

    /// Every (line, literal) pair where one of the catalog's literals occurs: by Foundation's
    /// substring search over the whole file, and by the automaton line by line.
    func automatonFindsWhatSubstringSearchFinds(_ bytes: [UInt8], _ name: String) {
        let data = Data(bytes)
        var lineStarts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A { lineStarts.append(offset + 1) }
        var expected = Set<[Int]>()
        for (index, literal) in builtinCatalog.prefilter.literals.enumerated() {
            let needle = Data(literal)
            var from = data.startIndex
            while let range = data.range(of: needle, in: from..<data.endIndex) {
                var low = 0, high = lineStarts.count  // the last line start at or before the hit
                while high - low > 1 { let mid = (low + high) / 2; if lineStarts[mid] <= range.lowerBound { low = mid } else { high = mid } }
                expected.insert([low, index])
                from = range.lowerBound + 1
            }
        }
        var found = Set<[Int]>()
        for (number, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            Array(line).withUnsafeBytes { builtinCatalog.prefilter.forEachMatch($0) { found.insert([number, $0]); return true } }
        }
        #expect(found == expected, "\(name)")
    }

    static var corpusFiles: [URL] {
        let root = repositoryRoot.appendingPathComponent("Tests/Corpus/catalog")
        return (FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
            .filter { ["log", "csv", "json", "jsonl"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
    }

    @Test func catalogCorpusYieldsTheSameFindingsAsRunningEveryPattern() throws {
        #expect(Self.corpusFiles.count >= 20)
        var total = 0
        for file in Self.corpusFiles {
            let bytes = try [UInt8](Data(contentsOf: file))
            automatonFindsWhatSubstringSearchFinds(bytes, file.path)
            let expected = findings(bytes, Self.everyPattern)
            total += expected.count
            #expect(findings(bytes, builtinCatalog) == expected, "\(file.path)")
        }
        #expect(total > 500)
    }

    /// The benchmark's generator: routine production lines full of near-misses of the catalog's literals.
    @Test func generatedProductionLogYieldsTheSameFindingsAsRunningEveryPattern() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repositoryRoot.appendingPathComponent("bench/generate.py").path,
                             "--size-mib", "1", "--seed", "7", "-o", "-"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let bytes = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(bytes.count > 1_000_000)
        automatonFindsWhatSubstringSearchFinds(bytes, "bench/generate.py --seed 7")
        let expected = findings(bytes, Self.everyPattern)
        #expect(expected.count > 3)
        #expect(findings(bytes, builtinCatalog) == expected)
    }
}

/// On a long text (past `OwnerChecks.minimumTextBytes`) each owner's companions are looked for once: the
/// line's screening and the event's candidate patterns stay what looking at every occurrence gives.
@Suite struct OwnerChecksTests {
    /// Looking at every occurrence of every literal, as before the checks.
    static func reference(_ text: UnsafeRawBufferPointer, _ catalog: CompiledCatalog) -> (admitted: Bool, patterns: Set<Int>) {
        var admitted = false, patterns = Set<Int>()
        catalog.prefilter.forEachMatch(text) { literal in
            guard !catalog.literalIsContextOnly[literal] else { return true }
            let holding = catalog.literalOwners[literal].filter { $0.companions.allSatisfy { $0.isFound(in: text) } }
            patterns.formUnion(holding.map(\.pattern))
            if !catalog.literalIsGated[literal] || !holding.isEmpty { admitted = true }
            return true
        }
        return (admitted, patterns.union(catalog.unfilteredPatterns))
    }

    @Test func longTextsRepeatingGatedLiteralsAreScreenedAsBefore() throws {
        let catalog = builtinCatalog
        let gated = catalog.literalOwners.indices.filter { catalog.literalIsGated[$0] }
        #expect(gated.count > 10)
        for literal in gated.prefix(40) {
            let word = String(decoding: catalog.prefilter.literals[literal], as: UTF8.self)
            let companions = catalog.literalOwners[literal][0].companions.map { String(decoding: $0.bytes, as: UTF8.self) }
            let repeated = String(repeating: word + " x ", count: 2048 / word.utf8.count + 1)
            for text in [repeated, repeated + companions.joined(separator: " "), companions.joined(separator: " ") + " " + repeated] {
                Array(text.utf8).withUnsafeBytes { bytes in
                    #expect(bytes.count > CompiledCatalog.OwnerChecks.minimumTextBytes)
                    let expected = Self.reference(bytes, catalog)
                    #expect((catalog.screen(bytes) == .candidate) == expected.admitted, "\(word)")
                    var found = Set<Int>()
                    catalog.forEachCandidatePattern(in: bytes) { pattern, _ in found.insert(pattern) }
                    #expect(found == expected.patterns, "\(word)")
                }
            }
        }
    }
}

/// The context patterns' literals are found in the pass that screens a line: a plain line holding one
/// may be a request line (`Screening.request`), and they neither open events nor admit rule patterns.
@Suite struct ContextScreeningTests {
    static func rule(_ id: String, _ patterns: [String], literals: [String]? = nil, context: Bool = false) -> Rule {
        var rule = Rule(id: id, title: id, severity: .high, category: "http", patterns: patterns, literals: literals, explain: "",
                        examples: .init(match: [], noMatch: []))
        if context { rule.kind = .context }
        return rule
    }

    static func screening(_ line: String, _ catalog: CompiledCatalog) -> CompiledCatalog.Screening {
        Array(line.utf8).withUnsafeBytes { catalog.screen($0) }
    }

    @Test func aRequestLineIsScreenedAsOneAndAFailureOnItStillOpensAnEvent() throws {
        let catalog = try CompiledCatalog(RuleCatalog(rules: [
            Self.rule("request", [#"(?<method>GET|POST) (?<path>/\S{0,100}) (?<status>\d{3})"#], literals: ["GET ", "POST "], context: true),
            Self.rule("upstream_timeout", [#"upstream timed out while reading (?<what>[a-z ]{1,40})"#]),
        ]))
        #expect(Self.screening(#"10.0.0.7 "GET /api/carts 200" 4 ms"#, catalog) == .request)
        #expect(Self.screening("worker 3 booted in 41 ms", catalog) == .plain)
        #expect(Self.screening("POST /pay 504 upstream timed out while reading response header", catalog) == .candidate)
    }

    @Test func aLiteralOfBothAContextAndARulePatternScreensAsTheRuleSays() throws {
        let catalog = try CompiledCatalog(RuleCatalog(rules: [
            Self.rule("request", [#"(?<method>DELETE) (?<path>/\S{0,100}) (?<status>\d{3})"#], literals: ["DELETE "], context: true),
            Self.rule("delete_blocked", [#"DELETE (?<path>/\S{0,100}) refused by policy"#], literals: ["DELETE "]),
        ]))
        #expect(Self.screening("DELETE /carts/7 200", catalog) == .candidate)
        #expect(Self.screening("PATCH /carts/7 200", catalog) == .plain)
    }

    @Test func withAContextPatternWithoutLiteralsEveryPlainLineMayBeARequest() throws {
        let catalog = try CompiledCatalog(RuleCatalog(rules: [
            Self.rule("request", [#"(?<status>[1-5]\d\d) (?<path>/\S{0,100})"#], context: true),
            Self.rule("upstream_timeout", [#"upstream timed out while reading (?<what>[a-z ]{1,40})"#]),
        ]))
        #expect(Self.screening("worker 3 booted in 41 ms", catalog) == .request)
        #expect(Self.screening("upstream timed out while reading response header", catalog) == .candidate)
    }
}
