/// Capture arrays made lately, by pattern and the bytes of their groups: messages that never repeat
/// whole still repeat their values (the same few tables and columns), and a remembered array costs a
/// hash and a comparison of those bytes instead of an array and a String per value. Direct-mapped and
/// paused while it seldom hits (`MemoGate`), like the other memos.
struct RecentCaptures {
    static let slotBits = 10
    static let slots = 1 << slotBits
    private var entries: [(pattern: Int, captures: [Capture])?] = []
    private var gate = MemoGate()

    /// `CompiledCatalog.captures(groups, of: regex, in: text)`, remembered for pattern number `pattern`.
    mutating func captures(
        pattern: Int, _ groups: MatchScratch.Groups, of regex: Regex, in text: UnsafeRawBufferPointer
    ) -> [Capture] {
        guard gate.isOpen() else { return CompiledCatalog.captures(groups, of: regex, in: text) }
        if entries.isEmpty { entries = Array(repeating: nil, count: Self.slots) }
        var h = UInt64(pattern)
        for (group, _) in regex.namedGroups {
            guard let range = groups[group] else { continue }
            h = (h ^ ByteHash.hash(UnsafeRawBufferPointer(rebasing: text[range]))) &* 0x9E37_79B9_7F4A_7C15
        }
        let slot = Int(truncatingIfNeeded: h >> UInt64(64 - Self.slotBits))
        if let entry = entries[slot], entry.pattern == pattern, Self.are(entry.captures, groups, of: regex, in: text) {
            gate.record(hit: true)
            return entry.captures
        }
        gate.record(hit: false)
        let captures = CompiledCatalog.captures(groups, of: regex, in: text)
        entries[slot] = (pattern, captures)
        return captures
    }

    /// Whether `captures` is what `CompiledCatalog.captures` makes of these groups: the same names in
    /// the same order, each value's UTF-8 the group's bytes (which are then valid UTF-8, decoded as they are).
    private static func are(
        _ captures: [Capture], _ groups: MatchScratch.Groups, of regex: Regex, in text: UnsafeRawBufferPointer
    ) -> Bool {
        var made = 0, same = true
        CompiledCatalog.forEachCapture(groups, of: regex) { name, range in
            guard same else { return }
            same = made < captures.count && captures[made].name == name
                && captures[made].value.hasBytes(UnsafeRawBufferPointer(rebasing: text[range]))
            made += 1
        }
        return same && made == captures.count
    }
}
