/// Folds a stream of findings into groups by fingerprint: the rule plus its identifying captures,
/// normalised (case, whitespace), so that one problem seen 500 times is one group of 500.
///
/// The result does not depend on the order findings arrive in (the pipeline scans files in parallel):
/// first and last seen are the earliest and latest instants, samples are the earliest occurrences,
/// and ties in the group order are broken by first-seen time, then fingerprint.
public struct FindingGrouper {
    /// How long before an occurrence a request still counts as "just before" it.
    public var requestWindowSeconds: Double = 5
    private var groups: [String: FindingGroup] = [:]
    private var order: [String] = []
    private var codeCounts: [String: [CodeFrameKey: Int]] = [:]
    private var requestCounts: [String: [RequestKey: (occurrences: Int, closest: Int)]] = [:]
    private var seenEpochs: [String: (first: Double, last: Double)] = [:]
    private var linkers: [String: FailureLinker] = [:]
    private let fingerprintCaptures: [String: [String]]
    /// At most this many groups (and code locations and requests per group) are kept, so that an
    /// endless stream of distinct problems cannot grow memory; the rest is only counted.
    public var maxGroups = 10_000
    static let maxKeysPerGroup = 200
    /// Findings that belonged to no kept group because `maxGroups` was reached.
    public private(set) var overflowFindings = 0

    struct CodeFrameKey: Hashable { var file: String; var line: Int; var function: String? }
    struct RequestKey: Hashable { var method: String; var path: String }

    public init(rules: [Rule]) {
        fingerprintCaptures = Dictionary(uniqueKeysWithValues: rules.compactMap { rule in rule.fingerprint.map { (rule.id, $0) } })
    }

