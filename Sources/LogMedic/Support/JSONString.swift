/// A JSON string as `JSONEncoder` writes it: only `"`, `\` and control characters escaped (`\b \t \n \f \r`,
/// others as `\u00xx`), everything else raw UTF-8. Shared by the writers that build JSON bytes by hand.
enum JSONString {
    static func append(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8Bytes { utf8 in
            var start = 0
            for (n, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<n]))
                bytes += escapes[Int(byte)]
                start = n + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `escape` of every byte, made once: writers look escapes up instead of allocating one per byte.
    static let escapes: [[UInt8]] = (0...255).map { escape(UInt8($0)) }

    /// How JSONEncoder writes a byte that must be escaped in a string (`"`, `\`, a control byte).
    static func escape(_ byte: UInt8) -> [UInt8] {
        let backslash = UInt8(ascii: "\\")
        if let short = shortEscape(of: byte) { return [backslash, short] }
        let hex = Array("0123456789abcdef".utf8)
        return [backslash] + Array("u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
    }

    /// The character after the backslash of a two-byte escape (`\"`, `\\`, `\b \t \n \f \r`); nil for a
    /// byte written as `\u00xx` (or not escaped).
    @inline(__always)
    static func shortEscape(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): return byte
        case 0x08: return UInt8(ascii: "b")
        case 0x09: return UInt8(ascii: "t")
        case 0x0A: return UInt8(ascii: "n")
        case 0x0C: return UInt8(ascii: "f")
        case 0x0D: return UInt8(ascii: "r")
        default: return nil
        }
    }
}
