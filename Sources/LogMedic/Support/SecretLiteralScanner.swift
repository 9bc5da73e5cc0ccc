/// Finds where a secret shape's literal starts, ASCII case-insensitively: the redactor's prefilter.
///
/// Bytes are folded with `| 0x20` (lower case for letters; it merges a few punctuation pairs too, which
/// only lets more positions through to the exact comparison). Every literal's first two folded bytes set
/// a bit of a 64 Ki-bit table, and its second and third bytes a bit of another; a position reaches the
/// literals (compared exactly, case-insensitively) only when both bits are set. Texts with no secret
/// shape, nearly every log line, cost a few instructions per byte and never reach PCRE2.
/// It reports the same positions as a caseless PCRE2 alternation of the literals (non-UTF mode folds
/// ASCII letters only): `RedactorEquivalenceTests` holds it to that. Immutable after `init`, so one
/// scanner serves every thread.
final class SecretLiteralScanner: @unchecked Sendable {
    /// Folded first-two-byte pairs of the literals.
    private let firstPairs: [UInt64]
    /// Folded second-and-third-byte pairs of the literals of three bytes or more.
    private let nextPairs: [UInt64]
    /// Folded first-two-byte pairs of two-byte literals.
    private let shortPairs: [UInt64]
    /// For each folded first pair, 1 + the index of its bucket in `buckets` (0: none).
    private let bucketOfPair: [UInt16]
    private let buckets: [[[UInt8]]]
    /// One-byte literals, lower case.
    private let singles: [Bool]
    private let hasSingles: Bool

    /// `literals` lower-cased, non-empty.
    init(literals: [[UInt8]]) {
        var firstPairs = [UInt64](repeating: 0, count: 1 << 10), nextPairs = firstPairs, shortPairs = firstPairs
        var bucketOfPair = [UInt16](repeating: 0, count: 1 << 16)
        var buckets: [[[UInt8]]] = []
        var singles = [Bool](repeating: false, count: 256)
        for literal in literals {
            if literal.count == 1 { singles[Int(literal[0])] = true; continue }
            let key = Self.key(literal[0], literal[1])
            Self.set(key, in: &firstPairs)
            if literal.count == 2 { Self.set(key, in: &shortPairs) } else { Self.set(Self.key(literal[1], literal[2]), in: &nextPairs) }
            if bucketOfPair[Int(key)] == 0 {
                buckets.append([])
                bucketOfPair[Int(key)] = UInt16(buckets.count)
            }
            buckets[Int(bucketOfPair[Int(key)]) - 1].append(literal)
        }
        self.firstPairs = firstPairs
        self.nextPairs = nextPairs
        self.shortPairs = shortPairs
        self.bucketOfPair = bucketOfPair
        self.buckets = buckets
        self.singles = singles
        self.hasSingles = singles.contains(true)
    }

    /// The first position at or after `from` where some literal starts.
    func next(in text: UnsafeRawBufferPointer, from: Int) -> Int? {
        let n = text.count
        guard from < n, let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let hasSingles = self.hasSingles
        return firstPairs.withUnsafeBufferPointer { first in
            nextPairs.withUnsafeBufferPointer { second in
                shortPairs.withUnsafeBufferPointer { short in
                    // Buffer pointers and wrapping arithmetic: this loop sees every byte of every printed text.
                    var i = from
                    while i &+ 1 < n {
                        if hasSingles, singles[Int(Self.lowered(base[i]))] { return i }
                        let key = Self.key(base[i], base[i &+ 1])
                        if Self.test(key, in: first) {
                            let third = i &+ 2 < n && Self.test(Self.key(base[i &+ 1], base[i &+ 2]), in: second)
                            if third || Self.test(key, in: short), startsLiteral(text, at: i, key: key) { return i }
                        }
                        i &+= 1
                    }
                    return i < n && hasSingles && singles[Int(Self.lowered(base[i]))] ? i : nil
                }
            }
        }
    }

    private func startsLiteral(_ text: UnsafeRawBufferPointer, at start: Int, key: UInt16) -> Bool {
        let bucket = Int(bucketOfPair[Int(key)])
        guard bucket > 0 else { return false }
        return buckets[bucket - 1].contains { Self.hasPrefix($0, in: text, at: start) }
    }

    static func hasPrefix(_ literal: [UInt8], in text: UnsafeRawBufferPointer, at start: Int) -> Bool {
        guard start + literal.count <= text.count else { return false }
        for (offset, byte) in literal.enumerated() where lowered(text[start + offset]) != byte { return false }
        return true
    }

    @inline(__always)
    static func lowered(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    @inline(__always)
    private static func key(_ first: UInt8, _ second: UInt8) -> UInt16 { (UInt16(first) << 8 | UInt16(second)) | 0x2020 }

    private static func set(_ key: UInt16, in table: inout [UInt64]) { table[Int(key >> 6)] |= 1 << UInt64(key & 63) }

    @inline(__always)
    private static func test(_ key: UInt16, in table: UnsafeBufferPointer<UInt64>) -> Bool {
        table[Int(key >> 6)] & (1 << UInt64(key & 63)) != 0
    }
}
