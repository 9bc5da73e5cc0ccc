/// The groups of recent findings by the identity of their captures: the scanner hands a repeated
/// message's remembered captures out again (`EventOutcomeMemo`), so a finding whose captures are the
/// very array an earlier finding of the same rule had belongs to that finding's group, found without
/// building and looking up its fingerprint.
///
/// Each remembered array is held here, so its storage cannot be freed and reused for other captures
/// while it is remembered; an array is never changed in place while another reference holds it.
/// Direct-mapped by the storage's address, like the other memos.
struct RecentGroups {
    static let slots = 256
    private var entries: [(ruleID: String, captures: [Capture], group: Int)?] = []

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
        if entries.isEmpty { entries = Array(repeating: nil, count: Self.slots) }
        let slot = Self.slot(of: finding.captures)
        guard let entry = entries[slot], entry.captures.count == finding.captures.count,
              Self.address(of: entry.captures) == Self.address(of: finding.captures), entry.ruleID == finding.ruleID
        else { gate.record(hit: false); return .miss(slot: slot) }
        gate.record(hit: true)
        return .hit(group: entry.group)
    }

    mutating func remember(_ finding: Finding, group: Int, slot: Int) {
        entries[slot] = (finding.ruleID, finding.captures, group)
    }

    /// The address's bits mixed (Fibonacci hashing): arrays allocated one after another differ in few bits.
    private static func slot(of captures: [Capture]) -> Int {
        Int(truncatingIfNeeded: (UInt64(UInt(bitPattern: address(of: captures))) &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    /// Where the array's elements are: the same for every copy of one array, different for a live other.
    private static func address(of captures: [Capture]) -> UnsafeRawPointer? {
        captures.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }
}
