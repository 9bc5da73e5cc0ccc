import Testing
@testable import LogMedic

/// Grouping must not depend on arrival order: the pipeline scans several files at once.
@Suite("FindingGrouper")
struct FindingGrouperTests {
    static func finding(_ relation: String, source: String, line: Int, at timestamp: String) -> Finding {
        Finding(ruleID: "undefined_table", title: "Table or relation does not exist", severity: .critical, category: "database",
                captures: [Capture(name: "relation", value: relation)], matched: "relation \"\(relation)\" does not exist",
                event: LogEvent(source: source, firstLine: line, lastLine: line, timestamp: timestamp,
                                epoch: Timestamp.epoch(of: timestamp), text: "relation \"\(relation)\" does not exist"),
                frames: [], context: [])
    }

    static let findings = [
        finding("b", source: "backend.jsonl", line: 7, at: "2025-12-19T14:00:00.5Z"),
        finding("a", source: "backend.jsonl", line: 9, at: "2025-12-19T15:00:00Z"),
        finding("a", source: "backend.jsonl", line: 20, at: "2025-12-19T16:00:00Z"),
        // Another file, another timestamp style, earlier than everything in the first one.
        finding("a", source: "postgres.log", line: 3, at: "2025-12-19 13:00:00.250 UTC"),
        finding("b", source: "postgres.log", line: 4, at: "2025-12-19 14:00:00.100 UTC"),
        finding("a", source: "postgres.log", line: 5, at: "2025-12-19 16:30:00.000 UTC"),
        finding("a", source: "postgres.log", line: 6, at: "2025-12-19 14:30:00.000 UTC"),
    ]

    static func groups(_ findings: [Finding]) -> [FindingGroup] {
        var grouper = FindingGrouper(rules: builtinCatalog.rules)
        findings.forEach { grouper.add($0) }
        return grouper.groupsBySeverity()
    }

    @Test func firstAndLastSeenAreTheEarliestAndLatestInstants() throws {
        let a = try #require(Self.groups(Self.findings).first { $0.capture("relation") == "a" })
        #expect(a.count == 5)
        #expect(a.firstSeen == "2025-12-19 13:00:00.250 UTC")
        #expect(a.lastSeen == "2025-12-19 16:30:00.000 UTC")
        #expect(a.samples.map { "\($0.source):\($0.firstLine)" } == ["postgres.log:3", "postgres.log:6", "backend.jsonl:9"])
    }

