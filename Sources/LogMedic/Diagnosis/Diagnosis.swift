import Foundation

/// The diagnosis of a set of logs: every problem found, grouped, correlated and with a recommendation.
/// Its JSON form is the stable `report --format json` document (see README).
public struct Diagnosis: Sendable, Codable, Equatable {
    /// Where the schema came from.
    public struct SchemaOrigin: Sendable, Codable, Equatable {
        public var database: String
        public var serverVersion: String
        public var takenAt: String
        /// `live` (--db) or `file` (--schema).
        public var source: String
    }

    /// One problem: the group of findings, what the database says, and what to do.
    public struct Problem: Sendable, Codable, Equatable {
        public var id: String
        public var group: FindingGroup
        public var explain: String
        public var correlation: Correlation
        public var recommendation: Recommendation
        /// Problems that made this one happen: a frontend error's request was answered 5xx around
        /// occurrences of these, or its rule names theirs as its cause (`caused_by:`) (absent when none).
        public var causedBy: [String]?
        /// The captures the title states already (an advice variant's title), which its headline leaves out (absent when none).
        public var titleStates: [String]?

        /// Adds the problems `ids` to `causedBy`, those not there yet.
        mutating func addCauses(_ ids: [String]) {
            let new = ids.filter { !(causedBy ?? []).contains($0) }
            if !new.isEmpty { causedBy = (causedBy ?? []) + new }
        }
    }

    public var tool: String
    public var generatedAt: String
    public var inputs: [String]
    public var stats: ScanStats
    public var schema: SchemaOrigin?
    public var problems: [Problem]
    /// Findings not grouped because a live run hit its bound on distinct problems (absent when none).
    public var ungroupedFindings: Int?

    /// What `--fail-on` compares with: problems the database shows resolved fail nothing.
    public var highestUnresolvedSeverity: Severity? {
        problems.filter { $0.correlation.status != .resolved }.map(\.group.severity).max()
    }
}

/// Builds a `Diagnosis`: scans, groups, correlates. The one place that knows all those stages.
public struct Diagnoser: Sendable {
    public let pipeline: ScanPipeline
    public let correlator: Correlator
    public let schemaOrigin: Diagnosis.SchemaOrigin?
    /// Names, in each recommendation, the vetted playbooks `fix` would run.
    public let selector: PlaybookSelector?
    /// Whose commands the advice names (`bin/rails db:migrate` for a Rails app).
    public let stacks: ApplicationStacks
    /// With a live database: its host and port, whose refused or timed-out connections are the database's.
    public let databaseClaims: DatabaseEndpointClaims?

    /// `database`: the live connection the snapshot came from, for checks that run their own queries
    /// (nil with `--schema FILE`: those checks then say "not checked").
    public init(pipeline: ScanPipeline, snapshot: SchemaSnapshot?, snapshotSource: String = "live", source: SourceTree? = nil,
                database: LiveDatabase? = nil, selector: PlaybookSelector? = nil,
                stacks: ApplicationStacks = (try? ApplicationStacks.builtin.get()) ?? ApplicationStacks([])) {
        self.pipeline = pipeline
        self.selector = selector
        self.stacks = stacks
        self.correlator = Correlator(context: CheckContext(snapshot: snapshot, source: source, database: database))
        self.databaseClaims = database.flatMap { DatabaseEndpointClaims(rules: pipeline.catalog.rules, endpoints: $0.endpoints) }
        self.schemaOrigin = snapshot.map {
            Diagnosis.SchemaOrigin(database: $0.database, serverVersion: $0.serverVersion, takenAt: $0.takenAt, source: snapshotSource)
        }
    }

    /// `control` makes live inputs stoppable (SIGINT): the diagnosis is then of what was read.
    public func diagnose(paths: [String], control: LiveControl? = nil) -> Diagnosis {
        // Within one input the context ring ties problems to the requests before them; the 5xx responses
        // logged around a problem (often after it) come from a time line of server errors. The full time
        // line is for requests in other inputs. One input is grouped on all cores when it is a large plain
        // file (chunks, merged).
        guard paths.count > 1 else {
            let timeline = RequestTimeline(serverErrorsOnly: true)
            var (grouper, stats) = pipeline.group(paths: paths, rules: pipeline.catalog.rules, control: control, timeline: timeline,
                                                  claims: databaseClaims)
            tie(&grouper, to: timeline)
            return diagnosis(groups: grouper.groupsBySeverity(), stats: stats, inputs: paths.isEmpty ? ["-"] : paths)
        }
        let grouper = LockedBox(groupingWithRequests())
        let stats = pipeline.run(paths: paths, control: control, timeline: grouper.withLock { $0.timeline }) { finding in
            grouper.withLock { _ = $0.add(finding) }
        }
        let groups = grouper.withLock { $0.groupsBySeverity() }
        return diagnosis(groups: groups, stats: stats, inputs: paths.isEmpty ? ["-"] : paths)
    }

