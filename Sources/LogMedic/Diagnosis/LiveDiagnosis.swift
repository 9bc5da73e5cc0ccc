import Foundation

/// The diagnosis of a stream that may never end: findings are folded into bounded groups as they
/// arrive, and a watcher asks what is news — a problem seen for the first time (at once), a count
/// that changed (at most once per `updateInterval` per problem), a database verdict that changed
/// after the schema was checked again.
public final class LiveDiagnosis: @unchecked Sendable {
    public enum Change: String, Sendable { case new, count, verdict }

    /// Something to tell the user about one problem.
    public struct Update: Sendable {
        public var change: Change
        public var problem: Diagnosis.Problem
    }

    public let updateInterval: Double
    /// Pass to `ScanPipeline.run` so that problems are tied to the requests of every input.
    public let timeline: RequestTimeline?
    private let lock = NSLock()
    private var diagnoser: Diagnoser
    private var grouper: FindingGrouper
    /// What was last told about each problem: count, verdict, when; and the number it was shown under.
    private var told: [Int: (count: Int, status: Correlation.Status, at: Double, id: String)] = [:]
    private var changed: Set<Int> = []

    public init(diagnoser: Diagnoser, updateInterval: Double = 5, maxGroups: Int = 10_000) {
        self.diagnoser = diagnoser
        self.updateInterval = updateInterval
        grouper = diagnoser.groupingWithRequests()
        timeline = grouper.timeline
        grouper.maxGroups = maxGroups
    }

    /// Adds a finding; a problem seen for the first time is returned to be told at once.
    public func add(_ finding: Finding, now: Double = Date().timeIntervalSince1970) -> Update? {
        lock.lock(); defer { lock.unlock() }
        guard let key = grouper.add(finding) else { return nil }
        guard told[key] == nil else { changed.insert(key); return nil }
        let problem = diagnoser.problem(grouper.group(key), id: "P\(told.count + 1)")
        told[key] = (problem.group.count, problem.correlation.status, now, problem.id)
        return Update(change: .new, problem: problem)
    }

    /// Count changes not told for `updateInterval`, and every verdict change, since the last call.
    public func updates(now: Double = Date().timeIntervalSince1970) -> [Update] {
        lock.lock(); defer { lock.unlock() }
        var out: [Update] = []
        for key in changed.sorted(by: { told[$0]!.at < told[$1]!.at }) {
            guard let last = told[key], now - last.at >= updateInterval else { continue }
            let problem = diagnoser.problem(grouper.group(key), id: last.id)
            changed.remove(key)
            let change: Change = problem.correlation.status != last.status ? .verdict : .count
            // The app's record of a failure the server logged (or the other way round) adds a record, not an occurrence.
            guard change == .verdict || problem.group.count != last.count else { continue }
            told[key] = (problem.group.count, problem.correlation.status, now, last.id)
            out.append(Update(change: change, problem: problem))
        }
        return out
    }

    /// Checks every problem against a newer schema; verdicts that changed are returned at once.
    public func recheck(with next: Diagnoser, now: Double = Date().timeIntervalSince1970) -> [Update] {
        lock.lock(); defer { lock.unlock() }
        diagnoser = next
        var out: [Update] = []
        for (key, last) in told.sorted(by: { $0.value.id < $1.value.id }) {
            let problem = diagnoser.problem(grouper.group(key), id: last.id)
            guard problem.correlation.status != last.status else { continue }
            told[key] = (problem.group.count, problem.correlation.status, now, last.id)
            changed.remove(key)
            out.append(Update(change: .verdict, problem: problem))
        }
        return out
    }

    /// How many problems have been seen (bounded by `maxGroups`).
    public var problemCount: Int {
        lock.lock(); defer { lock.unlock() }
        return told.count
    }

    /// The full diagnosis of everything seen so far, each problem under the number it was shown under.
    public func diagnosis(stats: ScanStats, inputs: [String]) -> Diagnosis {
        lock.lock(); defer { lock.unlock() }
        let ids = Dictionary(told.map { (grouper.groups[$0.key].fingerprint, $0.value.id) }) { first, _ in first }
        var result = diagnoser.diagnosis(groups: grouper.groupsBySeverity(), stats: stats, inputs: inputs, ids: ids)
        if grouper.overflowFindings > 0 { result.ungroupedFindings = grouper.overflowFindings }
        return result
    }
}