    /// One incident written by one server to stderr (`%t`: whole seconds), csvlog and jsonlog (milliseconds): its
    /// problems are numbered alike in the three files, in the order they were logged (was: the stderr file numbered
    /// the problems of one second by name, `alpha_berths` P1 and `zeta_berths` P4, csvlog had `zeta_berths` P1).
    @Test(arguments: ["stderr.log", "csvlog.csv", "jsonlog.json"])
    func problemsAreNumberedAlikeInEveryServerLogLayout(_ file: String) {
        let path = repositoryRoot.appendingPathComponent("fixtures/layouts/postgres/three-destinations/\(file)").path
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog, parallelism: 1), snapshot: nil).diagnose(paths: [path])
        #expect(diagnosis.problems.map { "\($0.id) \($0.group.capture("relation") ?? "")" }
                == ["P1 zeta_berths", "P2 alpha_berths", "P3 yard_cranes", "P4 beacons"])
    }

    @Test func theResultIsTheSameInAnyArrivalOrder() {
        let expected = Self.groups(Self.findings)
        #expect(expected.map { $0.capture("relation") } == ["a", "b"], "equal severity: more occurrences first")
        #expect(Self.groups(Self.findings.reversed()) == expected)
        #expect(Self.groups(Self.findings.enumerated().sorted { ($0.offset % 3, $0.offset) < ($1.offset % 3, $1.offset) }.map(\.element)) == expected)
    }

    /// The same instant written two ways (a wrapper's clock and the application's): the earliest and latest
    /// occurrences' texts are the same in any arrival order and however the findings were split among groupers
    /// (was: the first to arrive, and for the latest the larger text when merged, so `scan --format groups` on
    /// two cores changed from run to run; for the earliest, shards merged in another order).
    @Test func aTieAtTheFirstAndLatestInstantKeepsTheSameTextInAnyOrderAndSplit() throws {
        let tied = [
            Self.finding("a", source: "pod.log", line: 28, at: "2026-12-05 05:18:55,890"),
            Self.finding("a", source: "pod.log", line: 40, at: "2026-12-05 05:18:55.890 UTC"),
        ]
        #expect(tied[0].event.epoch == tied[1].event.epoch)
        let inOrder = try #require(Self.groups(tied).first)
        let reversed = try #require(Self.groups(tied.reversed()).first)
        #expect((reversed.firstSeen, reversed.lastSeen) == (inOrder.firstSeen, inOrder.lastSeen))
        for split in [tied, tied.reversed()] {
            var first = FindingGrouper(rules: builtinCatalog.rules), second = FindingGrouper(rules: builtinCatalog.rules)
            first.add(split[0])
            second.add(split[1])
            first.merge(second)
            let merged = try #require(first.groupsBySeverity().first)
            #expect((merged.firstSeen, merged.lastSeen) == (inOrder.firstSeen, inOrder.lastSeen))
        }
    }

    @Test func equalCountsAreOrderedByFirstSeen() {
        let late = Self.finding("late", source: "x.log", line: 1, at: "2025-12-19T18:00:00Z")
        let early = Self.finding("early", source: "y.log", line: 1, at: "2025-12-19T08:00:00Z")
        #expect(Self.groups([late, early]).map { $0.capture("relation") } == ["early", "late"])
        #expect(Self.groups([early, late]).map { $0.capture("relation") } == ["early", "late"])
    }

    /// Hundreds of problems, their occurrences interleaved across files: each is one group with its own
    /// counts per file, however the findings arrive.
    @Test func manyProblemsAcrossFilesKeepTheirCountsPerFile() {
        var findings: [Finding] = []
        for round in 0..<3 {
            for n in 0..<500 {
                let source = n % 7 == 0 ? "worker.log" : "api.log"
                findings.append(Self.finding("t\(n)", source: round == 2 ? "postgres.log" : source, line: round * 1000 + n,
                                             at: "2025-12-19T10:00:0\(round)Z"))
            }
        }
        for arrival in [findings, findings.reversed()] {
            let groups = Self.groups(arrival)
            #expect(groups.count == 500)
            let t7 = groups.first { $0.capture("relation") == "t7" }
            #expect(t7?.count == 3)
            #expect(t7?.sources == ["worker.log": 2, "postgres.log": 1])
            #expect(groups.first { $0.capture("relation") == "t8" }?.sources == ["api.log": 2, "postgres.log": 1])
            #expect(groups.allSatisfy { $0.sources.values.reduce(0, +) == 3 })
        }
    }

    /// What the fingerprint was before it was built from bytes: rule and normalised captures joined as Strings.
    static func stringFingerprint(_ finding: Finding, names: [String]?) -> String {
        let parts = finding.captures
            .filter { capture in names.map { $0.contains(capture.name) } ?? !capture.value.allSatisfy(\.isNumber) }
            .map { "\($0.name)=\($0.value.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased())" }
            .sorted()
        return ([finding.ruleID] + parts).joined(separator: "|")
    }

    @Test func fingerprintsNormaliseCaseAndWhitespaceLikeStrings() {
        let values = ["Users", "  public.USERS \t\r\n x  ", "", "123", "12a", "a\u{0B}b\u{0C}c\u{1F}d", "ÉCOLE  Straße", "x\u{A0}y\u{2003}z", "Ⅻ"]
        let grouper = FindingGrouper(rules: [])
        var fingerprints = Set<String>()
        for (n, value) in values.enumerated() {
            var finding = Self.finding("t", source: "a.log", line: n, at: "2025-12-19T14:00:00Z")
            finding.captures = [Capture(name: "zeta", value: value), Capture(name: "column", value: values[(n + 1) % values.count]),
                                Capture(name: "alpha", value: "Same")]
            let fingerprint = grouper.fingerprint(of: finding)
            #expect(fingerprint == Self.stringFingerprint(finding, names: nil))
            fingerprints.insert(fingerprint)
        }
        #expect(fingerprints.count == values.count)
        var a = Self.finding("Users", source: "a.log", line: 1, at: "2025-12-19T14:00:00Z")
        var b = Self.finding("  users ", source: "b.log", line: 2, at: "2025-12-19T14:00:01Z")
        a.captures.append(Capture(name: "x", value: "1")); b.captures.append(Capture(name: "x", value: "1"))
        #expect(Self.groups([a, b]).map(\.count) == [2], "one problem whatever the case and spacing")
    }

    /// Findings of a repeated message share one captures array (the scanner remembers it); another
    /// rule with the same array, and fresh arrays that the allocator may place where a freed one was,
    /// are still grouped by what they say.
    @Test func sharedAndRecycledCaptureArraysAreGroupedByTheirValues() {
        var grouper = FindingGrouper(rules: builtinCatalog.rules)
        let repeated = Self.finding("orders", source: "a.log", line: 1, at: "2025-12-19T14:00:00Z")
        for _ in 0..<3 { grouper.add(repeated) }
        var otherRule = repeated
        otherRule.ruleID = "undefined_column"
        grouper.add(otherRule)
        for n in 0..<500 {
            // A new array each time, freed after `add` unless something holds it.
            grouper.add(Self.finding("t\(n % 50)", source: "a.log", line: n + 2, at: "2025-12-19T14:00:01Z"))
        }
        let counts = Dictionary(uniqueKeysWithValues: grouper.groupsBySeverity().map { ($0.fingerprint, $0.count) })
        #expect(counts["undefined_table|relation=orders"] == 3)
        #expect(counts.keys.contains { $0.hasPrefix("undefined_column|") })
        #expect((0..<50).allSatisfy { counts["undefined_table|relation=t\($0)"] == 10 })
        #expect(counts.count == 52)
    }

    /// Messages that never repeat still repeat their values: a short value is the same String wherever it
    /// was made, a long one is not. Either way a group is what the captures say, name and value.
    @Test func valuesMadeApartAreGroupedByNameAndValue() {
        var grouper = FindingGrouper(rules: [])
        for n in 0..<300 {
            var finding = Self.finding("t", source: "a.log", line: n, at: "2025-12-19T14:00:00Z")
            let value = n % 2 == 0 ? "s\(n % 3)" : "a_long_relation_name_\(n % 3)"
            finding.captures = [Capture(name: n % 5 == 0 ? "schema" : "relation", value: value)]
            grouper.add(finding)
        }
        let counts = Dictionary(uniqueKeysWithValues: grouper.groupsBySeverity().map { ($0.fingerprint, $0.count) })
        #expect(counts.count == 12)
        #expect(counts["undefined_table|relation=s0"] == 40)
        #expect(counts["undefined_table|schema=s0"] == 10)
        #expect(counts["undefined_table|relation=a_long_relation_name_1"] == 40)
        #expect(counts.values.reduce(0, +) == 300)
    }
}

