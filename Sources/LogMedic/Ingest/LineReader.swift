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
    }

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
        consumed = 0
        while true {
            // Hand out every complete line in [start, end).
            while start < end, let newline = memchr(base + start, 0x0A, end - start) {
                let stop = base.distance(to: newline)
                if skippingRest {
                    skippingRest = false
                } else {
                    lineNumber += 1
                    emit(start, stop, lineNumber, [], body)
                }
                start = stop + 1
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
            if n == 0 { break }
            end += n
        }
        if end > start, !skippingRest {
            lineNumber += 1
            emit(start, end, lineNumber, [], body)
        }
    }

    @inline(__always)
    private func emit(
        _ start: Int, _ stop: Int, _ number: Int, _ flags: LineFlags,
        _ body: (UnsafeRawBufferPointer, Int, LineFlags) -> Void
    ) {
        var stop = stop
        var flags = flags
        lineOffset = consumed &+ start
        if stop > start, buffer[stop - 1] == 0x0D { stop -= 1; flags.insert(.crlf) }
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
