/// Derives the literals a pattern cannot match without, for the prefilter.
///
/// Only the top level of the pattern is read: text inside groups, classes and quantified atoms may
/// be absent from a match, so it never counts. A top-level alternation needs literals per branch.
/// Pieces are also split at bytes that JSON escapes (`"`, `\`, `/`, control and non-ASCII bytes), so a
/// literal found in a decoded message is also present in the raw JSON line it came from (a piece may
/// begin with `"` or `/`: escaped, the byte is still there).
public enum LiteralExtractor {
    public static let minimumLength = 4
    /// The literals of each top-level branch (any one of a branch's literals is in every match of it),
    /// or nil when some branch has no usable literal (the pattern then has to run on every event). The
    /// longest piece before anything that may match a line break is preferred: it lies on the line where
    /// the match begins, the line that opens the event.
    ///
    /// A group of plain alternatives followed by text, `(?:\(SQLSTATE |code: ')23503`, gives one literal
    /// per alternative, each alternative's trailing text joined to the text after the group
    /// (`(SQLSTATE 23503`, `code: '23503`) when the shortest of them is longer than the branch's best
    /// single piece: the prefilter's stride grows with its shortest literal.
    public static func requiredLiterals(of pattern: String) -> [String]? {
        guard let branches = branches(of: pattern) else { return nil }
        return Array(Set(branches.flatMap(\.literals))).sorted()
    }

    /// One top-level branch's prefilter literals (a match of the branch holds one of them) and its
    /// companions: the other pieces a line must hold too when the branch's match begins on it.
    public struct Branch: Equatable, Sendable {
        public let literals: [String]
        /// Empty when the literals may lie on a later line than the match's start.
        public let companions: [String]
        /// Whether the literals lie on the line where the match begins (nothing before them in the branch
        /// may match a line break): a match then begins on a line that holds one.
        public var onFirstLine = true
    }

