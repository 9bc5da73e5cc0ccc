import Foundation

/// Substring search on bytes: memchr for each place the piece's first byte occurs, memcmp for the rest
/// (memmem is not in Glibc's Swift module).
enum ByteSearch {
    static func contains(_ text: UnsafeRawBufferPointer, _ piece: UnsafeRawBufferPointer) -> Bool {
        guard let needle = piece.baseAddress, !piece.isEmpty else { return true }
        guard let base = text.baseAddress, piece.count <= text.count else { return false }
        let lastStart = text.count - piece.count
        var start = 0
        while start <= lastStart, let hit = memchr(base + start, Int32(needle.load(as: UInt8.self)), lastStart - start + 1) {
            if memcmp(hit, needle, piece.count) == 0 { return true }
            start = base.distance(to: UnsafeRawPointer(hit)) + 1
        }
        return false
    }
}
