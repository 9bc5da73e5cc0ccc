import Foundation

/// Finds which of a fixed set of literals occur in a byte string, fast enough to run on every line.
///
/// Design: every literal is at least `LiteralExtractor.minimumLength` (4) bytes. With the shortest
/// literal `m` bytes long, only every `stride = m - 3`th position is probed: any occurrence spans
/// `stride` consecutive 4-byte windows, one of which starts at a probed position. Each literal's first
/// `stride` windows are hashed into a 64 Ki-bit set (8 KiB, stays in L1); a probe is one unaligned
/// load, a multiply and a bit test. Only on a set bit are the candidate literals compared.
public final class LiteralPrefilter: @unchecked Sendable {
    public let literals: [[UInt8]]
    public let stride: Int
    private let bits: UnsafeMutablePointer<UInt64>
    /// Entries for hash h are entries[bucketStart[h] ..< bucketStart[h + 1]], each (literal << 8 | offset).
    private let bucketStart: UnsafeMutablePointer<UInt32>
    private let entries: UnsafeMutablePointer<UInt32>
    private let literalBytes: [UnsafeMutableRawBufferPointer]

    public init(literals: [[UInt8]], maxStride: Int = 8) {
        precondition(literals.allSatisfy { $0.count >= 4 }, "prefilter literals must be at least 4 bytes")
        precondition(literals.count < 1 << 24)
        self.literals = literals
        let shortest = literals.map(\.count).min() ?? 4
        stride = max(1, min(shortest - 3, maxStride))
        bits = .allocate(capacity: 1024)
        bits.initialize(repeating: 0, count: 1024)
        var buckets = [[UInt32]](repeating: [], count: 65536)
        for (index, literal) in literals.enumerated() {
            for offset in 0..<stride {
                let h = Int(Self.hash(Self.window(literal, at: offset)))
                bits[h >> 6] |= 1 << UInt64(h & 63)
                buckets[h].append(UInt32(index) << 8 | UInt32(offset))
            }
        }
        bucketStart = .allocate(capacity: 65537)
        let total = buckets.reduce(0) { $0 + $1.count }
        entries = .allocate(capacity: max(total, 1))
        var cursor = 0
        for h in 0..<65536 {
            bucketStart[h] = UInt32(cursor)
            for entry in buckets[h] { entries[cursor] = entry; cursor += 1 }
        }
        bucketStart[65536] = UInt32(cursor)
        literalBytes = literals.map { literal in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: literal.count, alignment: 1)
            buffer.copyBytes(from: literal)
            return buffer
        }
    }

    deinit {
        bits.deallocate()
        bucketStart.deallocate()
        entries.deallocate()
        literalBytes.forEach { $0.deallocate() }
    }

    /// True when any literal occurs in `text`. The hot path: called on every line.
    @inline(__always)
    public func containsAny(_ text: UnsafeRawBufferPointer) -> Bool {
        var found = false
        probe(text) { _ in found = true; return false }
        return found
    }

    /// Calls `body` with the index of every literal that occurs in `text` (possibly more than once).
    public func forEachMatch(_ text: UnsafeRawBufferPointer, _ body: (Int) -> Void) {
        probe(text) { body($0); return true }
    }

    /// Probes every `stride`th position; `onMatch` returns false to stop early.
    @inline(__always)
    private func probe(_ text: UnsafeRawBufferPointer, _ onMatch: (Int) -> Bool) {
        guard let base = text.baseAddress, text.count >= 4 else { return }
        let n = text.count
        var i = 0
        while i + 4 <= n {
            let h = Int(Self.hash(base.loadUnaligned(fromByteOffset: i, as: UInt32.self)))
            if bits[h >> 6] & (1 << UInt64(h & 63)) != 0 {
                var e = Int(bucketStart[h])
                let end = Int(bucketStart[h + 1])
                while e < end {
                    let entry = entries[e]
                    let literal = Int(entry >> 8)
                    let start = i - Int(entry & 0xFF)
                    let bytes = literalBytes[literal]
                    if start >= 0, start + bytes.count <= n,
                       memcmp(base + start, bytes.baseAddress!, bytes.count) == 0,
                       !onMatch(literal) {
                        return
                    }
                    e += 1
                }
            }
            i += stride
        }
    }

    @inline(__always)
    static func hash(_ window: UInt32) -> UInt32 { (window &* 0x9E37_79B1) >> 16 }

    static func window(_ literal: [UInt8], at offset: Int) -> UInt32 {
        literal.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
    }
}