    /// The group with the line of code of each of its code locations that is a file of the checkout.
    static func withCode(_ group: FindingGroup, from source: SourceTree) -> FindingGroup {
        var group = group
        for index in group.codeLocations.indices {
            guard let (path, code) = source.code(at: group.codeLocations[index]) else { continue }
            group.codeLocations[index].sourcePath = path
            group.codeLocations[index].code = code
        }
        return group
    }

    /// A grouper that ties problems to the requests of every input (see `tie`).
    public func groupingWithRequests() -> FindingGrouper {
        var grouper = FindingGrouper(rules: pipeline.catalog.rules)
        tie(&grouper, to: RequestTimeline())
        return grouper
    }

    /// Ties `grouper`'s problems to the requests on `timeline`: frontend errors (rules checked by
    /// `response_shape`) to the request each came from, other problems to the 5xx responses around them.
    private func tie(_ grouper: inout FindingGrouper, to timeline: RequestTimeline) {
        grouper.timeline = timeline
        grouper.databaseClaims = databaseClaims
        grouper.attributedRules = Set(pipeline.catalog.rules.filter { $0.correlate?.check == "response_shape" }.map(\.id))
    }

    /// The diagnosis of findings scanned elsewhere (`FindingsStream`): the same as scanning their logs here.
    public func diagnose(findings paths: [String]) -> (Diagnosis, malformedRecords: Int) {
        var grouper = FindingGrouper(rules: pipeline.catalog.rules)
        grouper.databaseClaims = databaseClaims
        let contents = FindingsStream.read(paths: paths, into: &grouper)
        tie(&grouper, to: contents.responses)
        let inputs = contents.inputs.isEmpty ? (paths.isEmpty ? ["-"] : paths) : contents.inputs
        return (diagnosis(groups: grouper.groupsBySeverity(), stats: contents.stats, inputs: inputs), contents.malformedRecords)
    }

    /// A selected playbook with its files as vetting read them, so that they are read and hashed once.
    typealias VettedSelection = (selection: PlaybookSelector.Selection, files: VettedPlaybook)

    /// The vetted playbooks the selector picks for a problem (an unvetted one is refused by `fix`, so not named).
    func playbooks(_ group: FindingGroup, _ correlation: Correlation) -> [VettedSelection] {
        guard let selector else { return [] }
        return selector.select(group, correlation).compactMap { selection in
            (try? selector.library.vetted(selection.playbook)).map { (selection, $0) }
        }
    }

    /// What the selected playbooks would risk on the live database, as `fix` will show it; nil without a
    /// live database or when nothing would. A playbook that cannot be read here is left to `fix` to report.
    func hazards(of selections: [VettedSelection]) -> [StatementHazards]? {
        guard let database = correlator.context.database, !selections.isEmpty else { return nil }
        let analyzer = HazardAnalyzer(database: database)
        let hazards = selections.flatMap { (try? analyzer.hazards(of: $0.selection, files: $0.files)) ?? [] }
        return hazards.isEmpty ? nil : hazards
    }

    /// `ids`: the numbers some problems were shown under already, by fingerprint (`watch`); the others are numbered
    /// after them, in order.
    public func diagnosis(groups: [FindingGroup], stats: ScanStats, inputs: [String], ids: [String: String] = [:]) -> Diagnosis {
        let groups = correlator.context.source.map { source in groups.map { Self.withCode($0, from: source) } } ?? groups
        let snapshot = correlator.context.snapshot
        // A stack whose migration history table the database lacks does not migrate it (SQLAlchemy without Alembic).
        let own = groups.map { stacks.stack(of: $0).flatMap { $0.isContradicted(by: snapshot) ? nil : $0 } }
        // Server log lines show no stack: the other problems' lines, else the live database's migration history table.
        let shared = ApplicationStacks.only(own) ?? (own.allSatisfy { $0 == nil } ? stacks.recorded(in: snapshot) : nil)
        // Each problem is checked, and its advice written, on its own: on all cores (a live database serialises its queries).
        var next = ids.values.compactMap { Int($0.dropFirst()) }.max() ?? 0
        let numbers = groups.map { group -> String in
            if let id = ids[group.fingerprint] { return id }
            next += 1
            return "P\(next)"
        }
        var problems = Array(groups.indices).concurrentMap { self.problem(groups[$0], id: numbers[$0], stack: own[$0] ?? shared) }
        Self.linkCauses(&problems)
        Self.linkCauses(&problems, rules: pipeline.catalog.rules)
        var stats = stats
        let reported = Set(groups.map(\.ruleID))
        let aftermath = pipeline.catalog.rules.filter { reported.contains($0.id) }.flatMap { $0.aftermath ?? [] }
        if !aftermath.isEmpty { stats.unrecognisedErrors = stats.unrecognisedErrors?.forgetting(kindsHolding: aftermath) }
        return Diagnosis(
            tool: "logmedic \(LogMedic.version)",
            // Not ISO8601DateFormatter: making one costs milliseconds (ICU), at the end of every report.
            generatedAt: Diagnosis.dateAndTime(time_t(Date().timeIntervalSince1970), separator: "T") + "Z",
            inputs: inputs, stats: stats, schema: schemaOrigin, problems: problems)
    }

