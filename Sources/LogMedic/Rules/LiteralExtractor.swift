/// Derives the literals a pattern cannot match without, for the prefilter.
///
/// Only the top level of the pattern is read: text inside groups, classes and quantified atoms may
/// be absent from a match, so it never counts. A top-level alternation needs one literal per branch.
/// Pieces are also split at bytes that JSON escapes (`"`, `\`, `/`, control and non-ASCII bytes), so a
/// literal found in a decoded message is also present in the raw JSON line it came from.
public enum LiteralExtractor {
    public static let minimumLength = 4

    /// One literal per top-level branch, or nil when some branch has no usable literal
    /// (the pattern then has to run on every event).
    public static func requiredLiterals(of pattern: String) -> [String]? {
        var branches: [[UInt8]] = []
        var runs: [[UInt8]] = []
        var run: [UInt8] = []
        let bytes = Array(pattern.utf8)
        var i = 0

        func endRun() { if !run.isEmpty { runs.append(run); run = [] } }
        func endBranch() {
            endRun()
            branches.append(longestSafePiece(runs))
            runs = []
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
                if isAlphanumeric(next) { endRun() } else { run.append(next) }
                i += 2
                if i < bytes.count, isQuantifier(bytes, at: i), !isAlphanumeric(next) { dropLastQuantified(&run) }
                continue
            case UInt8(ascii: "("):
                if hasInlineOptions(bytes, at: i) { return nil }
                endRun()
                i = skipGroup(bytes, from: i)
                continue
            case UInt8(ascii: "["):
                endRun()
                i = skipClass(bytes, from: i)
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
        if branches.contains(where: { $0.count < minimumLength }) { return nil }
        return Array(Set(branches.map { String(decoding: $0, as: UTF8.self) })).sorted()
    }

    /// Whether a literal would survive JSON string escaping byte for byte.
    public static func isJSONSafe(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "/")
    }

    static func longestSafePiece(_ runs: [[UInt8]]) -> [UInt8] {
        var best: [UInt8] = []
        for run in runs {
            for piece in run.split(whereSeparator: { !isJSONSafe($0) }) where piece.count > best.count {
                best = Array(piece)
            }
        }
        return best
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
            while j < bytes.count, isDigit(bytes[j]) || bytes[j] == UInt8(ascii: ",") {
                sawDigit = sawDigit || isDigit(bytes[j]); j += 1
            }
            return sawDigit && j < bytes.count && bytes[j] == UInt8(ascii: "}")
        default: return false
        }
    }

    /// `(?i)`, `(?x)` and friends change how the rest of the pattern reads; give up rather than guess.
    static func hasInlineOptions(_ bytes: [UInt8], at i: Int) -> Bool {
        guard i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "?") else { return false }
        var j = i + 2
        while j < bytes.count, isLetter(bytes[j]) || bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "^") { j += 1 }
        // A scoped `(?i:…)` only affects its own group, which is skipped anyway.
        return j > i + 2 && j < bytes.count && bytes[j] == UInt8(ascii: ")")
            && bytes[(i + 2)..<j].contains(where: isLetter)
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

    static func skipClass(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start + 1
        if i < bytes.count, bytes[i] == UInt8(ascii: "^") { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1 }  // a leading ] is literal
        while i < bytes.count, bytes[i] != UInt8(ascii: "]") {
            if bytes[i] == UInt8(ascii: "\\") { i += 1 }
            i += 1
        }
        return i + 1
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    static func isAlphanumeric(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
}
