/// Terminal control characters from log text (ESC sequences, BEL, CR, C1 controls such as CSI) made
/// visible, so a log line cannot clear the screen, retitle the terminal or hide text: ESC becomes `\x1b`.
/// The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder
/// what a terminal or an editor shows ("Trojan Source"), are made visible too: U+202E becomes `\u202e`.
/// Newlines and tabs stay, they are layout.
public enum ControlCharacters {
    public static func escaped(_ text: String) -> String {
        guard mayContainControl(text.utf8) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else { out.append(scalar); continue }
            out.append(contentsOf: visible(scalar.value).unicodeScalars)
        }
        return String(out)
    }

    /// How a control character is shown: `\x1b`; a bidirectional control `\u202e`.
    static func visible(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        if value > 0xFF { return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex }
        return "\\x" + (hex.count == 1 ? "0" + hex : hex)
    }

    /// The control character whose UTF-8 begins at byte `i` of valid UTF-8: its value and its length in
    /// bytes. C0 and DEL are single bytes, C1 controls (U+0080–U+009F) are `C2 80`–`C2 9F`, the
    /// bidirectional controls `E2 80 AA`–`E2 80 AE` and `E2 81 A6`–`E2 81 A9`.
    @inline(__always)
    static func control(at i: Int, in utf8: UnsafeBufferPointer<UInt8>) -> (value: UInt32, length: Int)? {
        let byte = utf8[i]
        guard byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 else { return nil }  // most bytes, at once
        if byte == 0xC2 { return i + 1 < utf8.count && utf8[i + 1] & 0xE0 == 0x80 ? (UInt32(utf8[i + 1]), 2) : nil }
        if byte == 0xE2 {
            guard i + 2 < utf8.count, utf8[i + 1] == 0x80 || utf8[i + 1] == 0x81, utf8[i + 2] & 0xC0 == 0x80 else { return nil }
            let value = 0x2000 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
            return isBidiControl(value) ? (value, 3) : nil
        }
        return isControl(Unicode.Scalar(byte)) ? (UInt32(byte), 1) : nil
    }

    /// False only when no byte of the word belongs to a control character (tab and newline may set it).
    @inline(__always)
    static func mayHoldControl(_ word: UInt64) -> Bool { controlFlags(word) != 0 }

    /// The high bit of each byte of `word` that may begin a control character (below 0x20, DEL, 0xC2,
    /// 0xE2, the two bytes that are 0xC2 with bit 5 cleared). The lowest flag is exact: only bytes above
    /// a flagged one may be flagged falsely.
    @inline(__always)
    static func controlFlags(_ word: UInt64) -> UInt64 {
        (word &- 0x20 &* ones) & ~word & highs | zeroFlags(word ^ (0x7F &* ones)) | zeroFlags((word & (0xDF &* ones)) ^ (0xC2 &* ones))
    }

    /// A byte scan that is false only when no scalar is a control.
    private static func mayContainControl(_ utf8: String.UTF8View) -> Bool {
        let scan = utf8.withContiguousStorageIfAvailable { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var i = 0
            while i < raw.count {  // eight bytes at a time; a word that may hold one is checked bytewise
                // The last word may overlap bytes already handled.
                if raw.count >= 8, !mayHoldControl(raw.loadUnaligned(fromByteOffset: min(i, raw.count - 8), as: UInt64.self)) {
                    i += 8
                    continue
                }
                let end = min(i + 8, raw.count)
                if (i..<end).contains(where: { control(at: $0, in: bytes) != nil }) { return true }
                i = end
            }
            return false
        }
        return scan ?? true
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080
    @inline(__always)
    private static func zeroFlags(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return isBidiControl(scalar.value)
        }
    }

    /// LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI.
    @inline(__always)
    static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }
}
