/// Cheap per-line checks for bytes that need counting: NUL and invalid UTF-8.
enum ByteChecks {
    /// Whether the line has a NUL byte and whether it has any byte ≥ 0x80, 32 bytes a round in four
    /// words; the last word overlaps bytes already seen (both tests are ORs, so seeing a byte twice is
    /// harmless), and only a line shorter than a word is read byte by byte.
    @inline(__always)
    static func scan(_ line: UnsafeRawBufferPointer) -> (hasNUL: Bool, hasHighBit: Bool) {
        guard let base = line.baseAddress else { return (false, false) }
        let n = line.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        guard n >= 8 else {
            var high: UInt8 = 0, zero = false
            for i in 0..<n {
                let byte = base.load(fromByteOffset: i, as: UInt8.self)
                high |= byte
                zero = zero || byte == 0
            }
            return (zero, high & 0x80 != 0)
        }
        var high: UInt64 = 0, zero: UInt64 = 0
        var i = 0
        while i &+ 32 <= n {
            let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
            let c = base.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)
            let d = base.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)
            high |= a | b | c | d
            zero |= ((a &- ones) & ~a) | ((b &- ones) & ~b) | ((c &- ones) & ~c) | ((d &- ones) & ~d)
            i &+= 32
        }
        while i < n {
            let word = base.loadUnaligned(fromByteOffset: min(i, n &- 8), as: UInt64.self)
            high |= word
            zero |= (word &- ones) & ~word
            i &+= 8
        }
        return (zero & highs != 0, high & highs != 0)
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
