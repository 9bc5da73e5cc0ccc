/// Folds a stream of findings into groups by fingerprint: the rule plus its identifying captures,
/// normalised (case, whitespace), so that one problem seen 500 times is one group of 500.
///
/// The result does not depend on the order findings arrive in (the pipeline scans files in parallel):
/// first and last seen are the earliest and latest instants, samples are the earliest occurrences,
/// and ties in the group order are broken by first-seen time, then where the earliest occurrence was logged
/// (file, line), then fingerprint.
public struct FindingGrouper {
    /// How long before an occurrence a request still counts as "just before" it.
    public var requestWindowSeconds: Double = 5
    /// Groups in order of creation; everything else refers to a group by its index here.
    var groups: [FindingGroup] = []
    /// Group numbers by fingerprint bytes (built in reused buffers, no String per finding).
    var index = FingerprintIndex()
    private var keyBuffer: [UInt8] = []
    private var recentGroups = RecentGroups()
    private var scratch = FingerprintScratch()
    var codeCounts: [CappedCounts<CodeFrameKey, Int>] = []
    var requestCounts: [CappedCounts<RequestKey, (occurrences: Int, closest: Int)>] = []
    /// The responses without a clock each group's failures answered (`Finding.answeredLine`): never on the time
    /// line, which cannot place them, so blamed here.
    var answeredRequests: [CappedCounts<RequestKey, (occurrences: Int, status: Int?)>] = []
    var seenEpochs: [(first: Double, last: Double)?] = []
    /// The sort keys of each group's samples, parallel to `samples`, so that a finding that would not be
    /// kept is rejected by one comparison.
    var sampleKeys: [[SampleKey]] = []
    var linkers: [FailureLinker] = []
    /// Each group's latest run of occurrences from one source, not yet in its `sources`: findings come
    /// file by file, and counting a run costs a String comparison instead of a dictionary update.
    var sourceRuns: [(source: String, count: Int)?] = []
    let fingerprintCaptures: [String: [String]]
    /// Each rule's `partial_captures` (see `foldingNarrowerGroups`).
    let partialCaptures: [String: Set<String>]
    /// At most this many groups (and code locations and requests per group, those that sort first) are
    /// kept, so that an endless stream of distinct problems cannot grow memory; the rest is only counted.
    public var maxGroups = 10_000
    static let maxKeysPerGroup = 200
    /// Requests of every input (see `RequestTimeline`): occurrences of `attributedRules` are tied to the
    /// request each came from, and every other problem to the 5xx responses around it.
    public var timeline: RequestTimeline?
    public var attributedRules: Set<String> = []
    /// Failures to reach the database's host and port that a rule reports as another service's (see `DatabaseEndpointClaims`).
    public var databaseClaims: DatabaseEndpointClaims?
    /// Findings that belonged to no kept group because `maxGroups` was reached.
    public internal(set) var overflowFindings = 0

    /// Samples sort by instant, then file, then line.
    struct SampleKey: Comparable {
        var epoch: Double
        var source: String
        var line: Int
        static func < (a: SampleKey, b: SampleKey) -> Bool { (a.epoch, a.source, a.line) < (b.epoch, b.source, b.line) }
    }

    struct CodeFrameKey: Hashable, Comparable {
        var file: String; var line: Int; var function: String?
        static func < (a: Self, b: Self) -> Bool { (a.file, a.line, a.function ?? "") < (b.file, b.line, b.function ?? "") }
    }
    struct RequestKey: Hashable, Comparable {
        var method: String; var path: String
        static func < (a: Self, b: Self) -> Bool { (a.path, a.method) < (b.path, b.method) }
    }

    public init(rules: [Rule]) {
        fingerprintCaptures = Dictionary(uniqueKeysWithValues: rules.compactMap { rule in rule.fingerprint.map { (rule.id, $0) } })
        partialCaptures = Dictionary(uniqueKeysWithValues: rules.compactMap { rule in rule.partialCaptures.map { (rule.id, Set($0)) } })
    }

