import Foundation

/// The prefixes of the last few server lines a scanner read, and what they said. The lines of one error
/// (the error, its DETAIL, its STATEMENT) repeat their prefix byte for byte, and the next error often differs
/// from one of them only in its timestamp and process id: each layout of prefix is read once. Several are
/// held because sessions interleave (each user or database its own layout) and the lines read as context
/// between two errors come from other sessions.
final class ServerPrefixMemo {
    /// A prefix held: it ends before the severity word, which is looked for within `maxPrefix`.
    private struct Held {
        /// Where its bytes are in `bytes`.
        let offset: Int
        var count = -1
        var prefix = PostgresServerLine.Prefix()
        /// Where the prefix has its `PostgresServerLine.leadingPID`.
        var pidDigits: Range<Int>?
        /// The timestamp header of an earlier prefix until `isCurrent`: its text is reused while lines repeat it.
        var header: PlainHeader?
        var isCurrent = false
    }

    private static let capacity = 4
    private let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity * PostgresServerLine.maxPrefix, alignment: 1)
    /// Touched for every decoded line; a memo belongs to one scanner, which is confined to one thread and
    /// never makes two overlapping accesses to it (debug builds keep checking).
    #if DEBUG
    private var held = (0..<capacity).map { Held(offset: $0 * PostgresServerLine.maxPrefix) }
    #else
    @exclusivity(unchecked) private var held = (0..<capacity).map { Held(offset: $0 * PostgresServerLine.maxPrefix) }
    #endif
    /// The prefix read or recalled last.
    private var current = 0
    /// Where the next prefix read is held: the slots are taken in turn.
    private var nextSlot = 0
    /// The text of the last leading timestamp handed out, and its bytes.
    private let timestampBytes = UnsafeMutableRawBufferPointer.allocate(byteCount: PostgresServerLine.maxPrefix, alignment: 1)
    private var timestampCount = -1
    private var timestampText = ""
    /// The head of the last server line read in full (see `ServerLineHead`), and its bytes.
    #if DEBUG
    private(set) var heldHead = ServerLineHead()
    #else
    @exclusivity(unchecked) private(set) var heldHead = ServerLineHead()
    #endif
    private let headBase = UnsafeMutableRawPointer.allocate(byteCount: PostgresServerLine.maxPrefix, alignment: 1)

    deinit {
        bytes.deallocate()
        timestampBytes.deallocate()
        headBase.deallocate()
    }

    /// What `bytes` (not empty) say: recalled, or read and then held in place of the one read longest ago.
    func prefix(of bytes: UnsafeRawBufferPointer) -> PostgresServerLine.Prefix {
        if let index = recall(bytes) {
            current = index
        } else {
            current = nextSlot
            nextSlot = (nextSlot + 1) % Self.capacity
            let read = PostgresServerLine.Prefix(reading: bytes, reusing: held[current].prefix)
            hold(bytes, at: current, pidDigits: PostgresServerLine.leadingPID(bytes)?.digits)
            held[current].prefix = read
        }
        return held[current].prefix
    }

    /// The index of a held prefix that says what `prefix` (not empty) does, but for a process id it then holds.
    private func recall(_ prefix: UnsafeRawBufferPointer) -> Int? {
        for index in held.indices where held[index].count == prefix.count
            && bytesEqual(bytes.baseAddress! + held[index].offset, prefix.baseAddress!, count: prefix.count) {
            return index
        }
        guard let (digits, pid) = PostgresServerLine.leadingPID(prefix) else { return nil }
        for index in held.indices {
            guard let pidDigits = held[index].pidDigits, digits.lowerBound == pidDigits.lowerBound,
                  prefix.count - digits.upperBound == held[index].count - pidDigits.upperBound,
                  bytesEqual(bytes.baseAddress! + held[index].offset + pidDigits.upperBound, prefix.baseAddress! + digits.upperBound,
                             count: prefix.count - digits.upperBound)
            else { continue }
            hold(prefix, at: index, pidDigits: digits)
            held[index].prefix.processID = pid
            return index
        }
        return nil
    }

    private func hold(_ prefix: UnsafeRawBufferPointer, at index: Int, pidDigits: Range<Int>?) {
        precondition(prefix.count <= PostgresServerLine.maxPrefix, "a server prefix is shorter than maxPrefix")
        held[index].count = prefix.count
        (bytes.baseAddress! + held[index].offset).copyMemory(from: prefix.baseAddress!, byteCount: prefix.count)
        held[index].pidDigits = pidDigits
        held[index].isCurrent = false
    }

    /// The text of a line's leading timestamp (which ends before the severity word): the String handed out
    /// last while lines repeat it.
    private func timestamp(_ text: UnsafeRawBufferPointer) -> String {
        if text.count == timestampCount, bytesEqual(timestampBytes.baseAddress!, text.baseAddress!, count: text.count) { return timestampText }
        precondition(text.count <= timestampBytes.count, "a server prefix is shorter than maxPrefix")
        timestampBytes.baseAddress!.copyMemory(from: text.baseAddress!, byteCount: text.count)
        timestampCount = text.count
        timestampText = String(decoding: text, as: UTF8.self)
        return timestampText
    }

    /// The timestamp of the prefix read or recalled last, read when first asked for; `leadingTimestamp` as
    /// `PlainHeader` takes it.
    func timestampHeader(leadingTimestamp: Timestamp.ISO??) -> PlainHeader {
        if held[current].isCurrent, let header = held[current].header { return header }
        let text = UnsafeRawBufferPointer(start: bytes.baseAddress! + held[current].offset, count: held[current].count)
        let read = PlainHeader(text, readingLevel: false, reusing: held[current].header?.timestamp, leadingTimestamp: leadingTimestamp)
        held[current].header = read
        held[current].isCurrent = true
        return read
    }

    /// The text of the leading timestamp of `head`, a server line up to its severity word whose prefix was just
    /// read by `prefix(of:)`; `length` and `epoch` are the timestamp's. With `holding` (the prefix has no SQLSTATE,
    /// which would move into the message), the head is held too when every line that starts like it reads alike.
    /// A line inside a platform wrapper reads as the same line without one would, so its head is held as well.
    func timestamp(ofHead head: UnsafeRawBufferPointer, length: Int, epoch: Double?, holding: Bool) -> String {
        let text = timestamp(UnsafeRawBufferPointer(rebasing: head[0..<length]))
        if holding { holdHead(head, timestampLength: length, epoch: epoch) }
        return text
    }

    private func holdHead(_ head: UnsafeRawBufferPointer, timestampLength: Int, epoch: Double?) {
        // The prefix read or recalled last is the head's from `said` on.
        let said = PostgresServerLine.prefixStart(in: head, timestampLength: timestampLength, severityStart: head.count)
        let pidDigits = held[current].pidDigits.map { $0.lowerBound + said..<$0.upperBound + said }
        guard Self.readsAlike(head, timestampLength: timestampLength, through: pidDigits?.lowerBound ?? head.count) else { return }
        headBase.copyMemory(from: head.baseAddress!, byteCount: head.count)
        let prefix = held[current].prefix
        heldHead = ServerLineHead(
            count: head.count, timestampLength: timestampLength, pidDigits: pidDigits,
            timestamp: timestampText, epoch: epoch, processID: prefix.processID, user: prefix.user,
            database: prefix.database, application: prefix.application)
    }

    /// Whether every line whose first `end` bytes are those of `head` is decoded like it up to its severity word
    /// (`DecodedLine.decode`). The bytes that decide that are among them: its timestamp (`Timestamp.parseISO`
    /// looks at most at the two bytes after it unless they may start a zone or offset), that it has no platform
    /// wrapper (Heroku's source name after a space) and that it is no `csvlog` record (a `,`).
    private static func readsAlike(_ head: UnsafeRawBufferPointer, timestampLength: Int, through end: Int) -> Bool {
        guard timestampLength + 2 <= end else { return false }
        let after = head[timestampLength], next = head[timestampLength + 1]
        guard after == 0x20 else { return after != UInt8(ascii: "+") && after != UInt8(ascii: "-") && after != UInt8(ascii: ",") }
        return next != UInt8(ascii: "+") && next != UInt8(ascii: "-") && !(next | 0x20 >= 0x61 && next | 0x20 <= 0x7A)
    }

    var holdsHead: Bool { heldHead.count > 0 }

    /// Where the held head ends in `line` when `line` starts with it, but perhaps for the process id, and the
    /// line's process id.
    func recallHead(_ line: UnsafeRawBufferPointer) -> (end: Int, processID: Int?)? {
        let count = heldHead.count
        guard count > 0, let base = line.baseAddress else { return nil }
        guard let digits = heldHead.pidDigits else {
            guard line.count > count, bytesEqual(headBase, base, count: count) else { return nil }
            return (count, heldHead.processID)
        }
        guard line.count > digits.upperBound, bytesEqual(headBase, base, count: digits.lowerBound),
              let (pid, close) = PostgresServerLine.bracketedNumber(line, at: digits.lowerBound - 1),
              line[close] == UInt8(ascii: "]") else { return nil }
        let rest = count - digits.upperBound
        guard line.count > close + rest, bytesEqual(headBase + digits.upperBound, base + close, count: rest) else { return nil }
        return (close + rest, pid)
    }
}
