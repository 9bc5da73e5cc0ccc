/// Markdown building blocks that stay correct whatever text they carry (backticks, pipes, newlines).
enum Markdown {
    /// An inline code span, with a longer backtick run than any inside the text.
    static func code(_ text: String) -> String {
        let flat = text.utf8.contains(0x0A) ? text.replacingOccurrences(of: "\n", with: " ") : text
        let ticks = String(repeating: "`", count: longestRun(of: "`", in: flat) + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return ticks + pad + flat + pad + ticks
    }

    /// A fenced block, with a fence longer than any backtick run inside the text.
    static func fenced(_ text: String, language: String? = nil) -> String {
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: text) + 1))
        return "\(fence)\(language ?? "")\n\(text)\n\(fence)\n"
    }

    /// A table cell: one line, pipes escaped.
    static func cell(_ text: String) -> String {
        // Foundation's replacing is slow even when there is nothing to replace: a storm report has thousands of cells.
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == UInt8(ascii: "|") }) else { return text }
        return text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
    }

    /// Text from logs shown as prose: markup characters escaped so it renders as written.
    static func escaped(_ text: String) -> String {
        if let bytes = ascii(text) { return String(decoding: escaped(bytes, among: "\\`*_[]<>|#"), as: UTF8.self) }
        return String(escaped(Array(text), among: "\\`*_[]<>|#"))
    }

    /// Prose that carries values from logs (advice, verdicts, evidence): its code spans stay as written,
    /// and outside them `[`, `]`, `<`, `>` and `\\` are escaped, so a relation name or an error message
    /// from a log renders as text, never as a link, an image or HTML. A backtick run with no closing
    /// run of the same length is escaped too.
    static func prose(_ text: String) -> String {
        // Byte tests first: these are ASCII characters, and a character holding one holds its byte.
        guard text.utf8.contains(where: { $0.isOne(of: "[]<>\\`") }) else { return text }
        if let bytes = ascii(text) { return String(decoding: prose(bytes), as: UTF8.self) }
        return String(prose(Array(text)))
    }

    static func longestRun(of character: Character, in text: String) -> Int {
        if let bytes = ascii(text), let byte = character.asciiValue, character.unicodeScalars.count == 1 {
            return longestRun(of: byte, in: bytes)
        }
        return longestRun(of: character, in: Array(text))
    }

    /// The UTF-8 of an ASCII text, nil for any other. In ASCII every character is a byte (but for `\r\n`,
    /// which none of these rules looks at), so the rules below, written once for both, give on the bytes what
    /// they give on the characters, in a fraction of the time: a storm's markdown report spent most of a
    /// second walking characters.
    private static func ascii(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        return bytes.allSatisfy({ $0 < 0x80 }) ? bytes : nil
    }

    private static func escaped<U: MarkdownUnit>(_ units: [U], among set: StaticString) -> [U] {
        var out: [U] = []
        out.reserveCapacity(units.count + 8)
        for unit in units {
            if unit.isOne(of: set) { out.append(U(asciiByte: UInt8(ascii: "\\"))) }
            out.append(unit)
        }
        return out
    }

    private static func prose<U: MarkdownUnit>(_ units: [U]) -> [U] {
        let tick = U(asciiByte: UInt8(ascii: "`")), backslash = U(asciiByte: UInt8(ascii: "\\"))
        func run(at start: Int) -> Int {
            var end = start
            while end < units.count, units[end] == tick { end += 1 }
            return end - start
        }
        var out: [U] = []
        out.reserveCapacity(units.count + 16)
        var i = 0
        while i < units.count {
            guard units[i] == tick else {
                if units[i].isOne(of: "[]<>\\") { out.append(backslash) }
                out.append(units[i])
                i += 1
                continue
            }
            let open = run(at: i)
            var j = i + open, close: Int?
            while j < units.count {
                guard units[j] == tick else { j += 1; continue }
                let length = run(at: j)
                if length == open { close = j; break }
                j += length
            }
            if let close {
                out += units[i..<(close + open)]
                i = close + open
            } else {
                for _ in 0..<open { out += [backslash, tick] }
                i += open
            }
        }
        return out
    }

    private static func longestRun<U: Equatable>(of unit: U, in units: [U]) -> Int {
        var longest = 0, current = 0
        for u in units {
            current = u == unit ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}

/// What the markdown rules above read a text as: its characters, or an ASCII text's bytes.
private protocol MarkdownUnit: Equatable {
    init(asciiByte byte: UInt8)
    /// Whether this is one of the ASCII characters of `set`.
    func isOne(of set: StaticString) -> Bool
}

extension UInt8: MarkdownUnit {
    init(asciiByte byte: UInt8) { self = byte }
    func isOne(of set: StaticString) -> Bool { set.withUTF8Buffer { $0.contains(self) } }
}

extension Character: MarkdownUnit {
    init(asciiByte byte: UInt8) { self = Character(Unicode.Scalar(byte)) }
    /// A character of one scalar only: `\r\n` reads as ASCII 10 but is no `\n`.
    func isOne(of set: StaticString) -> Bool {
        guard unicodeScalars.count == 1, let value = asciiValue else { return false }
        return value.isOne(of: set)
    }
}
