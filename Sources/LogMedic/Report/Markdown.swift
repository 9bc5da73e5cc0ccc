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
        if let bytes = ascii(text) {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 8)
            for byte in bytes {
                if isEscaped(byte, among: "\\`*_[]<>|#") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
            return String(decoding: out, as: UTF8.self)
        }
        var out = ""
        for character in text {
            if "\\`*_[]<>|#".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Prose that carries values from logs (advice, verdicts, evidence): its code spans stay as written,
    /// and outside them `[`, `]`, `<`, `>` and `\\` are escaped, so a relation name or an error message
    /// from a log renders as text, never as a link, an image or HTML. A backtick run with no closing
    /// run of the same length is escaped too.
    static func prose(_ text: String) -> String {
        // Byte tests first: these are ASCII characters, and a character holding one holds its byte.
        guard text.utf8.contains(where: { isEscaped($0, among: "[]<>\\`") }) else { return text }
        if let bytes = ascii(text) { return prose(bytes) }
        let characters = Array(text)
        var out = ""
        var i = 0
        while i < characters.count {
            let character = characters[i]
            guard character == "`" else {
                if "[]<>\\".contains(character) { out.append("\\") }
                out.append(character)
                i += 1
                continue
            }
            let open = run(of: "`", in: characters, at: i)
            var j = i + open, close: Int?
            while j < characters.count {
                guard characters[j] == "`" else { j += 1; continue }
                let length = run(of: "`", in: characters, at: j)
                if length == open { close = j; break }
                j += length
            }
            if let close {
                out += String(characters[i..<(close + open)])
                i = close + open
            } else {
                out += String(repeating: "\\`", count: open)
                i += open
            }
        }
        return out
    }

    private static func run(of character: Character, in characters: [Character], at start: Int) -> Int {
        var end = start
        while end < characters.count, characters[end] == character { end += 1 }
        return end - start
    }

    static func longestRun(of character: Character, in text: String) -> Int {
        if let bytes = ascii(text), let byte = character.asciiValue {
            var longest = 0, current = 0
            for b in bytes {
                current = b == byte ? current + 1 : 0
                longest = max(longest, current)
            }
            return longest
        }
        var longest = 0, current = 0
        for c in text {
            current = c == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }

    /// The UTF-8 of an ASCII text, nil for any other. In ASCII every character is a byte (but for `\r\n`,
    /// which none of these rules looks at), so the byte versions above give what the character loops give,
    /// in a fraction of the time: a storm's markdown report spent most of a second in those loops.
    private static func ascii(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        return bytes.allSatisfy({ $0 < 0x80 }) ? bytes : nil
    }

    private static func isEscaped(_ byte: UInt8, among set: StaticString) -> Bool {
        set.withUTF8Buffer { $0.contains(byte) }
    }

    /// `prose` on ASCII bytes.
    private static func prose(_ b: [UInt8]) -> String {
        let tick = UInt8(ascii: "`")
        func run(at start: Int) -> Int {
            var end = start
            while end < b.count, b[end] == tick { end += 1 }
            return end - start
        }
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 16)
        var i = 0
        while i < b.count {
            guard b[i] == tick else {
                if isEscaped(b[i], among: "[]<>\\") { out.append(UInt8(ascii: "\\")) }
                out.append(b[i])
                i += 1
                continue
            }
            let open = run(at: i)
            var j = i + open, close: Int?
            while j < b.count {
                guard b[j] == tick else { j += 1; continue }
                let length = run(at: j)
                if length == open { close = j; break }
                j += length
            }
            if let close {
                out += b[i..<(close + open)]
                i = close + open
            } else {
                for _ in 0..<open { out += [UInt8(ascii: "\\"), tick] }
                i += open
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