    public static func normalised(_ value: String) -> String {
        value.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    public func fingerprint(of finding: Finding) -> String {
        let names = fingerprintCaptures[finding.ruleID]
        let parts = finding.captures
            .filter { capture in names.map { $0.contains(capture.name) } ?? !capture.value.allSatisfy(\.isNumber) }
            .map { "\($0.name)=\(Self.normalised($0.value))" }
            .sorted()
        return ([finding.ruleID] + parts).joined(separator: "|")
    }

    /// Adds `finding`; returns its group's fingerprint, or nil when it was only counted as overflow.
    @discardableResult
    public mutating func add(_ finding: Finding) -> String? {
        let key = fingerprint(of: finding)
        if groups[key] == nil, groups.count >= maxGroups {
            overflowFindings += 1
            return nil
        }
        var group = groups[key] ?? FindingGroup(
            fingerprint: key, ruleID: finding.ruleID, title: finding.title, severity: finding.severity,
            category: finding.category, captures: finding.captures)
        if groups[key] == nil { order.append(key) }
        group.records += 1
        linkers[key, default: FailureLinker()].record(
            epoch: finding.event.epoch ?? finding.event.timestamp.flatMap(Timestamp.epoch(of:)),
            server: FailureLinker.isServerRecord(finding.event.text))
        // The captures shown are the earliest occurrence's (identifying ones are equal in all).
        if recordTime(of: finding.event, in: &group, key: key) { group.captures = finding.captures }
        group.sources[finding.event.source, default: 0] += 1
        keepSample(finding.event, in: &group)
        if let frame = finding.frames.last(where: { !$0.isLibrary }) {
            let frameKey = CodeFrameKey(file: frame.file, line: frame.line, function: frame.function)
            if codeCounts[key]?[frameKey] != nil || codeCounts[key, default: [:]].count < Self.maxKeysPerGroup {
                codeCounts[key, default: [:]][frameKey, default: 0] += 1
            }
        }
        recordRequests(before: finding, key: key)
        groups[key] = group
        return key
    }

    /// Earliest and latest by instant; timestamps without a parsable instant only fill a gap.
    /// Returns whether this occurrence is now the earliest one with a known instant.
    private mutating func recordTime(of event: LogEvent, in group: inout FindingGroup, key: String) -> Bool {
        guard let timestamp = event.timestamp else { return false }
        guard let epoch = event.epoch ?? Timestamp.epoch(of: timestamp) else {
            if group.firstSeen == nil { group.firstSeen = timestamp }
            if seenEpochs[key] == nil { group.lastSeen = timestamp }
            return false
        }
        let seen = seenEpochs[key]
        let earliest = seen.map { epoch < $0.first } ?? true
        if earliest { group.firstSeen = timestamp }
        if seen.map({ epoch > $0.last }) ?? true { group.lastSeen = timestamp }
        seenEpochs[key] = (min(seen?.first ?? epoch, epoch), max(seen?.last ?? epoch, epoch))
        return earliest
    }

    /// Keeps the `sampleLimit` earliest occurrences (by instant, then file and line).
    private func keepSample(_ e: LogEvent, in group: inout FindingGroup) {
        let sample = Sample(source: e.source, firstLine: e.firstLine, lastLine: e.lastLine,
                            timestamp: e.timestamp, service: e.service, text: e.text)
        group.samples.append(sample)
        guard group.samples.count > FindingGroup.sampleLimit else { return }
        group.samples.sort { Self.sampleOrder($0) < Self.sampleOrder($1) }
        group.samples.removeLast()
    }

    static func sampleOrder(_ s: Sample) -> (Double, String, Int) {
        (s.timestamp.flatMap(Timestamp.epoch(of:)) ?? .infinity, s.source, s.firstLine)
    }

    private mutating func recordRequests(before finding: Finding, key: String) {
        let requests = finding.context.filter { line in
            guard line.capture("path") != nil else { return false }
            guard let at = finding.event.epoch, let then = line.epoch else { return true }
            return then <= at && at - then <= requestWindowSeconds
        }
        var seen = Set<RequestKey>()
        for (index, line) in requests.enumerated().reversed() {
            let request = RequestKey(method: line.capture("method") ?? "GET", path: line.capture("path")!)
            guard seen.insert(request).inserted else { continue }
            if requestCounts[key]?[request] == nil, requestCounts[key, default: [:]].count >= Self.maxKeysPerGroup { continue }
            var counts = requestCounts[key, default: [:]][request] ?? (0, 0)
            counts.occurrences += 1
            if index == requests.count - 1 { counts.closest += 1 }
            requestCounts[key, default: [:]][request] = counts
        }
    }

    /// The groups, most severe first, then most frequent, then earliest first seen.
    public func groupsBySeverity() -> [FindingGroup] {
        order.map { key in (seenEpochs[key]?.first ?? .infinity, group(key)!) }
        .sorted { a, b in
            if a.1.severity != b.1.severity { return a.1.severity > b.1.severity }
            if a.1.count != b.1.count { return a.1.count > b.1.count }
            if a.0 != b.0 { return a.0 < b.0 }
            return a.1.fingerprint < b.1.fingerprint
        }
        .map(\.1)
    }

    /// The group with this fingerprint, complete with code locations and preceding requests.
    public func group(_ key: String) -> FindingGroup? {
        guard var group = groups[key] else { return nil }
        (group.count, group.linkedFailures) = linkers[key]?.count() ?? (group.records, 0)
        group.codeLocations = (codeCounts[key] ?? [:])
            .map { CodeLocation(file: $0.key.file, line: $0.key.line, function: $0.key.function, count: $0.value) }
            .sorted { ($1.count, $0.file, $0.line) < ($0.count, $1.file, $1.line) }
        group.precedingRequests = (requestCounts[key] ?? [:])
            .map { RequestCount(method: $0.key.method, path: $0.key.path, occurrences: $0.value.occurrences, closest: $0.value.closest) }
            .sorted { ($1.occurrences, $1.closest, $0.path, $0.method) < ($0.occurrences, $0.closest, $1.path, $1.method) }
        group.samples.sort { Self.sampleOrder($0) < Self.sampleOrder($1) }
        return group
    }
}
