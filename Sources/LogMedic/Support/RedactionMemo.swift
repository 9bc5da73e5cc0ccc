/// Remembers recent redactions for a stream of findings: consecutive findings repeat the same context
/// lines, captures and event texts, and `scan` prints each of them again. Redacting a text once and
/// looking it up afterwards costs a hash of the text instead of a pass of every secret shape.
/// Bounded: only texts up to `maxTextBytes` are kept, and it forgets everything past `maxBytes`.
public struct RedactionMemo {
    static let maxTextBytes = 4096
    static let maxBytes = 1 << 20
    private var results: [String: String] = [:]
    private var bytes = 0

    public init() {}

    /// `redactor.scrub(text)`, remembered.
    public mutating func scrub(_ text: String, with redactor: Redactor) -> String {
        let size = text.utf8.count
        guard size <= Self.maxTextBytes else { return redactor.scrub(text) }
        if let known = results[text] { return known }
        let redacted = redactor.scrub(text)
        if bytes + 2 * size > Self.maxBytes { results.removeAll(keepingCapacity: true); bytes = 0 }
        results[text] = redacted
        bytes += size + redacted.utf8.count
        return redacted
    }
}
