import Foundation

/// Substring search on bytes: memchr for each place the piece's first byte occurs, `bytesEqual` for the rest
/// (memmem is not in Glibc's Swift module).
enum ByteSearch {
    static func contains(_ text: UnsafeRawBufferPointer, _ piece: UnsafeRawBufferPointer) -> Bool {
        contains(text, piece, pivot: 0)
    }

    /// Whether `text` holds `piece`, byte for byte: `String.contains` through Foundation costs millions of
    /// instructions on a long text.
    static func contains(_ text: String, _ piece: String) -> Bool {
        text.withUTF8Bytes { t in piece.withUTF8Bytes { contains(UnsafeRawBufferPointer(t), UnsafeRawBufferPointer($0)) } }
    }

    /// Searches by the byte at `pivot` of the piece: memchr stops at each place that byte occurs.
    @inline(__always)
    fileprivate static func contains(_ text: UnsafeRawBufferPointer, _ piece: UnsafeRawBufferPointer, pivot: Int) -> Bool {
        guard let needle = piece.baseAddress, !piece.isEmpty else { return true }
        guard let base = text.baseAddress, piece.count <= text.count else { return false }
        let target = Int32(piece[pivot])
        // Where the pivot byte of a whole occurrence can be.
        var start = pivot
        let end = text.count - piece.count + pivot + 1
        while start < end, let hit = memchr(base + start, target, end - start) {
            let at = base.distance(to: UnsafeRawPointer(hit))
            if bytesEqual(base + (at - pivot), needle, count: piece.count) { return true }
            start = at + 1
        }
        return false
    }

    /// A piece searched for many times (a rule's companion literal): by its least common byte in log text,
    /// where memchr stops less often than at a first byte such as `r` or a space.
    struct Needle: Sendable {
        let bytes: [UInt8]
        private let pivot: Int

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            pivot = bytes.indices.min { Self.commonness(bytes[$0]) < Self.commonness(bytes[$1]) } ?? 0
        }

        func isFound(in text: UnsafeRawBufferPointer) -> Bool {
            bytes.withUnsafeBytes { ByteSearch.contains(text, $0, pivot: pivot) }
        }

        /// A rough rank: the space and lower-case letters by their frequency in English, then every other byte.
        private static func commonness(_ byte: UInt8) -> Int {
            guard let rank = commonBytes.firstIndex(of: byte) else { return 0 }
            return commonBytes.count - rank
        }

        private static let commonBytes = Array(" etaoinsrhldcumfpgwybvkxjqz".utf8)
    }
}
