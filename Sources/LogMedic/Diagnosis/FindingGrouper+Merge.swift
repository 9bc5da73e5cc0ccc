/// One problem group as one shard of the input saw it: the compact, mergeable form of a
/// `FindingGrouper`'s state (`scan --format groups`, `report --findings`).
public struct PartialGroup: Sendable, Codable, Equatable {
    /// The group with its code locations and preceding requests filled in.
    public var group: FindingGroup
    /// The earliest and latest parsable instants of its occurrences (epoch seconds).
    public var firstEpoch: Double?
    public var lastEpoch: Double?
    /// The instants of its app and server records, so that one failure logged by both is counted once
    /// even when the two records were scanned in different shards.
    var linker: FailureLinker.State
    /// The responses without a clock its failures answered (`Finding.answeredLine`), which no time line holds.
    var answered: [RequestCount]? = nil
}

/// Merging is associative and commutative, so shards of the input may be grouped anywhere, in any
/// order, and folded together into the same groups as one pass over everything: counts add (failures
/// logged by both app and server pair across shards), first and
/// last seen take the earliest and latest instant (equal instants: the captures that sort first), the
/// samples kept are the earliest of both, code locations and requests add up (past the per-group bound,
/// those that sort first are kept: see `CappedCounts`).
extension FindingGrouper {
    /// The state of every group, in creation order.
    public func partials() -> [PartialGroup] {
        let blamed = blamedResponses()  // once: every group's failures compete for the same responses
        return groups.indices.map { g in
            let answered = answered(g)
            return PartialGroup(group: group(g, blamed: blamed), firstEpoch: seenEpochs[g]?.first, lastEpoch: seenEpochs[g]?.last,
                                linker: linkers[g].state, answered: answered.isEmpty ? nil : answered)
        }
    }

    /// Folds in `other`'s groups; `lineOffset` is added to its samples' line numbers (a chunk of a file
    /// scanned on its own counts lines from its own start).
    public mutating func merge(_ other: FindingGrouper, lineOffset: Int = 0) {
        for partial in other.partials() { merge(partial, lineOffset: lineOffset) }
    }

    public mutating func merge(_ partial: PartialGroup, lineOffset: Int = 0) {
        let incoming = partial.group
        let key = Array(incoming.fingerprint.utf8)
        guard let g = index.find(key) ?? newGroup(key, {
            var empty = incoming
            empty.count = 0
            empty.records = 0
            empty.linkedFailures = 0
            empty.firstSeen = nil; empty.lastSeen = nil
            empty.samples = []; empty.sources = [:]
            empty.codeLocations = []; empty.precedingRequests = []; empty.failedRequests = []
            return empty
        }()) else { overflowFindings += incoming.records; return }
        groups[g].records += incoming.records
        linkers[g].merge(partial.linker)
        mergeTimes(partial, group: g)
        groups[g].sources.merge(incoming.sources, uniquingKeysWith: +)
        addSessionCauses(incoming.sessionCauses ?? [], group: g)
        if groups[g].sessionCauseCaptures == nil { groups[g].sessionCauseCaptures = incoming.sessionCauseCaptures }
        for var sample in incoming.samples {
            sample.firstLine += lineOffset
            sample.lastLine += lineOffset
            keepSample(sample, group: g)
        }
        // Bounded as in `add`: beyond `maxKeysPerGroup` distinct locations or requests, those that sort first.
        for location in incoming.codeLocations {
            let key = CodeFrameKey(file: location.file, line: location.line, function: location.function)
            codeCounts[g].update(key, initial: 0) { $0 += location.count }
        }
        for request in partial.answered ?? [] { addAnswered(request, group: g) }
        for request in incoming.precedingRequests {
            requestCounts[g].update(RequestKey(method: request.method, path: request.path), initial: (0, 0)) {
                $0 = ($0.occurrences + request.occurrences, $0.closest + request.closest)
            }
        }
    }

    private mutating func mergeTimes(_ partial: PartialGroup, group g: Int) {
        let incoming = partial.group
        guard let first = partial.firstEpoch, let last = partial.lastEpoch else {
            // Only unparsable timestamps on that side: they fill gaps, as in `add`.
            if groups[g].firstSeen == nil { groups[g].firstSeen = incoming.firstSeen }
            if seenEpochs[g] == nil, let lastSeen = incoming.lastSeen { groups[g].lastSeen = lastSeen }
            if seenEpochs[g] == nil, Self.precedes(incoming.captures, groups[g].captures) { groups[g].captures = incoming.captures }
            return
        }
        guard let seen = seenEpochs[g] else {
            seenEpochs[g] = (first, last)
            groups[g].firstSeen = incoming.firstSeen
            groups[g].lastSeen = incoming.lastSeen
            groups[g].captures = incoming.captures
            return
        }
        if first < seen.first
            || (first == seen.first && Self.precedes((incoming.captures, incoming.firstSeen), (groups[g].captures, groups[g].firstSeen))) {
            groups[g].firstSeen = incoming.firstSeen
            groups[g].captures = incoming.captures
        }
        if Self.isLater((last, incoming.lastSeen), than: (seen.last, groups[g].lastSeen)) { groups[g].lastSeen = incoming.lastSeen }
        seenEpochs[g] = (min(seen.first, first), max(seen.last, last))
    }

    /// Whether an occurrence is later than the latest so far: by instant, then by its time's text (the same
    /// instant may be written two ways), so that the latest is the same in any arrival order and split.
    static func isLater(_ a: (epoch: Double, time: String?), than b: (epoch: Double, time: String?)) -> Bool {
        a.epoch > b.epoch || (a.epoch == b.epoch && (a.time ?? "") > (b.time ?? ""))
    }

    /// A fixed order on occurrences at the same instant: by their captures, then by their time's text (the
    /// same instant may be written two ways), so that the earliest is the same in any arrival order and split.
    static func precedes(_ a: (captures: [Capture], time: String?), _ b: (captures: [Capture], time: String?)) -> Bool {
        precedes(a.captures, b.captures) || (!precedes(b.captures, a.captures) && (a.time ?? "") < (b.time ?? ""))
    }

    /// A fixed order on capture lists, for occurrences at the same instant.
    static func precedes(_ a: [Capture], _ b: [Capture]) -> Bool {
        // One array (the scanner hands a remembered one out again) does not precede itself.
        let same = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.count == y.count && x.baseAddress == y.baseAddress } }
        if same { return false }
        return a.lexicographicallyPrecedes(b) { ($0.name, $0.value) < ($1.name, $1.value) }
    }
}
