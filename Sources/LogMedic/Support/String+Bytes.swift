import Foundation

extension String {
    /// `body` over the String's UTF-8 where it is: unlike `withUTF8`, no copy of the String (a retain
    /// and a release) unless its bytes are not contiguous.
    @inline(__always)
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }

    /// `split(separator: "\n", omittingEmptySubsequences:)`, cut at newline bytes when there is no `\r` (then
    /// every newline byte is a `\n` character of its own; a `\r\n` is one character, which that split keeps).
    /// Splitting by characters cost a storm's markdown report a tenth of its time.
    func lines(omittingEmpty: Bool = true) -> [Substring] {
        guard !utf8.contains(0x0D) else { return split(separator: "\n", omittingEmptySubsequences: omittingEmpty) }
        return utf8.split(separator: 0x0A, omittingEmptySubsequences: omittingEmpty).map { self[$0.startIndex..<$0.endIndex] }
    }

    /// A copy with storage of its own. Threads that retain and release one String's storage per finding
    /// pass its reference count's cache line between cores.
    var unshared: String { withUTF8Bytes { String(decoding: $0, as: UTF8.self) } }

    /// Whether the String's UTF-8 is exactly `bytes`.
    func hasBytes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        withUTF8Bytes { own in
            own.count == bytes.count && (own.isEmpty || bytesEqual(own.baseAddress!, bytes.baseAddress!, count: own.count))
        }
    }

    /// The String's two words. Equal words are the same inline bytes, or the same storage and length,
    /// so the same bytes, known without reading them (`String ==` would also take canonically equivalent
    /// texts for the same). Copies of a String share its words; equal Strings made apart seldom do.
    struct Identity: Equatable {
        let high: UInt64, low: UInt64
    }

    var identity: Identity {
        let words = unsafeBitCast(self, to: (UInt64, UInt64).self)
        return Identity(high: words.0, low: words.1)
    }

    /// The most UTF-8 bytes a String can hold inline, in its two words, where equal bytes are equal
    /// identities.
    static let inlineCapacity = 15

    /// What direct-mapped memos keyed by identity pick their slot by.
    static func hash(of identity: Identity) -> UInt64 {
        let h = (identity.high &* 0x9E37_79B9_7F4A_7C15 ^ identity.low) &* 0xFF51_AFD7_ED55_8CCD
        return h ^ (h >> 32)
    }
}
