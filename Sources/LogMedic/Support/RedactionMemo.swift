import Foundation

/// Remembers recent redactions for a stream of findings: consecutive findings repeat the same context
/// lines, captures and event texts, and `scan` prints each of them again. A remembered text costs a
/// word-at-a-time hash and a byte comparison instead of a pass of the redactor.
///
/// Direct-mapped: a text's hash picks one of `slots` entries, which a new text simply replaces, so a
/// lookup never rehashes or sweeps. Bounded: texts of `minTextBytes` to `maxTextBytes` only (shorter ones
/// are cheaper to scrub than to look up), so the memo holds at most `slots` × (2 KiB and its redaction),
/// and the clean classes (`CleanTextClasses`) at most 1 MiB.
/// Texts are compared byte for byte: `String ==` would take canonically equivalent texts for the same.
public struct RedactionMemo {
    static let minTextBytes = 24
    static let maxTextBytes = 2048
    static let slots = 512
    private var entries: [(text: String, redacted: String)?] = []
    /// Classes of texts found free of literals lately.
    private var cleanClasses = CleanTextClasses()
    /// Off while texts of no known class come: a miss costs a copy of the text.
    private var cleanGate = MemoGate()
    /// Matched texts and capture values found free of literals lately, by identity (`String.Identity`): the
    /// scanner hands repeated ones out as the same String (`RecentTexts`, `RecentCaptures`), so a hit costs two
    /// words' hash, not a search of the event text. Held, so that no other String takes their storage.
    private var cleanParts: [String?] = []

    public init() {}

    /// `redactor.scrub(text)`, remembered.
    public mutating func scrub(_ text: String, with redactor: Redactor) -> String {
        let size = text.utf8.count
        guard size >= Self.minTextBytes, size <= Self.maxTextBytes else { return redactor.scrub(text) }
        let slot = Int(ByteHash.hash(text) % UInt64(Self.slots))
        if entries.isEmpty { entries = Array(repeating: nil, count: Self.slots) }
        if let entry = entries[slot], Self.sameBytes(entry.text, text) { return entry.redacted }
        let redacted = redactor.scrub(text)
        entries[slot] = (text, redacted)
        return redacted
    }

    /// `redactor.findsNoLiteral(in: text)`, remembered when true by the text's class (`CleanTextClasses`): a
    /// failure storm repeats its messages with other numbers in them, its times differ only in their digits.
    public mutating func findsNoLiteral(in text: String, with redactor: Redactor) -> Bool {
        let size = text.utf8.count
        guard size >= max(Self.minTextBytes, CleanTextClasses.minTextBytes), size <= CleanTextClasses.maxTextBytes, cleanGate.isOpen() else {
            return redactor.findsNoLiteral(in: text)
        }
        return text.withUTF8Bytes { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            let slot = CleanTextClasses.slot(of: bytes)
            let known = cleanClasses.holds(bytes, at: slot)
            cleanGate.record(hit: known)
            if known { return true }
            if cleanClasses.insert(bytes, at: slot, isClean: redactor.findsNoLiteral(inDigitClass:)) { return true }
            return redactor.findsNoLiteral(in: text)
        }
    }

    /// Whether `text` is a String `rememberClean` was given (the same storage, or equal inline bytes).
    @inline(__always)
    func isKnownClean(_ text: String) -> Bool {
        guard !cleanParts.isEmpty, let known = cleanParts[Self.slot(of: text)] else { return false }
        return known.identity == text.identity
    }

    /// Remembers that `text` holds no literal.
    mutating func rememberClean(_ text: String) {
        if cleanParts.isEmpty { cleanParts = Array(repeating: nil, count: Self.slots) }
        cleanParts[Self.slot(of: text)] = text
    }

    @inline(__always)
    private static func slot(of text: String) -> Int { Int(String.hash(of: text.identity) % UInt64(slots)) }

    static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && b.withUTF8Bytes { a.hasBytes(UnsafeRawBufferPointer($0)) }
    }
}

/// A 64-bit hash of bytes, a word at a time; equal bytes give equal hashes in every run.
enum ByteHash {
    static func hash(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
        var i = 0
        while i + 8 <= raw.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < raw.count { tail |= UInt64(raw[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }

    /// The hash of a String's UTF-8: what direct-mapped memos pick their slot by.
    /// Kept out of line: inlined into the grouper's fingerprinting it measured slower.
    @inline(never)
    static func hash(_ text: String) -> UInt64 {
        text.withUTF8Bytes { hash(UnsafeRawBufferPointer($0)) }
    }
}