    /// The branches of a pattern, or nil when one has no usable literal (see `requiredLiterals`).
    /// Companions are the raw-safe parts (see `rawSafeParts`) of the pieces on the match's first line:
    /// top-level text, plain groups such as `(?<reason>Connection timed out)` and plain lookaheads
    /// such as `(?= does not exist)`. A line that holds the literal but not every companion cannot be
    /// where the branch's match begins, so it opens no event for it.
    public static func branches(of pattern: String) -> [Branch]? {
        var branches: [Branch] = []
        var runs: [[UInt8]] = []
        var groupTexts: [[UInt8]] = []  // plain group and lookahead texts on the first line
        var firstLineRuns: [[UInt8]] = []
        var crossed = false  // something that may match a line break has been passed in this branch
        var run: [UInt8] = []
        /// The trailing texts of the alternatives of the group the current run directly follows.
        var groupTails: [[UInt8]]?
        var joined: [[UInt8]]?  // the best set of joined literals in this branch, on the first line
        let bytes = Array(pattern.utf8)
        var i = 0

        func endRun() {
            if !run.isEmpty {
                runs.append(run)
                if !crossed {
                    firstLineRuns.append(run)
                    if let tails = groupTails { consider(tails.map { $0 + run }) }
                }
                run = []
            }
            groupTails = nil
        }
        func consider(_ set: [[UInt8]]) {
            guard set.allSatisfy({ safePieces([$0]) == [$0] }) else { return }
            let shortest = set.map { $0.count }.min() ?? 0
            if shortest > (joined?.map { $0.count }.min() ?? 0) { joined = set }
        }
        func endBranch() {
            endRun()
            let firstLine = safePieces(firstLineRuns).first ?? []
            let literals: [[UInt8]]
            var onFirstLine = true
            if let joined, let shortest = joined.map({ $0.count }).min(), shortest >= minimumLength, shortest > firstLine.count {
                literals = joined
            } else if firstLine.count >= minimumLength {
                literals = [firstLine]
            } else {
                literals = [safePieces(runs).first ?? []]
                onFirstLine = false
            }
            let companions = !onFirstLine ? [] : safePieces(firstLineRuns + groupTexts).flatMap(rawSafeParts).filter { piece in
                !literals.allSatisfy { contains($0, piece) }
            }
            branches.append(Branch(
                literals: literals.map { String(decoding: $0, as: UTF8.self) },
                companions: Array(Set(companions.map { String(decoding: $0, as: UTF8.self) })).sorted(),
                onFirstLine: onFirstLine))
            runs = []
            firstLineRuns = []
            groupTexts = []
            crossed = false
            joined = nil
        }

        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else { return nil }
                let next = bytes[i + 1]
                if next == UInt8(ascii: "Q") {
                    // \Q…\E quotes everything up to \E.
                    var j = i + 2
                    while j < bytes.count, !(bytes[j] == UInt8(ascii: "\\") && j + 1 < bytes.count && bytes[j + 1] == UInt8(ascii: "E")) {
                        run.append(bytes[j]); j += 1
                    }
                    i = j + 2
                    continue
                }
                if ASCII.isAlphanumeric(next) {
                    endRun()
                    if mayMatchLineBreak(escape: next) { crossed = true }
                } else {
                    run.append(next)
                }
                i += 2
                if i < bytes.count, isQuantifier(bytes, at: i), !ASCII.isAlphanumeric(next) { dropLastQuantified(&run) }
                continue
            case UInt8(ascii: "("):
                if hasInlineOptions(bytes, at: i) { return nil }
                endRun()
                let end = skipGroup(bytes, from: i)
                if mayMatchLineBreak(bytes[i..<end]) { crossed = true }
                let quantified = end < bytes.count && isQuantifier(bytes, at: end)
                if !quantified, !crossed, let text = plainText(bytes, group: i..<end) { groupTexts.append(text) }
                if end < bytes.count, !quantified, !crossed { groupTails = alternativeTails(bytes, group: i..<end) }
                i = end
                continue
            case UInt8(ascii: "["):
                endRun()
                let end = skipClass(bytes, from: i)
                if mayMatchLineBreak(bytes[i..<min(end, bytes.count)]) { crossed = true }
                i = end
                continue
            case UInt8(ascii: "|"):
                endBranch()
            case UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: ")"):
                endRun()
            case UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"):
                endRun()
            case UInt8(ascii: "{") where isQuantifier(bytes, at: i):
                endRun()
                while i < bytes.count, bytes[i] != UInt8(ascii: "}") { i += 1 }
            default:
                run.append(c)
                if i + 1 < bytes.count, isQuantifier(bytes, at: i + 1) { dropLastQuantified(&run) }
            }
            i += 1
        }
        endBranch()
        if branches.contains(where: { $0.literals.contains { $0.utf8.count < minimumLength } }) { return nil }
        return branches
    }

    /// The text a group must match when it is plain literal text with nothing optional in it: a
    /// `(…)`, `(?:…)`, named `(?<name>…)` or positive lookahead `(?=…)` group of ordinary bytes and
    /// escaped punctuation. Nil for any other group.
    static func plainText(_ bytes: [UInt8], group: Range<Int>) -> [UInt8]? {
        var i = group.lowerBound + 1
        let end = group.upperBound - 1  // at the `)`
        guard end < bytes.count, bytes[end] == UInt8(ascii: ")") else { return nil }
        if i < end, bytes[i] == UInt8(ascii: "?") {
            guard i + 1 < end else { return nil }
            if bytes[i + 1] == UInt8(ascii: ":") || bytes[i + 1] == UInt8(ascii: "=") {
                i += 2
            } else {
                let nameStart = bytes[i + 1] == UInt8(ascii: "<") ? i + 2
                    : bytes[i + 1] == UInt8(ascii: "P") && i + 2 < end && bytes[i + 2] == UInt8(ascii: "<") ? i + 3 : nil
                guard let nameStart, nameStart < end, let close = bytes[nameStart..<end].firstIndex(of: UInt8(ascii: ">")),
                      close > nameStart,
                      bytes[nameStart..<close].allSatisfy({ ASCII.isIdentifier($0, first: false) }) else { return nil }
                i = close + 1
            }
        }
        var text: [UInt8] = []
        while i < end {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") {
                guard i + 1 < end, !ASCII.isAlphanumeric(bytes[i + 1]) else { return nil }
                text.append(bytes[i + 1])
                i += 2
                continue
            }
            guard !Array("()[]{}|.^$?*+#".utf8).contains(c) else { return nil }
            text.append(c)
            i += 1
        }
        return text.isEmpty ? nil : text
    }

    /// The parts of a JSON-safe piece that a raw line must hold when its decoded text holds the piece.
    /// Decoding adds text between raw fields: csvlog and jsonlog records become `ERROR:  42P01: message`
    /// and `CONTEXT:  …` lines, and a `%e` prefix moves the SQLSTATE to `ERROR:  42P01: `. Every byte
    /// added is a colon, a space after one, a label or severity word or a SQLSTATE (or a control
    /// byte, which no piece holds), so a part with no colon, no leading space and some byte outside
    /// `A-Z0-9` lies inside one raw field. Parts shorter than 3 bytes are not worth a search.
    static func rawSafeParts(_ piece: [UInt8]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start = 0
        for end in piece.indices where piece[end] == UInt8(ascii: ":") || end == piece.count - 1 {
            let stop = piece[end] == UInt8(ascii: ":") ? end : end + 1
            var first = start
            while first < stop, piece[first] == UInt8(ascii: " ") { first += 1 }
            let part = piece[first..<stop]
            if part.count >= 3, part.contains(where: { !(ASCII.isDigit($0) || ($0 >= 0x41 && $0 <= 0x5A)) }) { parts.append(Array(part)) }
            start = end + 1
        }
        return parts
    }

    static func contains(_ text: [UInt8], _ piece: [UInt8]) -> Bool {
        text.withUnsafeBytes { text in piece.withUnsafeBytes { ByteSearch.contains(text, $0) } }
    }

    /// The literal text each alternative of the group at `group` (from its `(` to past its `)`) ends with
    /// (empty when it ends in a class, a group or a quantifier), or nil when the group is not a plain one:
    /// a lookaround, an atomic or option group such as `(?i:…)`, or text this reader does not follow.
    static func alternativeTails(_ bytes: [UInt8], group: Range<Int>) -> [[UInt8]]? {
        var i = group.lowerBound + 1
        let end = group.upperBound - 1  // at the `)`
        if bytes[i] == UInt8(ascii: "?") {
            if bytes[i + 1] == UInt8(ascii: ":") {
                i += 2
            } else {
                // (?<name>…) or (?P<name>…); any other (? form is not plain.
                let nameStart = bytes[i + 1] == UInt8(ascii: "<") ? i + 2
                    : bytes[i + 1] == UInt8(ascii: "P") && bytes[i + 2] == UInt8(ascii: "<") ? i + 3 : nil
                guard let nameStart, let close = bytes[nameStart..<end].firstIndex(of: UInt8(ascii: ">")),
                      bytes[nameStart..<close].allSatisfy({ ASCII.isIdentifier($0, first: false) }) else { return nil }
                i = close + 1
            }
        }
        var tails: [[UInt8]] = []
        var tail: [UInt8] = []
        while i < end {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\\"):
                let next = bytes[i + 1]
                if next == UInt8(ascii: "Q") || next == UInt8(ascii: "E") { return nil }
                if ASCII.isAlphanumeric(next) { tail = [] } else { tail.append(next) }
                i += 2
                continue
            case UInt8(ascii: "("):
                tail = []
                i = skipGroup(bytes, from: i)
                continue
            case UInt8(ascii: "["):
                tail = []
                i = skipClass(bytes, from: i)
                continue
            case UInt8(ascii: "|"):
                tails.append(tail)
                tail = []
            case UInt8(ascii: "{"):
                tail = []
                if isQuantifier(bytes, at: i) { i = bytes[i...].firstIndex(of: UInt8(ascii: "}"))! }
            case UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: ")"),
                 UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"):
                tail = []
            default:
                tail.append(c)
            }
            i += 1
        }
        tails.append(tail)
        return tails
    }

    /// Escapes that may match a line break: `\n`, `\s`, `\v`, `\R`, negated classes such as `\D`,
    /// and the numeric or property forms that could name one.
    static func mayMatchLineBreak(escape: UInt8) -> Bool {
        Array("nsvRDWHxcpPou0123456789".utf8).contains(escape)
    }

    /// Whether a group or class (its pattern text) may match a line break: a negated class that does
    /// not exclude `\n`, a class or escape that includes it, or a `(?s)` that makes `.` match it.
    static func mayMatchLineBreak(_ text: ArraySlice<UInt8>) -> Bool {
        var i = text.startIndex
        while i < text.endIndex {
            switch text[i] {
            case UInt8(ascii: "\\"):
                if i + 1 < text.endIndex, mayMatchLineBreak(escape: text[i + 1]) { return true }
                i += 2
            case UInt8(ascii: "["):
                let end = min(skipClass(text, from: i), text.endIndex)
                let negated = i + 1 < text.endIndex && text[i + 1] == UInt8(ascii: "^")
                let excludesLineBreak = text[i..<end].split(separator: UInt8(ascii: "\\")).dropFirst()
                    .contains { $0.first == UInt8(ascii: "n") || $0.first == UInt8(ascii: "s") || $0.first == UInt8(ascii: "v") }
                if negated ? !excludesLineBreak : mayMatchLineBreak(escapesIn: text[i..<end]) { return true }
                i = end
            case UInt8(ascii: "("):
                if i + 2 < text.endIndex, text[i + 1] == UInt8(ascii: "?"),
                   text[(i + 2)...].prefix(while: { ASCII.isLetter($0) || $0 == UInt8(ascii: "-") }).contains(UInt8(ascii: "s")) {
                    return true
                }
                i += 1
            default:
                i += 1
            }
        }
        return false
    }

    /// A non-negated class includes a line break when it holds an escape that may match one.
    static func mayMatchLineBreak(escapesIn text: ArraySlice<UInt8>) -> Bool {
        text.split(separator: UInt8(ascii: "\\"), omittingEmptySubsequences: false).dropFirst()
            .contains { $0.first.map { mayMatchLineBreak(escape: $0) } ?? false }
    }

    /// Whether a literal would survive JSON string escaping byte for byte.
    public static func isJSONSafe(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "/")
    }

    /// The JSON-safe pieces of the runs, longest first (the earliest of equally long ones first). A `"`
    /// or `/` may begin a piece: JSON writes it `\"` or `\/`, so the piece is still in the raw record.
    static func safePieces(_ runs: [[UInt8]]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        for run in runs {
            var start = 0  // where the piece being read begins
            for (index, byte) in run.enumerated() where !isJSONSafe(byte) {
                if index > start { pieces.append(Array(run[start..<index])) }
                start = byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "/") ? index : index + 1
            }
            if run.count > start { pieces.append(Array(run[start...])) }
        }
        return pieces.indices.sorted { pieces[$0].count != pieces[$1].count ? pieces[$0].count > pieces[$1].count : $0 < $1 }
            .map { pieces[$0] }
    }

    /// A quantifier makes the atom before it optional or repeated, so that atom leaves the run.
    static func dropLastQuantified(_ run: inout [UInt8]) {
        if !run.isEmpty { run.removeLast() }
    }

    static func isQuantifier(_ bytes: [UInt8], at i: Int) -> Bool {
        switch bytes[i] {
        case UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"): return true
        case UInt8(ascii: "{"):
            // PCRE2 treats `{` as a literal unless it opens {n}, {n,}, {n,m} or {,m}.
            var j = i + 1
            var sawDigit = false
            while j < bytes.count, ASCII.isDigit(bytes[j]) || bytes[j] == UInt8(ascii: ",") {
                sawDigit = sawDigit || ASCII.isDigit(bytes[j]); j += 1
            }
            return sawDigit && j < bytes.count && bytes[j] == UInt8(ascii: "}")
        default: return false
        }
    }

    /// `(?i)`, `(?x)` and friends change how the rest of the pattern reads; give up rather than guess.
    static func hasInlineOptions(_ bytes: [UInt8], at i: Int) -> Bool {
        guard i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "?") else { return false }
        var j = i + 2
        while j < bytes.count, ASCII.isLetter(bytes[j]) || bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "^") { j += 1 }
        // A scoped `(?i:…)` only affects its own group, which is skipped anyway.
        return j > i + 2 && j < bytes.count && bytes[j] == UInt8(ascii: ")")
            && bytes[(i + 2)..<j].contains(where: ASCII.isLetter)
    }

    static func skipGroup(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 0
        var i = start
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 1
            case UInt8(ascii: "["): i = skipClass(bytes, from: i) - 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return i + 1 }
            default: break
            }
            i += 1
        }
        return bytes.count
    }

    static func skipClass(_ bytes: [UInt8], from start: Int) -> Int { skipClass(bytes[...], from: start) }

    static func skipClass(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int {
        var i = start + 1
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "^") { i += 1 }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "]") { i += 1 }  // a leading ] is literal
        while i < bytes.endIndex, bytes[i] != UInt8(ascii: "]") {
            if bytes[i] == UInt8(ascii: "\\") { i += 1 }
            i += 1
        }
        return i + 1
    }
}
