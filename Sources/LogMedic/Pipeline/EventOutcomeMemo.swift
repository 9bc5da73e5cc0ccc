import Foundation

/// What the rules made of recently finished event texts. In a failure storm one message comes back
/// again and again (the table that was never migrated, the same ORM statement with bound parameters, the
/// same traceback), often with other ids, times and counts in it (`Key (user_id)=(7541209)`): a remembered
/// text, or one of its digit class, costs a word-at-a-time hash and a comparison instead of the prefilter
/// pass and the patterns.
///
/// Matching depends on the text alone, so a remembered outcome is what matching again would give, rule
/// failures included (PCRE2's limits count steps, not time). It is also what matching a text of its digit
/// class gives (`DigitClass`: the same bytes but for which ASCII digits) when every pattern that ran treats
/// digits alike (`DigitUniformity`) and the class holds no piece the prefilter looks for with a digit in it
/// (`DigitPieces`): then the same patterns run in the same windows, step for step, and match at the same
/// places. Such an outcome is handed to a text of its class with that text's own captures, cut from the same
/// places (`rebase`). A text's class picks a set of a few of `slots` entries (`MemoSets`), and a new text
/// replaces the one of the set used least recently, reusing its storage. Bounded: texts up to `maxTextBytes`
/// only, and their texts and class keys together up to `maxHeldBytes` (a text that would pass it is not
/// remembered), so a scanner's memo holds a few MiB however long its events. A storm of a few messages
/// with many tables and ids in them comes in thousands of classes: with 256 entries 61 % of the storm's
/// events found theirs, with 2048 95 %.
/// Paused while it seldom hits (`MemoGate`).
struct EventOutcomeMemo {
    struct Outcome {
        fileprivate var isKnown = false
        var text = ""
        var matches: [RuleMatch] = []
        var failures: [RuleFailure] = []
        /// Where the captures of `matches` lie in the text, in order (`CompiledCatalog.match`).
        var captureSpans: [Range<Int>] = []
        /// Whether every pattern that ran treats digits alike (set by `evaluate`).
        var ranDigitUniformPatterns = false
        /// The text with its digits read as `0` when the outcome holds for every text of that class; else empty.
        fileprivate var classKey: [UInt8] = []
        /// Whether this outcome is `text`'s, `text` being of its class.
        fileprivate func holdsClass(of text: UnsafeRawBufferPointer) -> Bool {
            isKnown && classKey.withUnsafeBytes { DigitClass.isKey($0, of: text) }
        }
        /// What counts against `maxHeldBytes`.
        fileprivate var heldBytes: Int { isKnown ? text.utf8.count + classKey.capacity : 0 }
        /// Parsed when a finding first needs them (nil until then).
        var frames: [CodeFrame]?
        /// The text each match covers, built the first time a finding shows it (empty until then).
        var matchedTexts: [String] = []

        /// The outcome of `text`, a text of this outcome's class with other digits: its text, and its
        /// captures cut from the same places (a value that holds no digit is the same String).
        fileprivate mutating func rebase(onto text: UnsafeRawBufferPointer) {
            self.text = String(decoding: text, as: UTF8.self)
            var span = 0
            for index in matches.indices {
                let count = matches[index].captures.count
                for c in 0..<count where !matches[index].captures[c].value.hasBytes(UnsafeRawBufferPointer(rebasing: text[captureSpans[span + c]])) {
                    matches[index] = matches[index].withCapture(c, from: UnsafeRawBufferPointer(rebasing: text[captureSpans[span + c]]))
                }
                span += count
            }
            frames = nil
            while matchedTexts.popLast() != nil {}
        }
    }

    static let maxTextBytes = 8192
    static let slots = 2048
    static let maxHeldBytes = 4 << 20
    private var entries: [Outcome] = []
    /// The bytes the entries hold: their texts and the storage of their class keys.
    private(set) var heldBytes = 0
    private var sets = MemoSets(slots: slots)
    /// The outcome of the latest text not remembered: too long, or the memo is paused.
    private var unremembered = Outcome()
    /// Off while texts do not repeat (a storm of distinct messages): a miss costs a hash of every byte.
    private var gate = MemoGate()
    /// Whether a class key holds none of the pieces whose digits matter (`CompiledCatalog.digitPieces`).
    private let classHoldsNoDigitPiece: (UnsafeRawBufferPointer) -> Bool

    init(classHoldsNoDigitPiece: @escaping (UnsafeRawBufferPointer) -> Bool = { _ in false }) {
        self.classHoldsNoDigitPiece = classHoldsNoDigitPiece
    }

    /// Calls `body` with the outcome for `text`: the remembered one (rebased onto `text` when it is another text
    /// of the remembered one's class), or one that `evaluate` fills in (its text set, everything else empty)
    /// and that is remembered. An outcome that holds for its class is kept in the set of the class's hash, any
    /// other in the set of its text's: texts that differ only in digits but are matched apart do not crowd one set.
    mutating func withOutcome<R>(
        of text: UnsafeRawBufferPointer, evaluate: (inout Outcome) -> Void, _ body: (inout Outcome) -> R
    ) -> R {
        guard text.count <= Self.maxTextBytes, gate.isOpen() else {
            Self.refill(&unremembered, text, remembered: false, evaluate)
            return body(&unremembered)
        }
        if entries.isEmpty { entries = Array(repeating: Outcome(), count: Self.slots) }
        let classHash = DigitClass.classHash(text)
        if let slot = sets.hit(for: classHash, holds: { entries[$0].holdsClass(of: text) }) {
            gate.record(hit: true)
            if !entries[slot].text.hasBytes(text) { entries[slot].rebase(onto: text) }
            return body(&entries[slot])
        }
        let textHash = ByteHash.hash(text)
        if let slot = sets.hit(for: textHash, holds: { entries[$0].isKnown && entries[$0].text.hasBytes(text) }) {
            gate.record(hit: true)
            return body(&entries[slot])
        }
        gate.record(hit: false)
        Self.refill(&unremembered, text, remembered: true, evaluate)
        guard unremembered.isKnown else { return body(&unremembered) }
        if unremembered.ranDigitUniformPatterns { Self.keepClass(of: &unremembered, classHoldsNoDigitPiece) }
        let hash = unremembered.classKey.isEmpty ? textHash : classHash
        let held = heldBytes - entries[sets.leastRecentlyUsed(for: hash)].heldBytes + unremembered.heldBytes
        guard held <= Self.maxHeldBytes else { return body(&unremembered) }
        let slot = sets.replaced(for: hash)
        swap(&entries[slot], &unremembered)
        heldBytes = held
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
        outcome.captureSpans.removeAll(keepingCapacity: true)
        outcome.classKey.removeAll(keepingCapacity: true)
        outcome.ranDigitUniformPatterns = false
        outcome.frames = nil
        evaluate(&outcome)
    }

    /// Makes `outcome` its class's too, if the class holds no piece whose digits matter (a text without digits
    /// holds none: each piece has one).
    private static func keepClass(of outcome: inout Outcome, _ classHoldsNoDigitPiece: (UnsafeRawBufferPointer) -> Bool) {
        guard outcome.text.utf8.count >= CleanTextClasses.minTextBytes else { return }
        outcome.text.withUTF8Bytes { outcome.classKey.append(contentsOf: $0) }
        let clear = outcome.classKey.withUnsafeMutableBytes { key in
            !DigitClass.readDigitsAsZero(key) || classHoldsNoDigitPiece(UnsafeRawBufferPointer(key))
        }
        if !clear { outcome.classKey.removeAll(keepingCapacity: true) }
    }
}
