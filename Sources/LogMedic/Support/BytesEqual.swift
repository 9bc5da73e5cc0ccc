/// Whether `count` bytes at `a` and at `b` are equal, compared a word at a time in line. The comparisons
/// on the per-line and per-event paths are short (a prefix, a timestamp, a companion literal): a call
/// through the PLT into libc's `memcmp` took two to three times the time its instructions suggest.
@inline(__always)
func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
    if count >= 8 {
        var i = 0
        let last = count &- 8
        while i < last {
            guard a.loadUnaligned(fromByteOffset: i, as: UInt64.self) == b.loadUnaligned(fromByteOffset: i, as: UInt64.self) else { return false }
            i &+= 8
        }
        // The last word overlaps the one before when the count is not a multiple of eight.
        return a.loadUnaligned(fromByteOffset: last, as: UInt64.self) == b.loadUnaligned(fromByteOffset: last, as: UInt64.self)
    }
    if count >= 4 {
        return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
            && a.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
    }
    var i = 0
    while i < count {
        guard a.load(fromByteOffset: i, as: UInt8.self) == b.load(fromByteOffset: i, as: UInt8.self) else { return false }
        i &+= 1
    }
    return true
}
