/// Terminal control characters from log text (ESC sequences, BEL, CR, C1 controls such as CSI) made
/// visible, so a log line cannot clear the screen, retitle the terminal or hide text: ESC becomes `\x1b`.
/// Newlines and tabs stay, they are layout.
public enum ControlCharacters {
    public static func escaped(_ text: String) -> String {
        guard mayContainControl(text.utf8) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else { out.append(scalar); continue }
            let hex = String(scalar.value, radix: 16)
            let escape = scalar.value < 0x100 ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u{\(hex)}"
            out.append(contentsOf: escape.unicodeScalars)
        }
        return String(out)
    }

    /// A byte scan that is false only when no scalar is a control: C0 and DEL are single bytes, C1
    /// controls (U+0080–U+009F) are encoded `C2 80`–`C2 9F`.
    private static func mayContainControl(_ utf8: String.UTF8View) -> Bool {
        let scan = utf8.withContiguousStorageIfAvailable { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var i = 0
            while i < raw.count {  // eight bytes at a time; a word that may hold one is checked bytewise
                var word = 0x4141_4141_4141_4141 as UInt64  // a short tail is padded with "A"s
                if i + 8 <= raw.count {
                    word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                } else {
                    withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[i...])) }
                }
                let low = (word &- 0x20 &* ones) & ~word & highs != 0
                if !low && !hasZero(word ^ (0x7F &* ones)) && !hasZero(word ^ (0xC2 &* ones)) { i += 8; continue }
                let end = min(i + 8, raw.count)
                if bytes[i..<end].contains(where: { ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || $0 == 0x7F || $0 == 0xC2 }) { return true }
                i = end
            }
            return false
        }
        return scan ?? true
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080
    @inline(__always)
    private static func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return false
        }
    }
}
