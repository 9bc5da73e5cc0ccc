/// Joins the records a container runtime splits a long line into.
///
/// Docker's json-file driver copies a container's output in 16 KiB buffers (`daemon/logger/copier.go`): a
/// line longer than that is stored as several `{"log":"…","stream":"…","time":"…"}` records, only the last
/// one's `log` ending in `\n`. A node's CRI log file (containerd: 16 KiB, `max_container_log_line_size`;
/// CRI-O's conmon: 8 KiB reads) stores it as `TIMESTAMP STREAM P TEXT` records ended by one tagged `F`. Read
/// one by one, the parts of a long traceback line or SQL statement each lose what the others hold (the error
/// text, the logger, the JSON record the app wrote). A part is kept back, and the next records' text of the
/// same layout (and CRI stream) is appended to it until one ends the line (or the joined line reaches
/// `maxBytes`); the joined record then reads as one line. Anything else coming first (another layout, the
/// end of the input, a quiet live input) lets the kept part through as it was.
struct SplitLineParts {
    /// Docker's buffer: a part's `log` holds this many bytes, its record more.
    static let partBytes = 16 * 1024
    /// A line longer than this may be a part (conmon's buffer, the smallest): shorter lines skip the check.
    static let gateBytes = 8 * 1024
    static let maxBytes = 1 << 20
    private static let head = Array(#"{"log":""#.utf8)
    private static let streamKey = Array(#"","stream":""#.utf8)

    /// Where a record's text lies, whether more parts follow, and the layout the next part must have.
    private struct Part {
        var text: Range<Int>
        var continued: Bool
        /// 0: Docker json-file; else the CRI stream's first letter after `std` (`o`, `e`).
        var layout: UInt8
    }

    /// The first part's record up to the end of its text, and the texts of the parts after it.
    private var joined: [UInt8] = []
    /// What followed the first part's text (`","stream":…}`): the record's end if it is let through alone.
    private var tail: [UInt8] = []
    private var layout: UInt8 = 0
    private var parts = 0
    /// The line number of the first part: the joined record's.
    private var firstNumber = 0
    private var rawBytes = 0

    var isEmpty: Bool { parts == 0 }

    /// Takes `line` when it is a part of a long line (true): kept, or, being the last part, handed to
    /// `joined` with the first part's line number, the count of parts and their bytes as read. False: the caller reads `line` itself,
    /// after `flush` got the parts kept before it.
    mutating func take(
        _ line: UnsafeRawBufferPointer, number: Int, flags: LineReader.LineFlags, flush: (UnsafeRawBufferPointer, Int) -> Void,
        joined whole: (UnsafeRawBufferPointer, Int, Int, Int) -> Void
    ) -> Bool {
        guard let part = Self.part(line), parts == 0 || part.layout == layout else {
            self.flush(flush)
            return false
        }
        if parts == 0 {
            guard part.continued else { return false }
            joined.removeAll(keepingCapacity: true)
            joined.append(contentsOf: line[..<part.text.upperBound])
            tail = Array(line[part.text.upperBound...])
            layout = part.layout
            parts = 1
            firstNumber = number
            rawBytes = line.count + 1 + (flags.contains(.crlf) ? 1 : 0)
            return true
        }
        guard joined.count + line.count <= Self.maxBytes else {
            self.flush(flush)
            return false
        }
        joined.append(contentsOf: line[part.text])
        parts += 1
        rawBytes += line.count + 1 + (flags.contains(.crlf) ? 1 : 0)
        if part.continued { return true }
        joined.append(contentsOf: line[part.text.upperBound...])
        let (count, bytes, number) = (parts, rawBytes, firstNumber)
        parts = 0
        joined.withUnsafeBytes { whole($0, number, count, bytes) }
        return true
    }

    /// Hands on the parts kept so far, joined, as one record with its first line number; nothing when
    /// none is kept.
    mutating func flush(_ body: (UnsafeRawBufferPointer, Int) -> Void) {
        guard parts > 0 else { return }
        parts = 0
        joined.append(contentsOf: tail)
        let number = firstNumber
        joined.withUnsafeBytes { body($0, number) }
    }

    /// `line` as a Docker json-file or CRI record: a Docker part is a full buffer whose text does not end
    /// the line; a CRI part is tagged `P`.
    private static func part(_ line: UnsafeRawBufferPointer) -> Part? {
        if let end = textEnd(of: line) {
            let text = UnsafeRawBufferPointer(rebasing: line[head.count..<end])
            return Part(text: head.count..<end, continued: line.count > partBytes && !endsInNewline(text), layout: 0)
        }
        guard let (length, _) = Timestamp.parseISO(line), let start = PlatformWrapper.criTextStart(line, from: length + 1) else { return nil }
        return Part(text: start..<line.count, continued: line[length + 8] == UInt8(ascii: "P"), layout: line[length + 4])
    }

    /// Where the `log` string of a json-file record ends (its closing quote), if `line` is one.
    static func textEnd(of line: UnsafeRawBufferPointer) -> Int? {
        guard line.count > head.count + streamKey.count, line.starts(with: head), line.last == UInt8(ascii: "}") else { return nil }
        // `","stream":"stdout","time":"2026-12-04T18:00:00.123456789Z"}` and perhaps `"attrs"`: near the end.
        var at = line.count - streamKey.count
        let lowest = max(head.count, line.count - 512)
        while at >= lowest {
            if line[at] == UInt8(ascii: "\""), line[at + 1] == UInt8(ascii: ","),
               UnsafeRawBufferPointer(rebasing: line[at..<(at + streamKey.count)]).elementsEqual(streamKey) {
                // The quote must close the string: not escaped by an odd run of backslashes.
                var slashes = 0
                while at - 1 - slashes >= head.count, line[at - 1 - slashes] == UInt8(ascii: "\\") { slashes += 1 }
                if slashes % 2 == 0 { return at }
            }
            at -= 1
        }
        return nil
    }

    /// Whether `line` is a part of a long line that the next record continues (not its last part).
    static func isContinued(_ line: UnsafeRawBufferPointer) -> Bool {
        line.count > gateBytes && part(line)?.continued == true
    }

    /// Whether escaped JSON text ends in `\n`.
    static func endsInNewline(_ text: UnsafeRawBufferPointer) -> Bool {
        guard text.count >= 2, text[text.count - 1] == UInt8(ascii: "n") else { return false }
        var slashes = 0
        while slashes < text.count - 1, text[text.count - 2 - slashes] == UInt8(ascii: "\\") { slashes += 1 }
        return slashes % 2 == 1
    }
}
