/// Finds where a secret shape's literal starts, ASCII case-insensitively: the redactor's prefilter.
///
/// Bytes are folded with `| 0x20` (lower case for letters; it merges a few punctuation pairs too, which
/// only lets more positions through to the exact comparison). Each position's three-byte window is
/// screened by its two folded pairs: a literal can start there only if the first pair begins some
/// literal and the second continues some literal (is its second and third byte). One byte of flags per
/// pair, looked up at every position, seven windows tested at once: the lookups do not depend on each
/// other, so the processor overlaps them and their cache misses (a skip loop, Wu–Manber, waits for each
/// lookup before the next).
/// Only a window that passes, about one in forty in log text, reaches the literals of its first pair
/// (compared exactly, case-insensitively). Texts with no secret shape, nearly every log line, cost a few
/// instructions per byte and never reach PCRE2.
/// It reports the same positions as a caseless PCRE2 alternation of the literals (non-UTF mode folds
/// ASCII letters only): `RedactorEquivalenceTests` holds it to that. Immutable after `init`, so one
/// scanner serves every thread.
final class SecretLiteralScanner: @unchecked Sendable {
    /// For each folded pair: `begins` when it is some literal's first two bytes, `continues` when it
    /// is some literal's second and third (any pair after a two-byte literal's first byte).
    private let roleOfPair: [UInt8]
    private static let begins: UInt8 = 1, continues: UInt8 = 2
    /// For each folded first pair, 1 + the index of its bucket in `buckets` (0: none).
    private let bucketOfPair: [UInt16]
    private let buckets: [[Literal]]
    /// One-byte literals, lower case; empty when there are none (as in the built-in table).
    private let singles: [Bool]

    /// `literals` lower-cased, non-empty.
    init(literals: [[UInt8]]) {
        var singles = [Bool](repeating: false, count: 256)
        for literal in literals where literal.count == 1 { singles[Int(literal[0])] = true }
        // A one-byte literal may start in any window.
        var roleOfPair = [UInt8](repeating: singles.contains(true) ? Self.begins | Self.continues : 0, count: 1 << 16)
        var bucketOfPair = [UInt16](repeating: 0, count: 1 << 16)
        var buckets: [[Literal]] = []
        for literal in literals where literal.count > 1 {
            let key = Self.key(literal[0], literal[1])
            roleOfPair[Int(key)] |= Self.begins
            // A two-byte literal may be followed by any byte.
            let thirds = literal.count == 2 ? Array(0...UInt8.max) : [literal[2]]
            for third in thirds { roleOfPair[Int(Self.key(literal[1], third))] |= Self.continues }
            if bucketOfPair[Int(key)] == 0 {
                buckets.append([])
                bucketOfPair[Int(key)] = UInt16(buckets.count)
            }
            buckets[Int(bucketOfPair[Int(key)]) - 1].append(Literal(literal))
        }
        self.roleOfPair = roleOfPair
        self.bucketOfPair = bucketOfPair
        self.buckets = buckets
        self.singles = singles.contains(true) ? singles : []
    }

    /// The first position at or after `from` where some literal starts.
    func next(in text: UnsafeRawBufferPointer, from: Int) -> Int? {
        let n = text.count
        guard from < n, let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let found: Int? = roleOfPair.withUnsafeBufferPointer { roles in
            // Buffer pointers and wrapping arithmetic: this loop sees every printed text.
            @inline(__always) func role(_ i: Int) -> UInt64 { UInt64(roles[Int(Self.key(at: i, base))]) }
            var start = from
            // Seven windows at a time: the roles of their eight pairs, one a byte of a word. Window j passes
            // when byte j `begins` and byte j + 1 `continues` (shifted onto `begins` of byte j): one
            // test and one branch for the seven.
            var first = start &+ 1 < n ? role(start) : 0
            while start &+ 8 < n {
                var pairs = first
                for j in 1..<8 { pairs |= role(start &+ j) << (8 &* j) }
                var passed = pairs & (pairs >> 9) & 0x0001_0101_0101_0101
                while passed != 0 {
                    let at = start &+ passed.trailingZeroBitCount >> 3
                    if starts(text, at: at) { return at }
                    passed &= passed &- 1
                }
                first = pairs >> 56
                start &+= 7
            }
            while start &+ 2 < n {
                if role(start) & (role(start &+ 1) >> 1) & UInt64(Self.begins) != 0, starts(text, at: start) { return start }
                start &+= 1
            }
            return nil
        }
        if let found { return found }
        // The last two bytes begin no three-byte window.
        return (max(from, n - 2)..<n).first { starts(text, at: $0) }
    }

    @inline(__always)
    private func starts(_ text: UnsafeRawBufferPointer, at start: Int) -> Bool {
        if !singles.isEmpty, singles[Int(Self.lowered(text[start]))] { return true }
        guard start + 1 < text.count else { return false }
        let bucket = Int(bucketOfPair[Int(Self.key(text[start], text[start + 1]))])
        return bucket > 0 && startsLiteral(of: bucket - 1, text, at: start)
    }

    /// Whether a literal of `bucket` starts there: the rarer part, kept out of the loop. With eight
    /// bytes left, each literal's first eight bytes are compared at once.
    @inline(never)
    private func startsLiteral(of bucket: Int, _ text: UnsafeRawBufferPointer, at start: Int) -> Bool {
        guard start + 8 <= text.count else { return buckets[bucket].contains { Self.hasPrefix($0.bytes, in: text, at: start) } }
        let word = text.loadUnaligned(fromByteOffset: start, as: UInt64.self)
        return buckets[bucket].contains { $0.heads(word) && ($0.bytes.count <= 8 || Self.hasPrefix($0.bytes, in: text, at: start)) }
    }

    /// A literal and its first eight bytes (or fewer) as a word, for `heads`.
    private struct Literal {
        let bytes: [UInt8]
        /// The bytes compared, in memory order; `fold`: 0x20 in each that is a lower-case letter.
        private let value: UInt64, mask: UInt64, fold: UInt64

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            var value: UInt64 = 0, mask: UInt64 = 0, fold: UInt64 = 0
            for (n, byte) in bytes.prefix(8).enumerated() {
                value |= UInt64(byte) << (8 * n)
                mask |= 0xFF << (8 * n)
                if byte &- UInt8(ascii: "a") < 26 { fold |= 0x20 << (8 * n) }
            }
            (self.value, self.mask, self.fold) = (value, mask, fold)
        }

        /// Whether `word` (eight bytes of text) begins with the literal's first eight bytes, as `lowered`
        /// compares them: a text byte matches a lower-case letter with bit 5 set (the letter in either
        /// case, nothing else), any other byte of the literal (never an upper-case letter) exactly.
        @inline(__always)
        func heads(_ word: UInt64) -> Bool { (word | fold) & mask == value }
    }

    static func hasPrefix(_ literal: [UInt8], in text: UnsafeRawBufferPointer, at start: Int) -> Bool {
        guard start + literal.count <= text.count else { return false }
        for (offset, byte) in literal.enumerated() where lowered(text[start + offset]) != byte { return false }
        return true
    }

    @inline(__always)
    static func lowered(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// Pairs are keyed in memory order, `first` in the low byte: a key is one two-byte load.
    @inline(__always)
    private static func key(_ first: UInt8, _ second: UInt8) -> UInt16 { (UInt16(second) << 8 | UInt16(first)) | 0x2020 }

    @inline(__always)
    private static func key(at i: Int, _ base: UnsafePointer<UInt8>) -> UInt16 {
        UInt16(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt16.self)) | 0x2020
    }
}
