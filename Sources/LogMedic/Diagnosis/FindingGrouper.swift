/// Folds a stream of findings into groups by fingerprint: the rule plus its identifying captures,
/// normalised (case, whitespace), so that one problem seen 500 times is one group of 500.
public struct FindingGrouper {
    /// How long before an occurrence a request still counts as "just before" it.
    public var requestWindowSeconds: Double = 5
    private var groups: [String: FindingGroup] = [:]
    private var order: [String] = []
    private var codeCounts: [String: [CodeFrameKey: Int]] = [:]
    private var requestCounts: [String: [RequestKey: (occurrences: Int, closest: Int)]] = [:]
    private let fingerprintCaptures: [String: [String]]

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

    public mutating func add(_ finding: Finding) {
        let key = fingerprint(of: finding)
        var group = groups[key] ?? FindingGroup(
            fingerprint: key, ruleID: finding.ruleID, title: finding.title, severity: finding.severity,
            category: finding.category, captures: finding.captures)
        if groups[key] == nil { order.append(key) }
        group.count += 1
        if let timestamp = finding.event.timestamp {
            if group.firstSeen == nil { group.firstSeen = timestamp }
            group.lastSeen = timestamp
        }
        group.sources[finding.event.source, default: 0] += 1
        if group.samples.count < FindingGroup.sampleLimit {
            let e = finding.event
            group.samples.append(Sample(source: e.source, firstLine: e.firstLine, lastLine: e.lastLine,
                                        timestamp: e.timestamp, service: e.service, text: e.text))
        }
        if let frame = finding.frames.last(where: { !$0.isLibrary }) {
            codeCounts[key, default: [:]][CodeFrameKey(file: frame.file, line: frame.line, function: frame.function), default: 0] += 1
        }
        recordRequests(before: finding, key: key)
        groups[key] = group
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
            var counts = requestCounts[key, default: [:]][request] ?? (0, 0)
            counts.occurrences += 1
            if index == requests.count - 1 { counts.closest += 1 }
            requestCounts[key, default: [:]][request] = counts
        }
    }

    /// The groups, most severe first, then most frequent, then first seen.
    public func groupsBySeverity() -> [FindingGroup] {
        order.enumerated().map { index, key -> (Int, FindingGroup) in
            var group = groups[key]!
            group.codeLocations = (codeCounts[key] ?? [:])
                .map { CodeLocation(file: $0.key.file, line: $0.key.line, function: $0.key.function, count: $0.value) }
                .sorted { ($1.count, $0.file, $0.line) < ($0.count, $1.file, $1.line) }
            group.precedingRequests = (requestCounts[key] ?? [:])
                .map { RequestCount(method: $0.key.method, path: $0.key.path, occurrences: $0.value.occurrences, closest: $0.value.closest) }
                .sorted { ($1.occurrences, $1.closest, $0.path) < ($0.occurrences, $0.closest, $1.path) }
            return (index, group)
        }
        .sorted { a, b in
            if a.1.severity != b.1.severity { return a.1.severity > b.1.severity }
            if a.1.count != b.1.count { return a.1.count > b.1.count }
            return a.0 < b.0
        }
        .map(\.1)
    }
}
