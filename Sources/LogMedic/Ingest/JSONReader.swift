/// A cursor over the bytes of one JSON text; each method consumes one construct or returns false/nil.
struct JSONReader {
    private let bytes: UnsafeRawBufferPointer
    private var i = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var peek: UInt8? { skipWhitespaceIndex() < bytes.count ? bytes[skipWhitespaceIndex()] : nil }
    var atEndIgnoringWhitespace: Bool { skipWhitespaceIndex() == bytes.count }

    private func skipWhitespaceIndex() -> Int {
        var j = i
        while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D { j += 1 }
        return j
    }

    private mutating func skipWhitespace() { i = skipWhitespaceIndex() }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    /// Reads `{ "key": value, … }`, handing each key to `member`, which must consume the value.
    mutating func readObject(_ member: (String, inout JSONReader) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        while true {
            guard let key = readStringBytes(), consume(UInt8(ascii: ":")) else { return false }
            guard member(String(decoding: key, as: UTF8.self), &self) else { return false }
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "}"))
        }
    }

    /// Reads `[ value, … ]`, handing the reader to `element` at each value, which it must consume.
    mutating func readArray(_ element: (inout JSONReader) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "[")) else { return false }
        if consume(UInt8(ascii: "]")) { return true }
        while true {
            guard element(&self) else { return false }
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "]"))
        }
    }

    /// A string's decoded bytes (escapes resolved, `\u` as UTF-8); nil if the value is not a string.
    mutating func readStringBytes(lenient: Bool = false) -> [UInt8]? {
        skipWhitespace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            switch c {
            case UInt8(ascii: "\""): return out
            case UInt8(ascii: "\\"):
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard let scalar = readUnicodeEscape() else { return nil }
                    out.append(contentsOf: String(Character(scalar)).utf8)
                default: out.append(e)
                }
            default: out.append(c)
            }
        }
        return lenient ? out : nil
    }

    /// Positions the reader just after the first `"key":` for any of `keys`, for salvaging.
    mutating func seek(toValueOf keys: [String]) -> Bool {
        for key in keys {
            let needle = Array("\"\(key)\":".utf8)
            guard needle.count <= bytes.count else { continue }
            for start in 0...(bytes.count - needle.count)
            where bytes[start] == needle[0] && bytes[start..<(start + needle.count)].elementsEqual(needle) {
                i = start + needle.count
                return true
            }
        }
        return false
    }

    private mutating func readHex4() -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            i += 1
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x41...0x46: digit = c - 0x41 + 10
            case 0x61...0x66: digit = c - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// After `\u`: one escape, or a surrogate pair; a lone surrogate becomes U+FFFD.
    private mutating func readUnicodeEscape() -> Unicode.Scalar? {
        guard let first = readHex4() else { return nil }
        if (0xD800..<0xDC00).contains(first), i + 6 <= bytes.count,
           bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
            let save = i
            i += 2
            if let second = readHex4(), (0xDC00..<0xE000).contains(second) {
                return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            }
            i = save
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }

    /// An array of byte values `[27, 91, …]` (0…255) as those bytes; nil if the value is anything else.
    /// journalctl `-o json` writes a field this way when it holds a control character or invalid UTF-8.
    mutating func readByteArray() -> [UInt8]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var out: [UInt8] = []
        if consume(UInt8(ascii: "]")) { return out }
        while true {
            skipWhitespace()
            var value = 0, digits = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39, digits < 4 {
                value = value * 10 + Int(bytes[i] - 0x30); i += 1; digits += 1
            }
            guard digits > 0, value <= 255 else { return nil }
            out.append(UInt8(value))
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "]")) ? out : nil
        }
    }

    /// A string, number or boolean as text; nil (with the value still consumed) for objects, arrays, null.
    mutating func readScalarText() -> String? {
        if peek == UInt8(ascii: "\"") { return readStringBytes().map { String(decoding: $0, as: UTF8.self) } }
        skipWhitespace()
        let start = i
        guard skipValue() else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let first = text.first, first == "-" || first.isNumber || first == "t" || first == "f" else { return nil }
        return text
    }

    /// Skips any value without recursion: nesting depth is just a counter.
    mutating func skipValue() -> Bool {
        skipWhitespace()
        guard i < bytes.count else { return false }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            return skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    guard skipString() else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { i += 1; return true }
                default: break
                }
                i += 1
            }
            return false
        default:
            let start = i
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D:
                    return i > start
                default: i += 1
                }
            }
            return i > start
        }
    }

    private mutating func skipString() -> Bool {
        i += 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): i += 1; return true
            default: i += 1
            }
        }
        return false
    }
}
