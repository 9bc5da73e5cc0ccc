/// One failure logged by the app and by the server lands in two groups when the server's record says more: PostgreSQL's
/// CONTEXT names the relation a lock timeout waited on, the driver's exception does not (and the server's own record
/// holds it or not, by timing). A group whose identifying captures are those of exactly one group of the same rule with
/// server records less some of the rule's `partial_captures`, and whose occurrences all lie within that group's first
/// and last (give or take `FailureLinker.window`), is folded into it: its records pair with the server's there, and the
/// problem is named by what the server said. Occurrences outside that span (fifty slow reports beside one timeout on a
/// locked row) are other failures, and their group stays; so are groups a capture of another kind sets apart
/// (`numeric field overflow` beside `integer out of range`).
extension FindingGrouper {
    /// The groups with such narrower groups folded in; nil when there is none.
    func foldingNarrowerGroups() -> FindingGrouper? {
        guard !partialCaptures.isEmpty else { return nil }
        let candidates = groups.indices.filter { partialCaptures[groups[$0].ruleID] != nil }
        guard candidates.count > 1 else { return nil }
        let keys = Dictionary(uniqueKeysWithValues: candidates.map { ($0, Self.fingerprintParts(groups[$0].fingerprint)) })
        let serverGroupsByRule = Dictionary(grouping: candidates.filter { linkers[$0].hasServerRecords }) { groups[$0].ruleID }
        var targets: [Int: Int] = [:]
        for n in candidates {
            let partial = partialCaptures[groups[n].ruleID] ?? []
            let wider = (serverGroupsByRule[groups[n].ruleID] ?? []).filter { w in
                keys[n]!.isStrictSubset(of: keys[w]!)
                    && keys[w]!.subtracting(keys[n]!).allSatisfy { partial.contains(String($0.prefix { $0 != "=" })) }
            }
            guard wider.count == 1, let w = wider.first, let narrow = seenEpochs[n], let wide = seenEpochs[w],
                  narrow.first >= wide.first - FailureLinker.window, narrow.last <= wide.last + FailureLinker.window else { continue }
            targets[n] = w
        }
        guard !targets.isEmpty else { return nil }
        let parts = partials()
        var folded = FindingGrouper(fingerprintCaptures: fingerprintCaptures, partialCaptures: partialCaptures)
        folded.requestWindowSeconds = requestWindowSeconds
        folded.maxGroups = maxGroups
        folded.timeline = timeline
        folded.attributedRules = attributedRules
        folded.overflowFindings = overflowFindings
        for (i, var partial) in parts.enumerated() {
            if let s = targets[i] {
                partial.group.fingerprint = parts[s].group.fingerprint
                partial.group.captures = parts[s].group.captures
            }
            folded.merge(partial)
        }
        return folded
    }

    init(fingerprintCaptures: [String: [String]], partialCaptures: [String: Set<String>]) {
        self.fingerprintCaptures = fingerprintCaptures
        self.partialCaptures = partialCaptures
    }

    /// The `name=value` parts of a fingerprint (`rule|name=value|…`).
    private static func fingerprintParts(_ fingerprint: String) -> Set<Substring> {
        Set(fingerprint.split(separator: "|", omittingEmptySubsequences: false).dropFirst())
    }
}
