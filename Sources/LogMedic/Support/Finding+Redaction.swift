import Foundation

extension Finding {
    /// The finding with secrets removed from every text it carries.
    public func redacted(_ redactor: Redactor = .shared) -> Finding {
        var memo = RedactionMemo()
        return redacted(redactor, memo: &memo)
    }

    /// The same, looking texts seen in earlier findings up in `memo` instead of scrubbing them again.
    ///
    /// When the event text holds no secret literal, neither do the matched text and the captures that
    /// are part of it (nearly always: they are cut from it), so those are only control-escaped.
    public func redacted(_ redactor: Redactor, memo: inout RedactionMemo) -> Finding {
        var copy = self
        let clean = redactor.findsNoLiteral(in: event.text)
        func scrubPart(_ part: String, memo: inout RedactionMemo) -> String {
            clean && Self.bytes(of: part, occurIn: event.text) ? ControlCharacters.escaped(part) : memo.scrub(part, with: redactor)
        }
        copy.matched = scrubPart(matched, memo: &memo)
        copy.captures = captures.map { Capture(name: $0.name, value: scrubPart($0.value, memo: &memo)) }
        copy.event.text = clean ? ControlCharacters.escaped(event.text) : memo.scrub(event.text, with: redactor)
        copy.event.user = event.user.map { memo.scrub($0, with: redactor) }
        copy.event.database = event.database.map { memo.scrub($0, with: redactor) }
        copy.event.application = event.application.map { memo.scrub($0, with: redactor) }
        copy.event.logger = event.logger.map { memo.scrub($0, with: redactor) }
        copy.context = context.map { line in
            var line = line
            line.text = memo.scrub(line.text, with: redactor)
            line.captures = line.captures.map { Capture(name: $0.name, value: memo.scrub($0.value, with: redactor)) }
            return line
        }
        return copy
    }

    private static func bytes(of part: String, occurIn text: String) -> Bool {
        var part = part, text = text
        return part.withUTF8 { p in text.withUTF8 { t in contains(t, p) } }
    }

    /// Whether `needle` occurs in `haystack`: memchr for each place its first byte occurs, then memcmp.
    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= haystack.count, var at = haystack.baseAddress else { return false }
        let last = at + (haystack.count - needle.count)
        while at <= last, let hit = memchr(at, Int32(first), last - at + 1) {
            let start = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(start, needle.baseAddress!, needle.count) == 0 { return true }
            at = start + 1
        }
        return false
    }
}
