/// Markdown building blocks that stay correct whatever text they carry (backticks, pipes, newlines).
enum Markdown {
    /// An inline code span, with a longer backtick run than any inside the text.
    static func code(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
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
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
    }

    /// Text from logs shown as prose: markup characters escaped so it renders as written.
    static func escaped(_ text: String) -> String {
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
        guard text.contains(where: { "[]<>\\`".contains($0) }) else { return text }
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
        var longest = 0, current = 0
        for c in text {
            current = c == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}
