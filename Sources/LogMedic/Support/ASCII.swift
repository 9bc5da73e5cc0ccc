/// ASCII classes of one byte of UTF-8 text (a byte of a multi-byte character is in none), for the
/// parsers that read bytes.
enum ASCII {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- UInt8(ascii: "a") < 26 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { isLower(b | 0x20) }
    @inline(__always) static func isAlphanumeric(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
    /// A byte of `[A-Za-z_][A-Za-z0-9_]*`: a letter or `_`, or a digit past the first.
    @inline(__always) static func isIdentifier(_ b: UInt8, first: Bool) -> Bool {
        isLetter(b) || b == UInt8(ascii: "_") || (!first && isDigit(b))
    }
}