@Suite struct LiveDiagnosisTests {
    func finding(_ relation: String) -> Finding {
        scan(#"ERROR:  relation "\#(relation)" does not exist"# + "\n").findings[0]
    }

    @Test func distinctProblemsBeyondTheBoundAreOnlyCounted() {
        let live = LiveDiagnosis(diagnoser: Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil), maxGroups: 2)
        let news = (0..<50).compactMap { live.add(finding("t\($0 % 10)")) }
        #expect(news.map(\.problem.id) == ["P1", "P2"])
        let diagnosis = live.diagnosis(stats: ScanStats(), inputs: ["-"])
        #expect(diagnosis.problems.map(\.group.count) == [5, 5])
        #expect(diagnosis.ungroupedFindings == 40)
    }

    /// The report `watch` writes at the end lists problems most severe first, each under the number it was shown under
    /// live (was: renumbered, so that the `P1` of the live lines was another problem in the report).
    @Test func theFinalReportKeepsTheLiveNumbers() {
        let live = LiveDiagnosis(diagnoser: Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil))
        let low = scan("LOG:  temporary file: path \"base/pgsql_tmp/pgsql_tmp123.0\", size 104857600\n").findings
        #expect(low.map(\.ruleID) == ["temp_file_created"])
        #expect(live.add(low[0])?.problem.id == "P1")
        #expect(live.add(finding("orders"))?.problem.id == "P2")
        let problems = live.diagnosis(stats: ScanStats(), inputs: ["-"]).problems
        #expect(problems.map(\.id) == ["P2", "P1"])
        #expect(problems.map(\.group.ruleID) == ["undefined_table", "temp_file_created"])
    }

    @Test func countChangesAreToldAtMostOncePerInterval() {
        let live = LiveDiagnosis(diagnoser: Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil), updateInterval: 10)
        #expect(live.add(finding("a"), now: 100)?.change == .new)
        for second in 101..<105 { #expect(live.add(finding("a"), now: Double(second)) == nil) }
        #expect(live.updates(now: 105).isEmpty)
        let due = live.updates(now: 110)
        #expect(due.map(\.change) == [.count])
        #expect(due.first?.problem.group.count == 5)
        #expect(live.updates(now: 200).isEmpty)
    }

    /// The app's record of a failure the server logged is the same occurrence: no `[count]` line saying
    /// "1 occurrence" again (was printed for every problem first seen in the server log).
    @Test func theAppsRecordOfTheSameFailureIsNoNewCount() {
        let live = LiveDiagnosis(diagnoser: Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil), updateInterval: 0)
        let server = scan(#"2026-12-03 13:04:26.100 UTC [41] app@docks ERROR:  relation "dock_log" does not exist"# + "\n").findings
        let app = scan("""
            2026-12-03 13:04:26,300 ERROR [docks] maintenance failed
            Traceback (most recent call last):
              File "/srv/docks/jobs.py", line 60, in maintenance
                conn.execute("SELECT note FROM dock_log").fetchall()
            psycopg.errors.UndefinedTable: relation "dock_log" does not exist

            """).findings
        #expect(server.compactMap { live.add($0, now: 100) }.map(\.change) == [.new])
        #expect(app.compactMap { live.add($0, now: 101) }.isEmpty)
        #expect(live.diagnosis(stats: ScanStats(), inputs: ["-"]).problems.map(\.group.count) == [1], "one failure, two records")
        #expect(live.updates(now: 200).isEmpty)
        _ = live.add(server[0], now: 300)
        #expect(live.updates(now: 400).map(\.change) == [.count])
    }
}