    /// A problem whose attributed request failed (5xx) is caused by the problems that request failure is
    /// tied to (`failedRequests`): the frontend error and the database error behind the 500.
    static func linkCauses(_ problems: inout [Diagnosis.Problem]) {
        for index in problems.indices {
            let failed = problems[index].group.precedingRequests.filter { $0.closest > 0 && ($0.status ?? 0) >= 500 }
            guard !failed.isEmpty else { continue }
            let causes = problems.filter { other in
                other.id != problems[index].id
                    && other.group.failedRequests.contains { f in failed.contains { $0.method == f.method && $0.path == f.path } }
            }
            if !causes.isEmpty { problems[index].causedBy = causes.map(\.id) }
        }
    }

    /// A cause logged at most this long before its effect: a client notices a session the server ended at its
    /// next statement.
    static let causeWindow = 30.0

    /// A problem whose rule names the rules that bring it about (`caused_by:`) is caused by the problem of those rules
    /// logged last before each of its occurrences, up to `causeWindow` seconds before (as samples and first and last
    /// occurrence place them): the connection a client lost after the server killed its idle transaction, not the
    /// sessions killed seconds before that (a shutdown ends every session at once).
    static func linkCauses(_ problems: inout [Diagnosis.Problem], rules: [Rule]) {
        linkSessionCauses(&problems)
        let causes = Dictionary(rules.compactMap { rule in rule.causedBy.map { (rule.id, Set($0)) } }) { first, _ in first }
        guard !causes.isEmpty else { return }
        func instants(_ group: FindingGroup) -> [Double] {
            (group.samples.compactMap(\.timestamp) + [group.firstSeen, group.lastSeen].compactMap { $0 }).compactMap(Timestamp.epoch(of:))
        }
        for index in problems.indices {
            guard let kinds = causes[problems[index].group.ruleID] else { continue }
            let candidates = problems.filter { kinds.contains($0.group.ruleID) }.map { ($0.id, instants($0.group)) }
            var found: [String] = []
            for effect in instants(problems[index].group).sorted() {
                var latest: (id: String, at: Double)?
                for (id, times) in candidates {
                    for cause in times where cause <= effect && effect - cause <= causeWindow && cause > (latest?.at ?? -.infinity) {
                        latest = (id, cause)
                    }
                }
                if let latest, !found.contains(latest.id) { found.append(latest.id) }
            }
            problems[index].addCauses(found)
        }
    }

    /// A problem whose server sessions logged another error just before it (`cause: previous_session_error`: a transaction
    /// aborted by its first error) is caused by that error's problem.
    static func linkSessionCauses(_ problems: inout [Diagnosis.Problem]) {
        let ids = Dictionary(problems.map { ($0.group.fingerprint, $0.id) }) { first, _ in first }
        for index in problems.indices {
            problems[index].addCauses((problems[index].group.sessionCauses ?? []).compactMap { ids[$0] }.filter { $0 != problems[index].id })
        }
    }

    /// One group checked against the schema, with its explanation and recommendation.
    public func problem(_ group: FindingGroup, id: String) -> Diagnosis.Problem {
        problem(group, id: id, stack: stacks.stack(of: group))
    }

    /// `stack`: the application stack whose commands its advice names (its own lines', else the report's).
    func problem(_ group: FindingGroup, id: String, stack: ApplicationStack?) -> Diagnosis.Problem {
        let rule = pipeline.catalog.rules.first { $0.id == group.ruleID }
        let correlation = correlator.correlate(group, checkName: rule?.correlate?.check)
        let selections = playbooks(group, correlation)
        var (recommendation, title) = Recommender.advise(
            group, correlation, rule: rule, playbooks: selections.map(\.selection.playbook.id),
            stack: stack)
        recommendation.hazards = hazards(of: selections)
        var group = group
        if let title { group.title = title.text }
        return Diagnosis.Problem(
            id: id, group: group,
            explain: rule?.explain.trimmingWhitespace() ?? "",
            correlation: correlation, recommendation: recommendation,
            titleStates: title.flatMap { $0.states.isEmpty ? nil : $0.states })
    }
}
