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
        if let slot = hit(for: hash, holds: holds) { return (slot, true) }
        return (replaced(for: hash), false)
    }

    /// The entry of `hash`'s set holding the key `holds` recognises, now the most recently used of its set.
    @inline(__always)
    mutating func hit(for hash: UInt64, holds: (Int) -> Bool) -> Int? {
        let first = self.first(for: hash)
        clock += 1
        for slot in first..<(first + Self.ways) where holds(slot) {
            used[slot] = clock
            return slot
        }
        return nil
    }

    /// The entry of `hash`'s set used least recently, to be replaced: now the most recently used.
    @inline(__always)
    mutating func replaced(for hash: UInt64) -> Int {
        let oldest = leastRecentlyUsed(for: hash)
        clock += 1
        used[oldest] = clock
        return oldest
    }

    /// The entry of `hash`'s set used least recently: the one `replaced` would give.
    @inline(__always)
    func leastRecentlyUsed(for hash: UInt64) -> Int {
        let first = self.first(for: hash)
        var oldest = first
        for slot in (first + 1)..<(first + Self.ways) where used[slot] < used[oldest] { oldest = slot }
        return oldest
    }

    @inline(__always)
    private func first(for hash: UInt64) -> Int { Int(hash % UInt64(used.count / Self.ways)) * Self.ways }
}
