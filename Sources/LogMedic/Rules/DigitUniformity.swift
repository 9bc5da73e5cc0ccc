/// Whether a pattern treats every ASCII digit alike: then two texts that differ only in which digits they hold
/// (`Key (id)=(7541209)` and `Key (id)=(3318802)`) are matched alike, step for step: the same match or none, the
/// same groups at the same places, the same limit hit (`EventOutcomeMemo` hands one's outcome to the other).
///
/// Read from the pattern's source, erring towards "no": a pattern is uniform when no digit stands for itself in
/// it. Digits are allowed only where they count (a quantifier's `{2,4}` outside a class) or name all ten (`0-9`
/// in a class); `\d`, `\w`, `\b`, `.` and classes without digits treat them alike (a range whose ends are not
/// digits holds all ten or none). Every escape that may stand for a digit (`\x30`, `\060`, `\Q1\E`) and every
/// construct that compares text with text (back references) or runs code (callouts) makes it not uniform.
enum DigitUniformity {
    static func isUniform(_ pattern: String) -> Bool {
        let bytes = Array(pattern.utf8)
        var i = 0, inClass = false
        func isDigit(_ k: Int) -> Bool { k < bytes.count && bytes[k] &- 0x30 < 10 }
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else { return false }
                let escaped = bytes[i + 1]
                // Classes of characters and assertions that treat digits alike; anything else that is not a
                // punctuation mark escaped as itself may stand for a digit or compare texts.
                if Array("dDwWsShHvVbBAzZGnrtfeRX".utf8).contains(escaped) || !Self.isLetterOrDigit(escaped) {
                    i += 2
                } else if escaped == UInt8(ascii: "p") || escaped == UInt8(ascii: "P") {
                    // A Unicode property (`\p{L}`, `\pN`): every ASCII digit has the same ones.
                    guard i + 2 < bytes.count else { return false }
                    if bytes[i + 2] == UInt8(ascii: "{") {
                        guard let close = bytes[(i + 3)...].firstIndex(of: UInt8(ascii: "}")) else { return false }
                        i = close + 1
                    } else {
                        i += 3
                    }
                } else {
                    return false
                }
            case UInt8(ascii: "["):
                if !inClass {
                    inClass = true
                    i += 1
                    // `]` first in a class (after `^`) stands for itself.
                    if i < bytes.count, bytes[i] == UInt8(ascii: "^") { i += 1 }
                    if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1 }
                } else if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: ":") {
                    // A POSIX class (`[:alnum:]`): none names a single digit.
                    guard let close = Self.find(Array(":]".utf8), in: bytes, from: i + 2) else { return false }
                    i = close + 2
                } else {
                    i += 1
                }
            case UInt8(ascii: "]") where inClass:
                inClass = false
                i += 1
            case UInt8(ascii: "0") where inClass && i + 2 < bytes.count && bytes[i + 1] == UInt8(ascii: "-") && bytes[i + 2] == UInt8(ascii: "9"):
                i += 3
            case UInt8(ascii: "{") where !inClass:
                // A quantifier: `{n}`, `{n,}`, `{n,m}`; any other brace stands for itself.
                var k = i + 1
                guard isDigit(k) else { i += 1; continue }
                while isDigit(k) { k += 1 }
                if k < bytes.count, bytes[k] == UInt8(ascii: ",") {
                    k += 1
                    while isDigit(k) { k += 1 }
                }
                guard k < bytes.count, bytes[k] == UInt8(ascii: "}") else { return false }
                i = k + 1
            case UInt8(ascii: "(") where !inClass && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "?"):
                // Callouts run code; `(?P=name)` compares texts; the rest (groups, lookarounds, options) are
                // read on like any text: their names and options hold no digit unless one is looked at below.
                let rest = bytes[(i + 2)...]
                if rest.starts(with: "C".utf8) || rest.starts(with: "P=".utf8) || rest.starts(with: "P>".utf8) { return false }
                i += 2
            default:
                if byte &- 0x30 < 10 { return false }
                i += 1
            }
        }
        return true
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard start + needle.count <= bytes.count else { return nil }
        return (start...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