    public static func normalised(_ value: String) -> String {
        value.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    /// The rule plus its identifying captures, normalised: `rule|name=value|…`, parts sorted.
    public func fingerprint(of finding: Finding) -> String {
        var bytes: [UInt8] = []
        var scratch = FingerprintScratch()
        fingerprint(of: finding, into: &bytes, scratch: &scratch)
        return String(decoding: bytes, as: UTF8.self)
    }

    struct FingerprintScratch {
        var bytes: [UInt8] = []
        var parts: [Range<Int>] = []
        /// Answers of `fingerprintCaptures` by a cheap hash of the rule id: a String's own hashing costs
        /// more than the rest of a fingerprint, and the id is the catalog's String, which `==` matches at once.
        var rules: [(id: String, names: [String]?)?] = []  // 64 slots once used: `add` swaps in an empty scratch
    }

    /// Writes the fingerprint's UTF-8 into `out`. ASCII captures are normalised byte by byte; any other
    /// text takes the String path (Unicode whitespace and case), which gives the same bytes for ASCII.
    func fingerprint(of finding: Finding, into out: inout [UInt8], scratch: inout FingerprintScratch) {
        if !out.isEmpty { out.removeAll(keepingCapacity: true) }
        let ascii = finding.captures.allSatisfy { Self.isASCII($0.value) && Self.isASCII($0.name) }
        let names: [String]?
        let id = finding.ruleID
        let slot = Int(ByteHash.hash(id) & 63)
        if scratch.rules.isEmpty { scratch.rules = Array(repeating: nil, count: 64) }
        if let known = scratch.rules[slot], known.id == id {
            names = known.names
        } else {
            names = fingerprintCaptures[id]
            scratch.rules[slot] = (id, names)
        }
        func identifies(_ capture: Capture) -> Bool {
            if let names { return names.contains(capture.name) }
            // In ASCII, the only characters that are numbers are the digits.
            return ascii ? !capture.value.utf8.allSatisfy { $0 &- 0x30 < 10 } : !capture.value.allSatisfy(\.isNumber)
        }
        guard ascii else {
            let parts = finding.captures.filter(identifies).map { "\($0.name)=\(Self.normalised($0.value))" }.sorted()
            out.append(contentsOf: ([finding.ruleID] + parts).joined(separator: "|").utf8)
            return
        }
        Self.append(id, to: &out)
        // Most findings have one identifying capture: written straight after the id, nothing to sort.
        var identifying = 0
        for capture in finding.captures where identifies(capture) { identifying += 1 }
        if identifying <= 1 {
            if let capture = finding.captures.first(where: identifies) { Self.appendPart(capture, to: &out, separated: true) }
            return
        }
        if !scratch.parts.isEmpty {
            scratch.bytes.removeAll(keepingCapacity: true)
            scratch.parts.removeAll(keepingCapacity: true)
        }
        for capture in finding.captures where identifies(capture) {
            let start = scratch.bytes.count
            Self.appendPart(capture, to: &scratch.bytes, separated: false)
            scratch.parts.append(start..<scratch.bytes.count)
        }
        let bytes = scratch.bytes
        scratch.parts.sort { bytes[$0].lexicographicallyPrecedes(bytes[$1]) }
        for part in scratch.parts {
            out.append(UInt8(ascii: "|"))
            out.append(contentsOf: bytes[part])
        }
    }

    /// `name=value` of an ASCII capture, the value normalised; after a `|` when `separated`.
    private static func appendPart(_ capture: Capture, to out: inout [UInt8], separated: Bool) {
        if separated { out.append(UInt8(ascii: "|")) }
        append(capture.name, to: &out)
        out.append(UInt8(ascii: "="))
        appendNormalisedASCII(capture.value, to: &out)
    }

    /// The UTF-8 of `text`, copied as one block.
    private static func append(_ text: String, to out: inout [UInt8]) {
        text.withUTF8Bytes { out.append(contentsOf: $0) }
    }

    /// Whether every byte is below 0x80 (`ByteChecks`' word-at-a-time test).
    static func isASCII(_ text: String) -> Bool {
        text.withUTF8Bytes { !ByteChecks.scan(UnsafeRawBufferPointer($0)).hasHighBit }
    }

    /// `normalised` for ASCII text: whitespace runs become one space, none at the ends, letters lower case.
    static func appendNormalisedASCII(_ value: String, to out: inout [UInt8]) {
        value.withUTF8Bytes { bytes in
            // Most values (names of relations, columns, constraints) are normal already: copied whole.
            if !bytes.contains(where: { $0 &- 0x41 < 26 || $0 == 0x20 || $0 &- 0x09 < 5 }) {
                out.append(contentsOf: bytes)
                return
            }
            out.reserveCapacity(out.count + bytes.count)
            var pendingSpace = false
            var wrote = false
            for byte in bytes {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { pendingSpace = wrote; continue }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                wrote = true
            }
        }
    }

    /// Adds `finding`; returns its group's number (for `group(_:)`), or nil when it was only counted as overflow or is a
    /// record of logmedic's own session.
    @discardableResult
    public mutating func add(_ finding: Finding) -> Int? {
        // A server record of a session logmedic opened (`--db` of report, watch or fix) is none of the app's failures.
        if finding.event.application == PostgresConnection.applicationName { return nil }
        if let claimed = databaseClaims?.claimed(finding) { return add(claimed) }
        guard let g = group(of: finding) else { overflowFindings += 1; return nil }
        groups[g].records += 1
        let epoch = finding.event.epoch ?? finding.event.timestamp.flatMap(Timestamp.epoch(of:))
        let server = FailureLinker.isServerRecord(finding.event.text)
        linkers[g].record(epoch: epoch, server: server)
        // A server record names no request: only an app's is looked at (a storm of server errors costs nothing).
        if !server, let epoch, let request = RequestNames.builtin?.named(in: finding.event.text) {
            linkers[g].record(NamedRequest(epoch: epoch, method: request.method, path: request.path))
        }
        // The captures shown are the earliest occurrence's (identifying ones are equal in all).
        if recordTime(of: finding.event, captures: finding.captures, group: g)
            || (seenEpochs[g] == nil && Self.precedes(finding.captures, groups[g].captures)) {
            // Without any instant, the captures that sort first: the same whatever order findings arrive in.
            groups[g].captures = finding.captures
        }
        countSource(finding.event.source, group: g)
        keepSample(finding.event, group: g)
        if let frame = finding.frames.last(where: { !$0.isLibrary }) {
            let frameKey = CodeFrameKey(file: frame.file, line: frame.line, function: frame.function)
            codeCounts[g].update(frameKey, initial: 0) { $0 += 1 }
        }
        recordRequests(before: finding, group: g)
        if let line = finding.answeredLine, let response = finding.context.last(where: { $0.line == line }),
           let method = response.capture("method"), let path = response.capture("path") {
            addAnswered(RequestCount(method: method, path: path, occurrences: 1, closest: 0, status: response.capture("status").flatMap { Int($0) }), group: g)
        }
        if let cause = finding.sessionCause { noteSessionCause(cause, of: finding, group: g) }
        return g
    }

    static let maxSessionCauses = 8

    /// The fingerprint of the error the finding's session logged before it, among its group's (a few, sorted).
    private mutating func noteSessionCause(_ cause: SessionCause, of finding: Finding, group g: Int) {
        var error = finding
        (error.ruleID, error.captures, error.sessionCause) = (cause.ruleID, cause.captures, nil)
        addSessionCauses([fingerprint(of: error)], group: g)
        if groups[g].sessionCauseCaptures == nil { groups[g].sessionCauseCaptures = cause.captures }
    }

    mutating func addSessionCauses(_ fingerprints: [String], group g: Int) {
        var causes = groups[g].sessionCauses ?? []
        for key in fingerprints where !causes.contains(key) && causes.count < Self.maxSessionCauses { causes.append(key) }
        groups[g].sessionCauses = causes.isEmpty ? nil : causes.sorted()
    }

    /// The finding's group: a recent one with the very same captures, else the group of its fingerprint,
    /// created if new; nil when it would be one too many.
    private mutating func group(of finding: Finding) -> Int? {
        let recent = recentGroups.lookUp(finding)
        if case .hit(let g) = recent { return g }
        let g = groupByFingerprint(finding)
        if case .miss(let slot) = recent, let g { recentGroups.remember(finding, group: g, slot: slot) }
        return g
    }

    private mutating func groupByFingerprint(_ finding: Finding) -> Int? {
        // The buffers are taken out while `fingerprint` reads self: passing them inout from self would
        // make Swift copy the whole grouper for every finding.
        var key = keyBuffer, fingerprintScratch = scratch
        keyBuffer = []
        scratch = FingerprintScratch()
        fingerprint(of: finding, into: &key, scratch: &fingerprintScratch)
        defer { keyBuffer = key; scratch = fingerprintScratch }
        return index.find(key) ?? newGroup(key, FindingGroup(
            fingerprint: String(decoding: key, as: UTF8.self), ruleID: finding.ruleID, title: finding.title,
            severity: finding.severity, category: finding.category, captures: finding.captures))
    }

    /// Adds `group` with fingerprint `key` and returns its number; nil when `maxGroups` are kept already.
    mutating func newGroup(_ key: [UInt8], _ group: @autoclosure () -> FindingGroup) -> Int? {
        guard groups.count < maxGroups else { return nil }
        index.append(key)
        groups.append(group())
        codeCounts.append(CappedCounts(limit: Self.maxKeysPerGroup))
        requestCounts.append(CappedCounts(limit: Self.maxKeysPerGroup))
        answeredRequests.append(CappedCounts(limit: Self.maxKeysPerGroup))
        seenEpochs.append(nil)
        sampleKeys.append([])
        linkers.append(FailureLinker())
        sourceRuns.append(nil)
        return groups.count - 1
    }

    private mutating func countSource(_ source: String, group g: Int) {
        if let run = sourceRuns[g], run.source == source {
            sourceRuns[g]!.count += 1
            return
        }
        if let run = sourceRuns[g] { groups[g].sources[run.source, default: 0] += run.count }
        sourceRuns[g] = (source, 1)
    }

    /// Earliest and latest by instant; timestamps without a parsable instant only fill a gap.
    /// Returns whether this occurrence is now the earliest one with a known instant.
    private mutating func recordTime(of event: LogEvent, captures: [Capture], group g: Int) -> Bool {
        guard let timestamp = event.timestamp else { return false }
        guard let epoch = event.epoch ?? Timestamp.epoch(of: timestamp) else {
            if groups[g].firstSeen == nil { groups[g].firstSeen = timestamp }
            if seenEpochs[g] == nil { groups[g].lastSeen = timestamp }
            return false
        }
        let seen = seenEpochs[g]
        let earliest = seen.map {
            epoch < $0.first || (epoch == $0.first && Self.precedes((captures, timestamp), (groups[g].captures, groups[g].firstSeen)))
        } ?? true
        if earliest { groups[g].firstSeen = timestamp }
        if seen.map({ Self.isLater((epoch, timestamp), than: ($0.last, groups[g].lastSeen)) }) ?? true { groups[g].lastSeen = timestamp }
        seenEpochs[g] = (min(seen?.first ?? epoch, epoch), max(seen?.last ?? epoch, epoch))
        return earliest
    }

    /// Keeps the `sampleLimit` earliest occurrences (by instant, then file and line), kept sorted.
    private mutating func keepSample(_ e: LogEvent, group g: Int) {
        let key = SampleKey(epoch: e.timestamp.flatMap(Timestamp.epoch(of:)) ?? .infinity, source: e.source, line: e.firstLine)
        guard let at = sampleIndex(for: key, group: g) else { return }  // decided before the sample is built
        keepSample(Sample(source: e.source, firstLine: e.firstLine, lastLine: e.lastLine,
                          timestamp: e.timestamp, service: e.service, text: e.text, user: e.user, database: e.database), key: key, at: at, group: g)
    }

    mutating func keepSample(_ sample: Sample, group g: Int) {
        let key = SampleKey(epoch: sample.timestamp.flatMap(Timestamp.epoch(of:)) ?? .infinity, source: sample.source, line: sample.firstLine)
        guard let at = sampleIndex(for: key, group: g) else { return }
        keepSample(sample, key: key, at: at, group: g)
    }

    /// Where a sample with `key` goes among the group's samples; nil when the group is full of earlier ones.
    private func sampleIndex(for key: SampleKey, group g: Int) -> Int? {
        if sampleKeys[g].count >= FindingGroup.sampleLimit, let last = sampleKeys[g].last, !(key < last) { return nil }
        return sampleKeys[g].firstIndex { key < $0 } ?? sampleKeys[g].count
    }

    private mutating func keepSample(_ sample: Sample, key: SampleKey, at: Int, group g: Int) {
        let full = sampleKeys[g].count >= FindingGroup.sampleLimit
        sampleKeys[g].insert(key, at: at)
        groups[g].samples.insert(sample, at: at)
        if full {
            sampleKeys[g].removeLast()
            groups[g].samples.removeLast()
        }
    }

    private mutating func recordRequests(before finding: Finding, group g: Int) {
        guard !finding.context.isEmpty else { return }
        let requests = finding.context.filter { line in
            guard line.capture("path") != nil else { return false }
            guard let at = finding.event.epoch, let then = line.epoch else { return true }
            return then <= at && at - then <= requestWindowSeconds
        }
        var seen = Set<RequestKey>()
        for (index, line) in requests.enumerated().reversed() {
            let request = RequestKey(method: line.capture("method") ?? "GET", path: line.capture("path")!)
            guard seen.insert(request).inserted else { continue }
            let closest = index == requests.count - 1 ? 1 : 0
            requestCounts[g].update(request, initial: (0, 0)) { $0.occurrences += 1; $0.closest += closest }
        }
    }

    /// The groups, most severe first, then most frequent, then earliest first seen. Groups first seen at the same
    /// instant keep the order they were logged in (the earliest occurrence's file and line): a server's stderr with
    /// `%t` (whole seconds) then numbers them as its csvlog and jsonlog (milliseconds) do.
    public func groupsBySeverity() -> [FindingGroup] {
        if let folded = foldingNarrowerGroups() { return folded.groupsBySeverity() }
        let blamed = blamedResponses(), clock = FailureLinker.appClockOffset(linkers.filter(\.recordsBothKinds).map(\.clockSample))
        return groups.indices.map { g in (seenEpochs[g]?.first ?? .infinity, group(g, blamed: blamed, clock: clock)) }
        .sorted { a, b in
            if a.1.severity != b.1.severity { return a.1.severity > b.1.severity }
            if a.1.count != b.1.count { return a.1.count > b.1.count }
            if a.0 != b.0 { return a.0 < b.0 }
            if let x = a.1.samples.first, let y = b.1.samples.first, (x.source, x.firstLine) != (y.source, y.firstLine) {
                return (x.source, x.firstLine) < (y.source, y.firstLine)
            }
            return a.1.fingerprint < b.1.fingerprint
        }
        .map(\.1)
    }

    /// Group number `g` (from `add`), complete: failures counted once, code locations, preceding requests.
    public func group(_ g: Int) -> FindingGroup { group(g, blamed: blamedResponses()) }

    /// The 5xx responses of the timeline blamed on each group (every group's failures compete for them).
    func blamedResponses() -> [Int: [RequestCount]] {
        guard let timeline else { return [:] }
        // Ranked by fingerprint, not by the order groups were made in (which chunk on which core came first).
        let competing = linkers.indices.filter { groups[$0].severity >= .medium }  // a temp file, a lock wait fail no request
        let ranks = Dictionary(uniqueKeysWithValues: competing.sorted { groups[$0].fingerprint < groups[$1].fingerprint }.enumerated().map { ($1, $0) })
        return RequestLinks.blame(Dictionary(uniqueKeysWithValues: competing.map { g in
            (g, RequestLinks.Failures(epochs: linkers[g].epochs, named: linkers[g].namedRequests, rank: ranks[g]!))
        }), in: timeline)
    }

    func group(_ g: Int, blamed: [Int: [RequestCount]], clock: Int? = nil) -> FindingGroup {
        var group = groups[g]
        if let run = sourceRuns[g] { group.sources[run.source, default: 0] += run.count }
        (group.count, group.linkedFailures) = linkers[g].count()
        if let clock, linkers[g].recordsBothKinds, FailureLinker.pairs(linkers[g].clockSample, shiftingAppBy: Double(clock)) > 0 {
            group.appClockOffset = clock
        }
        group.codeLocations = codeCounts[g].values
            .map { CodeLocation(file: $0.key.file, line: $0.key.line, function: $0.key.function, count: $0.value) }
            .sorted { ($1.count, $0.file, $0.line, $0.function ?? "") < ($0.count, $1.file, $1.line, $1.function ?? "") }
        group.precedingRequests = requestCounts[g].values
            .map { RequestCount(method: $0.key.method, path: $0.key.path, occurrences: $0.value.occurrences, closest: $0.value.closest) }
            .sorted { ($1.occurrences, $1.closest, $0.path, $0.method) < ($0.occurrences, $0.closest, $1.path, $1.method) }
        if let timeline {
            if attributedRules.contains(group.ruleID) {
                let attributed = RequestLinks.attributed(linkers[g].epochs, in: timeline)
                if !attributed.isEmpty { group.precedingRequests = attributed }
            } else {
                group.failedRequests = RequestLinks.adding(answered(g), to: blamed[g] ?? [])
            }
        }
        return group
    }

    mutating func addAnswered(_ request: RequestCount, group g: Int) {
        answeredRequests[g].update(RequestKey(method: request.method, path: request.path), initial: (0, request.status)) {
            $0.occurrences += request.occurrences
        }
    }

    func answered(_ g: Int) -> [RequestCount] {
        answeredRequests[g].values.map { RequestCount(method: $0.key.method, path: $0.key.path, occurrences: $0.value.occurrences, closest: 0, status: $0.value.status) }
    }
}
