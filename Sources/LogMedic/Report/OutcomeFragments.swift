/// The scrubbed JSON of a finding's captures, matched text and event text, remembered by the identity of
/// those values. The scanner hands out a repeated message's remembered outcome again (`EventOutcomeMemo`):
/// the very same text, matched text and captures, whose scrubbing and escaping depend on their bytes
/// alone. Each entry holds its values, so their identities stay theirs.
///
/// In sets by the event text's identity (`MemoSets`); paused while it seldom hits (`MemoGate`), as in
/// a storm of distinct messages, where recording the fragments would be work for nothing.
struct OutcomeFragments {
    enum Use {
        /// Written from the remembered fragments of this slot.
        case hit(Int)
        /// Written as usual, the fragments recorded into this slot.
        case miss(Int)
        case off
    }

    enum Part { case captures, matched, text }

    private struct Key: Equatable {
        let text: String.Identity, matched: String.Identity
        let captures: ArrayIdentity

        init(_ f: Finding) {
            text = f.event.text.identity
            matched = f.matched.identity
            captures = ArrayIdentity(f.captures)
        }
    }

    private struct Entry {
        var key: Key?
        var held: (text: String, matched: String, captures: [Capture]) = ("", "", [])
        /// Whether the event text holds no secret literal (`FindingScrub`).
        var clean = false
        var captures: [UInt8] = []
        var matched: [UInt8] = []
        var text: [UInt8] = []
    }

    static let slots = 256
    private var entries: [Entry] = []
    private var sets = MemoSets(slots: slots)
    private var gate = MemoGate()

    mutating func use(for f: Finding) -> Use {
        guard gate.isOpen() else { return .off }
        if entries.isEmpty { entries = Array(repeating: Entry(), count: Self.slots) }
        let key = Key(f)
        let (slot, hit) = sets.slot(for: String.hash(of: key.text)) { entries[$0].key == key }
        gate.record(hit: hit)
        return hit ? .hit(slot) : .miss(slot)
    }

    func isClean(_ slot: Int) -> Bool { entries[slot].clean }

    func withFragment(_ part: Part, slot: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        switch part {
        case .captures: entries[slot].captures.withUnsafeBytes(body)
        case .matched: entries[slot].matched.withUnsafeBytes(body)
        case .text: entries[slot].text.withUnsafeBytes(body)
        }
    }

    /// Makes `slot` `f`'s, whose fragments the writer then records as it writes them: all three, before
    /// the next finding looks the memo up.
    mutating func record(_ f: Finding, slot: Int, clean: Bool) {
        entries[slot].key = Key(f)
        entries[slot].held = (f.event.text, f.matched, f.captures)
        entries[slot].clean = clean
    }

    mutating func record(_ part: Part, _ bytes: UnsafeBufferPointer<UInt8>, slot: Int) {
        switch part {
        case .captures: entries[slot].captures.replaceSubrange(0..., with: bytes)
        case .matched: entries[slot].matched.replaceSubrange(0..., with: bytes)
        case .text: entries[slot].text.replaceSubrange(0..., with: bytes)
        }
    }
}
