/// The catalog's literals and companions that hold a digit (`(SQLSTATE 23505`, `:5432`), with their digits read
/// as `0`. Which patterns run on an event depends on the pieces it holds; a piece without digits is held at the
/// same places by every text of a digit class (`DigitClass`), and one with digits is held by some text of the class
/// only where its `0`-read form is held by the class's key. A key that holds none of these forms has the same
/// candidate patterns, in the same windows, in every text of its class.
struct DigitPieces: Sendable {
    /// The forms of 4 bytes or more, found in one pass.
    private let long: LiteralAutomaton?
    private let short: [ByteSearch.Needle]

    init(_ pieces: [[UInt8]]) {
        let zeroed = Set(pieces.filter { $0.contains { $0 &- 0x30 < 10 } }.map(DigitClass.readingDigitsAsZero))
        let long = zeroed.filter { $0.count >= LiteralExtractor.minimumLength }.sorted { $0.lexicographicallyPrecedes($1) }
        self.long = long.isEmpty ? nil : LiteralAutomaton(literals: long)
        short = zeroed.filter { $0.count < LiteralExtractor.minimumLength }.map(ByteSearch.Needle.init)
    }

    /// Whether `key`, a text with its digits read as `0`, holds none of the pieces.
    func areAbsent(fromKey key: UnsafeRawBufferPointer) -> Bool {
        var found = false
        long?.forEachMatch(key) { _ in
            found = true
            return false
        }
        return !found && !short.contains { $0.isFound(in: key) }
    }
}
