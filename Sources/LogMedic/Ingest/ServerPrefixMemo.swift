import Foundation

/// The prefix of the last server line a scanner read, and what it said. The lines of one error (the
/// error, its DETAIL, its STATEMENT) repeat their prefix byte for byte, and the next error often differs
/// from it only in its timestamp and process id: each layout of prefix is read once.
final class ServerPrefixMemo {
    /// The prefix bytes held: a prefix ends before the severity word, which is looked for within `maxPrefix`.
    private let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: PostgresServerLine.maxPrefix, alignment: 1)
    private var count = 0
    private var prefix = PostgresServerLine.Prefix()
    /// Where the prefix held has its `PostgresServerLine.leadingPID`.
    private var pidDigits: Range<Int>?
    /// The timestamp header of an earlier prefix until `isCurrent`: its text is reused while lines repeat it.
    private var header: PlainHeader?
    private var isCurrent = false
    /// The text of the last leading timestamp handed out, and its bytes.
    private let timestampBytes = UnsafeMutableRawBufferPointer.allocate(byteCount: PostgresServerLine.maxPrefix, alignment: 1)
    private var timestampCount = -1
    private var timestampText = ""

    deinit {
        bytes.deallocate()
        timestampBytes.deallocate()
    }

    /// What `bytes` (not empty) say: recalled, or read and then held.
    func prefix(of bytes: UnsafeRawBufferPointer) -> PostgresServerLine.Prefix {
        if !recall(bytes) { remember(bytes, PostgresServerLine.Prefix(reading: bytes, reusing: prefix)) }
        return prefix
    }

    /// Whether `prefix` (not empty) says what the held one does, but for a process id it then holds.
    private func recall(_ prefix: UnsafeRawBufferPointer) -> Bool {
        if count == prefix.count, memcmp(bytes.baseAddress!, prefix.baseAddress!, count) == 0 { return true }
        guard let held = pidDigits, let (digits, pid) = PostgresServerLine.leadingPID(prefix), digits.lowerBound == held.lowerBound,
              prefix.count - digits.upperBound == count - held.upperBound,
              memcmp(bytes.baseAddress! + held.upperBound, prefix.baseAddress! + digits.upperBound, count - held.upperBound) == 0
        else { return false }
        hold(prefix, pidDigits: digits)
        self.prefix.processID = pid
        return true
    }

    private func remember(_ bytes: UnsafeRawBufferPointer, _ prefix: consuming PostgresServerLine.Prefix) {
        hold(bytes, pidDigits: PostgresServerLine.leadingPID(bytes)?.digits)
        self.prefix = prefix
    }

    private func hold(_ bytes: UnsafeRawBufferPointer, pidDigits: Range<Int>?) {
        precondition(bytes.count <= self.bytes.count, "a server prefix is shorter than maxPrefix")
        count = bytes.count
        self.bytes.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: count)
        self.pidDigits = pidDigits
        isCurrent = false
    }

    /// The text of a line's leading timestamp (which ends before the severity word): the String handed out
    /// last while lines repeat it.
    func timestamp(_ text: UnsafeRawBufferPointer) -> String {
        if text.count == timestampCount, memcmp(timestampBytes.baseAddress!, text.baseAddress!, text.count) == 0 { return timestampText }
        precondition(text.count <= timestampBytes.count, "a server prefix is shorter than maxPrefix")
        timestampBytes.baseAddress!.copyMemory(from: text.baseAddress!, byteCount: text.count)
        timestampCount = text.count
        timestampText = String(decoding: text, as: UTF8.self)
        return timestampText
    }

    /// The timestamp of the prefix held, read when first asked for; `leadingTimestamp` as `PlainHeader` takes it.
    func timestampHeader(leadingTimestamp: Timestamp.ISO??) -> PlainHeader {
        if isCurrent, let header { return header }
        let read = PlainHeader(UnsafeRawBufferPointer(rebasing: bytes[0..<count]), readingLevel: false, reusing: header?.timestamp,
                               leadingTimestamp: leadingTimestamp)
        header = read
        isCurrent = true
        return read
    }
}
