/// The groups of recent findings by the identity of their captures' Strings: a finding of the same rule
/// whose capture names and values have the very words (`String.Identity`) an earlier finding's had holds
/// the same bytes, so it belongs to that finding's group, found without building and looking up its
/// fingerprint. That covers a repeated message's remembered captures (`EventOutcomeMemo` hands the same
/// array out again) and short values, which are inline in their words, in messages that never repeat.
///
/// Each remembered array is held here, so the storage of its Strings cannot be freed and reused for
/// other text while it is remembered. Direct-mapped by a hash of the identities, like the other memos.
struct RecentGroups {
    static let slotBits = 10
    static let slots = 1 << slotBits
    /// The rule, in plain words (reading it takes no retain), and the group; the captures are in `held`,
    /// same slot.
    private struct Entry {
        var ruleID: String.Identity
        var group: Int
    }
    private var entries: [Entry?] = []
    private var held: [[Capture]] = []

    /// Off while findings do not repeat (`MemoGate`): remembering a group costs a retain and a release.
    private var gate = MemoGate()

    enum Lookup {
        case hit(group: Int)
        /// Not remembered: the group found otherwise may be remembered in this slot.
        case miss(slot: Int)
        case off
    }

    mutating func lookUp(_ finding: Finding) -> Lookup {
        guard gate.isOpen() else { return .off }
        if entries.isEmpty {
            entries = Array(repeating: nil, count: Self.slots)
            held = Array(repeating: [], count: Self.slots)
        }
        let slot = Self.slot(of: finding)
        guard let entry = entries[slot], entry.ruleID == finding.ruleID.identity, Self.sameWords(held[slot], finding.captures)
        else { gate.record(hit: false); return .miss(slot: slot) }
        gate.record(hit: true)
        return .hit(group: entry.group)
    }

    mutating func remember(_ finding: Finding, group: Int, slot: Int) {
        held[slot] = finding.captures
        entries[slot] = Entry(ruleID: finding.ruleID.identity, group: group)
    }

    private static func slot(of finding: Finding) -> Int {
        let id = finding.ruleID.identity
        var h = id.high ^ id.low
        for capture in finding.captures {
            let value = capture.value.identity
            h = (h ^ value.high ^ value.low) &* 0x9E37_79B9_7F4A_7C15
        }
        return Int(truncatingIfNeeded: h >> UInt64(64 - Self.slotBits))
    }

    private static func sameWords(_ held: [Capture], _ captures: [Capture]) -> Bool {
        held.withUnsafeBufferPointer { a in
            captures.withUnsafeBufferPointer { b in
                guard a.count == b.count else { return false }
                if a.baseAddress == b.baseAddress { return true }
                for i in a.indices where a[i].name.identity != b[i].name.identity || a[i].value.identity != b[i].value.identity {
                    return false
                }
                return true
            }
        }
    }
}
