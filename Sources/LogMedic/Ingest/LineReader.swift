import Foundation

/// Splits a byte stream into lines without copying them: each line is handed out as a view into
/// one reusable buffer, valid only during the callback. Memory is bounded by the buffer, whatever
/// the input size; a line longer than `maxLineLength` is cut there and the rest skipped (counted).
public final class LineReader {
    /// What the reader noticed about one line.
    public struct LineFlags: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let truncated = LineFlags(rawValue: 1)
        public static let crlf = LineFlags(rawValue: 2)
        /// The line ended at a CR alone: the input's lines end so (classic Mac OS; `carriageReturnProbeBytes`).
        public static let carriageReturn = LineFlags(rawValue: 4)
    }

    /// An input whose first this many bytes (or all of it, when shorter) hold a CR and no LF has its lines ended by
    /// CR alone: read as one line, its every line but the first was lost.
    static let carriageReturnProbeBytes = 64 << 10

    public let maxLineLength: Int
    private let buffer: UnsafeMutableRawBufferPointer
    /// Where the line handed out last starts in the source (its bytes from the first read on).
    @exclusivity(unchecked) public private(set) var lineOffset = 0
    /// The bytes of the source moved out of the buffer so far: the buffer's first byte is at this offset.
    @exclusivity(unchecked) private var consumed = 0

    public init(maxLineLength: Int = 1 << 20, readSize: Int = 1 << 20) {
        self.maxLineLength = maxLineLength
        buffer = .allocate(byteCount: maxLineLength + readSize, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Calls `body` for each line with its 1-based number. Returns normally at end of input, or when
    /// `control` asks to stop; `onIdle` runs when a live input has been quiet for a while.
    public func forEachLine(
        of source: inout some ByteSource,
        control: LiveControl? = nil,
        onIdle: () -> Void = {},
        _ body: (UnsafeRawBufferPointer, Int, LineFlags) -> Void
    ) throws {
        let base = buffer.baseAddress!
        var start = 0, end = 0
        var lineNumber = 0
        var skippingRest = false
        var lineEnd: Int32 = 0x0A, lineEndFlags: LineFlags = []
        consumed = 0
        while true {
            // Hand out every complete line in [start, end).
            while start < end, let newline = memchr(base + start, lineEnd, end - start) {
                let stop = base.distance(to: newline)
                if skippingRest {
                    skippingRest = false
                } else {
                    lineNumber += 1
                    emit(start, stop, lineNumber, lineEndFlags, body)
                }
                start = stop + 1
            }
            if lineNumber == 0, lineEnd == 0x0A, end - start >= Self.carriageReturnProbeBytes, endsLinesWithCR(start, end) {
                lineEnd = 0x0D; lineEndFlags = .carriageReturn
                continue
            }
            if skippingRest {
                start = end  // still inside an over-long line: drop what we have
            } else if end - start >= maxLineLength {
                lineNumber += 1
                emit(start, start + maxLineLength, lineNumber, .truncated, body)
                start = end
                skippingRest = true
            }
            // Keep the partial line, then refill.
            if start > 0 {
                if end > start { memmove(base, base + start, end - start) }
                consumed += start
                end -= start
                start = 0
            }
            if let control, !control.waitForBytes(&source, onIdle: onIdle) { break }
            let room = UnsafeMutableRawBufferPointer(rebasing: buffer[end...])
            let n = try source.read(into: room)
            if n == 0 {
                guard lineNumber == 0, lineEnd == 0x0A, endsLinesWithCR(start, end) else { break }
                lineEnd = 0x0D; lineEndFlags = .carriageReturn
                // The lines of a short input, each ended by CR, then the last (below) as the end of input ends it.
                while start < end, let stop = memchr(base + start, lineEnd, end - start).map({ base.distance(to: $0) }) {
                    lineNumber += 1
                    emit(start, stop, lineNumber, lineEndFlags, body)
                    start = stop + 1
                }
                break
            }
            end += n
        }
        if end > start, !skippingRest {
            lineNumber += 1
            emit(start, end, lineNumber, lineEndFlags, body)
        }
    }

    /// Whether the bytes read so far, none of them an LF, hold a CR that is not the last of them (a CRLF split by a read).
    private func endsLinesWithCR(_ start: Int, _ end: Int) -> Bool {
        end - start > 1 && memchr(buffer.baseAddress! + start, 0x0D, end - start - 1) != nil
    }

    @inline(__always)
    private func emit(
        _ start: Int, _ stop: Int, _ number: Int, _ flags: LineFlags,
        _ body: (UnsafeRawBufferPointer, Int, LineFlags) -> Void
    ) {
        var stop = stop
        var flags = flags
        lineOffset = consumed &+ start
        if stop > start, buffer[stop - 1] == 0x0D, !flags.contains(.carriageReturn) { stop -= 1; flags.insert(.crlf) }
        let line = UnsafeRawBufferPointer(rebasing: buffer[start..<stop])
        body(UnsafeRawBufferPointer(rebasing: line[Self.byteOrderMarkLength(line)...]), number, flags)
    }

    /// 3 when `line` begins with a UTF-8 byte order mark, which is no text of it: Windows tools write one at the
    /// start of a file, and `cat` of two such files puts one mid-stream. Left in, a JSON record was not read as one.
    @inline(__always)
    static func byteOrderMarkLength(_ line: UnsafeRawBufferPointer) -> Int {
        line.count >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF ? 3 : 0
    }
}
