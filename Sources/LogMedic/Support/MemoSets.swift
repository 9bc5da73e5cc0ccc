/// Where a memo of `slots` entries keeps a key: in one of the `ways` entries of the set its hash picks,
/// the one used least recently giving way to a new key. A direct-mapped memo loses both keys of a
/// colliding pair each time a storm alternates them: 36 messages repeating in 256 slots missed one
/// lookup in twelve; with two ways, one storm in three still has three messages in one set.
struct MemoSets {
    static let ways = 4
    /// When each entry was last used, by `clock`.
    private var used: [UInt64]
    private var clock: UInt64 = 0

    init(slots: Int) {
        precondition(slots >= Self.ways && slots % Self.ways == 0, "whole sets")
        used = Array(repeating: 0, count: slots)
    }

    /// The entry holding the key `holds` recognises (a hit), else the one to replace; either way the
    /// most recently used of its set from now on.
    @inline(__always)
    mutating func slot(for hash: UInt64, holds: (Int) -> Bool) -> (slot: Int, hit: Bool) {
        let first = Int(hash % UInt64(used.count / Self.ways)) * Self.ways
        clock += 1
        var oldest = first
        for slot in first..<(first + Self.ways) {
            if holds(slot) {
                used[slot] = clock
                return (slot, true)
            }
            if used[slot] < used[oldest] { oldest = slot }
        }
        used[oldest] = clock
        return (oldest, false)
    }
}
