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

/// Where an event's literals were found: the first and last start of any, and the first `recorded` occurrences
/// themselves, so that a pattern's window is bounded by its own literals' places (a unique violation's text holds
/// `duplicate key …` on its first line and ` already exists` on its second: `duplicate_object`'s pattern, whose
/// literal is the second, need not be tried from the first line). Past `recorded` occurrences, every pattern gets
/// the bounds of all of them, which hold as well, only wider.
struct LiteralOccurrences {
    static let recorded = 16
    private var first = Int.max, last = -1
    /// Each as `literal << 32 | start`, in the caller's memory (no allocation per event).
    private let records: UnsafeMutableBufferPointer<UInt64>
    private var count = 0

    init(records: UnsafeMutableBufferPointer<UInt64>) { self.records = records }

    @inline(__always)
    mutating func note(_ literal: Int, start: Int) {
        if start < first { first = start }
        if start > last { last = start }
        if count < records.count { records[count] = UInt64(literal) << 32 | UInt64(truncatingIfNeeded: start) }
        count &+= 1
    }

    /// The window of `pattern` (`owners`: each literal's patterns).
    mutating func window(_ kind: MatchWindow.Kind, of pattern: Int, owners: [[CompiledCatalog.Owner]], in text: UnsafeRawBufferPointer) -> MatchWindow {
        guard last >= 0 else { return .whole }  // no literal: only a pattern that runs anywhere is a candidate
        guard kind != .anywhere else { return .whole }
        var (from, through) = (first, last)
        if count <= records.count {
            var (own, ownLast) = (Int.max, -1)
            for record in records[..<count] where owners[Int(record >> 32)].contains(where: { $0.pattern == pattern }) {
                let start = Int(truncatingIfNeeded: record & 0xFFFF_FFFF)
                own = min(own, start)
                ownLast = max(ownLast, start)
            }
            if ownLast >= 0 { (from, through) = (own, ownLast) }
        }
        guard kind == .onLiteralLines else { return MatchWindow(from: 0, through: through) }
        while from > 0, text[from &- 1] != 0x0A { from &-= 1 }
        return MatchWindow(from: from, through: through)
    }
}
