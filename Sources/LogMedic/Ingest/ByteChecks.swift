/// Cheap per-line checks for bytes that need counting: NUL and invalid UTF-8.
enum ByteChecks {
    /// Whether the line has a NUL byte and whether it has any byte ≥ 0x80, eight bytes at a time.
    @inline(__always)
    static func scan(_ line: UnsafeRawBufferPointer) -> (hasNUL: Bool, hasHighBit: Bool) {
        guard let base = line.baseAddress else { return (false, false) }
        let n = line.count
        var i = 0
        var high: UInt64 = 0
        var zero: UInt64 = 0
        while i + 8 <= n {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            high |= word
            zero |= (word &- 0x0101_0101_0101_0101) & ~word
            i += 8
        }
        var tailZero = false
        while i < n {
            let byte = base.load(fromByteOffset: i, as: UInt8.self)
            high |= UInt64(byte)
            tailZero = tailZero || byte == 0
            i += 1
        }
        return (tailZero || zero & 0x8080_8080_8080_8080 != 0, high & 0x8080_8080_8080_8080 != 0)
    }

    static func isValidUTF8(_ line: UnsafeRawBufferPointer) -> Bool {
        var iterator = line.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
