/// Switches a memo off while it does not pay: when fewer than one lookup in `minimumHitShare` of a
/// window hit, the next `pauseWindows` windows go without it (no hashing, nothing stored), then it is
/// tried again for one window. Logs change character (a storm of one message starts, or ends), so
/// the memo is never off for good.
struct MemoGate {
    static let window = 1024
    static let minimumHitShare = 32
    static let pauseWindows = 16
    private var lookups = 0
    private var hits = 0
    private var paused = 0

    /// Whether to look this one up.
    @inline(__always)
    mutating func isOpen() -> Bool {
        guard paused > 0 else { return true }
        paused -= 1
        return false
    }

    @inline(__always)
    mutating func record(hit: Bool) {
        lookups += 1
        if hit { hits += 1 }
        guard lookups == Self.window else { return }
        if hits * Self.minimumHitShare < lookups { paused = Self.window * Self.pauseWindows }
        lookups = 0
        hits = 0
    }
}
