/// Strings made lately, by their bytes: messages that never repeat whole often repeat the part a rule
/// matched (`relation "carts" does not exist`, at another character), and a remembered String costs a
/// hash and a byte comparison instead of a validation and an allocation. Direct-mapped, up to
/// `maxBytes` a text, and paused while it seldom hits (`MemoGate`), like the other memos.
struct RecentTexts {
    static let slots = 1024
    static let maxBytes = 512
    private var texts: [String?] = []
    private var gate = MemoGate()

    /// `String(decoding: bytes, as: UTF8.self)`, remembered.
    mutating func text(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.count <= Self.maxBytes, gate.isOpen() else { return String(decoding: bytes, as: UTF8.self) }
        if texts.isEmpty { texts = Array(repeating: nil, count: Self.slots) }
        let slot = Int(ByteHash.hash(bytes) % UInt64(Self.slots))
        // Equal to the bytes, the String is what decoding them gives (they are valid UTF-8).
        if let known = texts[slot], known.hasBytes(bytes) {
            gate.record(hit: true)
            return known
        }
        gate.record(hit: false)
        let text = String(decoding: bytes, as: UTF8.self)
        texts[slot] = text
        return text
    }
}
