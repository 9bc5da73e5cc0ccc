/// The source lines of the app's own frames in the Python tracebacks of logged events: the line under
/// `File "/srv/app/orders.py", line 95, in note` when that file is not a library's. They tell what the app's
/// code was doing when the write failed (`Order.create(customer=1, note="…")`).
enum AppCodeLines {
    static func lines(in texts: [String]) -> [(frame: CodeFrame, code: Substring)] {
        texts.flatMap { text -> [(frame: CodeFrame, code: Substring)] in
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.indices.dropLast().compactMap { i in
                let head = lines[i].drop { $0 == " " || $0 == "\t" }
                guard let frame = FrameParser.python(head), !frame.isLibrary else { return nil }
                let code = lines[i + 1].drop { $0 == " " || $0 == "\t" }
                return code.isEmpty || FrameParser.python(code) != nil ? nil : (frame, code)
            }
        }
    }

    /// Whether `code` sets `name`: a keyword argument or an assignment (`note=…`, `order.note = …`, not
    /// `note == …`) or a dictionary key (`"note": …`).
    static func sets(_ code: Substring, _ name: String) -> Bool {
        var rest = code[...]
        while let found = rest.range(of: name) {
            defer { rest = rest[found.upperBound...] }
            let before = found.lowerBound > code.startIndex ? code[code.index(before: found.lowerBound)] : " "
            guard !isIdentifier(before) else { continue }
            var after = code[found.upperBound...]
            if before == "\"" || before == "'" {
                guard after.first == before else { continue }
                after = after.dropFirst().drop { $0 == " " }
                if after.first == ":" { return true }
                continue
            }
            guard after.first.map({ !isIdentifier($0) }) ?? false else { continue }
            after = after.drop { $0 == " " }
            if after.first == "=", after.dropFirst().first != "=" { return true }
        }
        return false
    }

    private static func isIdentifier(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
}
