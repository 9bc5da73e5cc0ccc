import Foundation

/// What the rules made of recently finished event texts. In a failure storm one message comes back
/// again and again (the table that was never migrated, the same ORM statement with bound parameters, the
/// same traceback): a remembered text costs a word-at-a-time hash and a byte comparison instead of the
/// prefilter pass, the patterns, a String and a frame parse.
///
/// Matching depends on the text alone, so a remembered outcome is what matching again would give, rule
/// failures included (PCRE2's limits count steps, not time). A text's hash picks a set of a few of
/// `slots` entries (`MemoSets`), and a new text replaces the one of the set used least recently, reusing
/// its storage. Bounded: texts up to `maxTextBytes` only, so a scanner's memo holds at most `slots` × 8 KiB of
/// text and its outcome.
/// Paused while it seldom hits (`MemoGate`).
struct EventOutcomeMemo {
    struct Outcome {
        fileprivate var isKnown = false
        var text = ""
        var matches: [RuleMatch] = []
        var failures: [RuleFailure] = []
        /// Parsed only when some rule matched.
        var frames: [CodeFrame] = []
        /// The text each match covers, built the first time a finding shows it (empty until then).
        var matchedTexts: [String] = []
    }

    static let maxTextBytes = 8192
    static let slots = 256
    private var entries: [Outcome] = []
    private var sets = MemoSets(slots: slots)
    /// The outcome of the latest text not remembered: too long, or the memo is paused.
    private var unremembered = Outcome()
    /// Off while texts do not repeat (a storm of distinct messages): a miss costs a hash of every byte.
    private var gate = MemoGate()

    /// Calls `body` with the outcome for `text`: the remembered one, or one that `evaluate` fills in
    /// (its text set, everything else empty) and that is remembered.
    mutating func withOutcome<R>(
        of text: UnsafeRawBufferPointer, evaluate: (inout Outcome) -> Void, _ body: (inout Outcome) -> R
    ) -> R {
        guard text.count <= Self.maxTextBytes, gate.isOpen() else {
            Self.refill(&unremembered, text, remembered: false, evaluate)
            return body(&unremembered)
        }
        if entries.isEmpty { entries = Array(repeating: Outcome(), count: Self.slots) }
        let (slot, hit) = sets.slot(for: ByteHash.hash(text)) { entries[$0].isKnown && entries[$0].text.hasBytes(text) }
        gate.record(hit: hit)
        if !hit { Self.refill(&entries[slot], text, remembered: true, evaluate) }
        return body(&entries[slot])
    }

    private static func refill(
        _ outcome: inout Outcome, _ text: UnsafeRawBufferPointer, remembered: Bool, _ evaluate: (inout Outcome) -> Void
    ) {
        outcome.text = String(decoding: text, as: UTF8.self)
        // Only a text that is its own bytes (valid UTF-8) is recognised later: invalid bytes are repaired
        // in the String, and another text could be those repaired bytes, which the patterns read otherwise.
        outcome.isKnown = remembered && outcome.text.hasBytes(text)
        // Emptied keeping their storage, popped one by one: `removeAll` destroys its elements through
        // the runtime's generic array destroy, which costs more than the releases it does.
        while outcome.matches.popLast() != nil {}
        while outcome.matchedTexts.popLast() != nil {}
        outcome.failures.removeAll(keepingCapacity: true)
        outcome.frames = []
        evaluate(&outcome)
    }
}
