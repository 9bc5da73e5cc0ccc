/// Where in an event's text a pattern's match can begin, from where the prefilter found literals:
/// PCRE2 then tries start positions from `from` through `through` only (`pcre2_set_offset_limit`), not
/// every byte of the text. A pattern without a first byte to look for (`\b(?<kind>type|index|…) "…" does
/// not exist`) otherwise runs its whole opening at every position of every event holding its literal.
///
/// The leftmost match is the one found without the window. A match holds one of its branch's literals
/// (`LiteralExtractor`), so it begins at or before that occurrence's start, which is at or before the
/// last start of any literal in the text. When nothing before the literal in any branch can match a line
/// break, the match begins on a line holding a literal, at or after the start of the first such line.
struct MatchWindow {
    var from: Int
    /// The last offset a match may begin at (`Int.max`: anywhere).
    var through: Int

    static let whole = MatchWindow(from: 0, through: .max)

    var limit: Int? { through == .max ? nil : through }

    /// What a pattern's literals say of where its match begins.
    enum Kind {
        /// Nothing: the pattern has no literals, or a rule's explicit `literals:`, which are only promised to
        /// be somewhere on a match's first line.
        case anywhere
        /// At or before the last literal.
        case beforeLastLiteral
        /// And on a line holding a literal.
        case onLiteralLines
    }
}

/// Where an event's literals were found: the first and last start, and the start of the first one's line,
/// looked for once, when a pattern first needs it.
struct LiteralOccurrences {
    private var first = Int.max, last = -1
    private var firstLineStart = -1

    @inline(__always)
    mutating func note(start: Int) {
        if start < first { first = start }
        if start > last { last = start }
    }

    @inline(__always)
    mutating func window(_ kind: MatchWindow.Kind, in text: UnsafeRawBufferPointer) -> MatchWindow {
        guard last >= 0 else { return .whole }  // no literal: only a pattern that runs anywhere is a candidate
        switch kind {
        case .anywhere: return .whole
        case .beforeLastLiteral: return MatchWindow(from: 0, through: last)
        case .onLiteralLines: return MatchWindow(from: lineStartOfFirst(in: text), through: last)
        }
    }

    private mutating func lineStartOfFirst(in text: UnsafeRawBufferPointer) -> Int {
        if firstLineStart < 0 {
            var at = first
            while at > 0, text[at &- 1] != 0x0A { at &-= 1 }
            firstLineStart = at
        }
        return firstLineStart
    }
}
