/// Finds where a secret shape's literal starts, ASCII case-insensitively: the redactor's prefilter.
///
/// Every literal's first two bytes (lower-cased) set one bit of a 64 Ki-bit table; the scan looks each
/// byte pair of the text up there and compares literals only where a bit is set. Texts with no secret
/// shape (nearly every log line) cost one table probe per byte and never reach PCRE2. It reports the
/// same positions as a caseless PCRE2 alternation of the literals (non-UTF mode folds ASCII letters only):
/// `RedactorEquivalenceTests` holds it to that.
struct SecretLiteralScanner {
    /// Lower-cased literals of two bytes or more, by their first two bytes.
    private var pairs = [UInt64](repeating: 0, count: 1 << 10)
    private var byPair: [UInt16: [[UInt8]]] = [:]
    /// One-byte literals.
    private var singles = [Bool](repeating: false, count: 256)

    /// `literals` lower-cased, non-empty.
    init(literals: [[UInt8]]) {
        for literal in literals {
            if literal.count == 1 { singles[Int(literal[0])] = true; continue }
            let key = Self.key(literal[0], literal[1])
            pairs[Int(key >> 6)] |= 1 << UInt64(key & 63)
            byPair[key, default: []].append(literal)
        }
    }

    /// The first position at or after `from` where some literal starts.
    func next(in text: UnsafeRawBufferPointer, from: Int) -> Int? {
        let n = text.count
        guard from < n else { return nil }
        return pairs.withUnsafeBufferPointer { table in
            var i = from
            var previous = Self.lowered(text[i])
            while i < n {
                if singles[Int(previous)] { return i }
                guard i + 1 < n else { return nil }
                let byte = Self.lowered(text[i + 1])
                let key = UInt16(previous) << 8 | UInt16(byte)
                if table[Int(key >> 6)] & (1 << UInt64(key & 63)) != 0, startsLiteral(text, at: i, key: key) { return i }
                previous = byte
                i += 1
            }
            return nil
        }
    }

    private func startsLiteral(_ text: UnsafeRawBufferPointer, at start: Int, key: UInt16) -> Bool {
        guard let literals = byPair[key] else { return false }
        return literals.contains { Self.hasPrefix($0, in: text, at: start) }
    }

    static func hasPrefix(_ literal: [UInt8], in text: UnsafeRawBufferPointer, at start: Int) -> Bool {
        guard start + literal.count <= text.count else { return false }
        for (offset, byte) in literal.enumerated() where lowered(text[start + offset]) != byte { return false }
        return true
    }

    @inline(__always)
    static func lowered(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    private static func key(_ first: UInt8, _ second: UInt8) -> UInt16 { UInt16(first) << 8 | UInt16(second) }
}
