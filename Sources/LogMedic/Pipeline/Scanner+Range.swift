import Foundation

/// A byte range of one file: a shard another process scans, or a chunk of a large file scanned on
/// another core. `end` nil means to the end of the file.
public struct ByteRange: Sendable, Equatable {
    public var start: Int
    public var end: Int?

    public init(start: Int, end: Int?) {
        self.start = start
        self.end = end
    }
}

/// Scanning part of a file so that the parts of any split, scanned anywhere, find exactly what one scan
/// of the whole file finds. A range starts and ends at an *event boundary*: the first line at or after
/// the offset that no open event would continue. Both neighbours find the same boundary the same way:
/// by assembling the lines before the offset from a fresh state (`warmUp`: events resynchronise within a
/// few lines: a traceback or an `ERROR:` block is far shorter), checking each candidate line against the
/// events open there, and refusing lines that look like a continuation whatever the state. That warm-up
/// also refills the context ring, so the first findings of a range see the requests logged before it.
extension Scanner {
    /// A warm-up takes the `lines` lines before the offset, and at least `minimumBytes` (short lines), at
    /// most `maximumBytes` (long ones). The lines are what the state reaches back over: a finding's context and
    /// a time of day's date (`contextReach`), a failure's distance to its response (`responseLines`), an event
    /// being assembled. A warm-up costs about half as much per byte as the scan, and a chunk of `render` has one.
    static let warmUp = (lines: 256, minimumBytes: 16 << 10, maximumBytes: 256 << 10)

    /// How a range scan numbers its lines.
    public enum LineNumbering: Sendable {
        /// From the start of the file, counting the newlines before the range (a shard).
        case fromFileStart
        /// From the range's first line: a chunk whose lines are offset later, when the lengths of the
        /// chunks before it are known.
        case fromRangeStart
        /// From the start of the file, given the newlines before the range's `start` offset.
        case after(lines: Int)
    }

    /// Scans `range` of the plain file at `path`, numbering lines as `numbering` says. Only the range
    /// holding offset 0 counts the file as a source. A stop request of `control` ends it early.
    /// `boundaries`, shared by the scans of neighbouring ranges, keeps what each learns of the file.
    /// With `claim`, the range's end is the claim's: another worker may take the part not yet read.
    func scan(path: String, range: ByteRange, claim: ChunkClaim? = nil, numbering: LineNumbering = .fromFileStart,
              boundaries: ChunkBoundaries? = nil, onFinding: (Finding) -> Void) -> ScanStats {
        do {
            let file = try RangeFile(path: path, shared: boundaries)
            let (start, warmUpLines) = try boundary(near: range.start, in: file)
            boundaries?.note(boundary: start, near: range.start)
            resetStats()
            rangeNewlines = nil
            stats.ingest.sources = start == 0 ? 1 : 0
            assembler.close()
            splitParts = SplitLineParts()
            idleClosedRules = nil
            heldBy = nil
            updateSpecialLineGate()
            // The end is found when the scan gets there: by then the neighbour has likely found it.
            var end = claim?.reserve(upTo: start) ?? range.end ?? file.size
            var findEnd = range.end.map { rawEnd in
                { [unowned self] in
                    let rawEnd = claim?.close() ?? rawEnd
                    return try boundaries?.boundary(near: rawEnd) ?? boundaryKeepingState(near: rawEnd, in: file)
                }
            }
            if start >= end, let find = findEnd {
                end = try find()
                findEnd = nil
            }
            guard start < end else { return finishedStats() }
            let offset = switch numbering {
            case .fromFileStart: try file.countLines(from: 0, before: start)
            case .fromRangeStart: 0
            case .after(let lines): try lines + file.countLines(from: range.start, before: start)
            }
            // Warm-up lines were numbered 1…n; the last of them is line `offset` of the file.
            renumberRecentLines(by: offset - warmUpLines)
            var source = file.source(from: start, to: end, control: control)
            source.findEnd = findEnd
            source.claim = findEnd == nil ? nil : claim  // nil once the end was found before the first read
            var lines = 0
            try reader.forEachLine(of: &source) { line, number, flags in
                self.lineStart = start + self.reader.lineOffset
                lines = number
                self.process(line, number + offset, flags, onFinding)
            }
            // Read to its end (a line start), the range told how many lines it holds: as cut, `range.start ..< range.end`.
            if let rawEnd = range.end, source.findEnd == nil, source.end < file.size, source.end >= rawEnd, control?.isStopped != true {
                rangeNewlines = try file.countLines(from: range.start, before: start) + lines - file.countLines(from: rawEnd, before: source.end)
            }
            flushSplitLineParts(onFinding)
            reportHeldEvent(onFinding)
            if assembler.isOpen { finishEvent(onFinding) }
            return finishedStats()
        } catch {
            var failed = ScanStats()
            failed.ingest.sources = range.start == 0 ? 1 : 0
            failed.ingest.failedSources = 1
            failed.inputErrors.append(String(describing: error))
            return failed
        }
    }

    /// The event boundary at or after `offset`, found in the middle of a scan, which then goes on as if
    /// it had not been looked for: by a scanner of its own, since a warm-up runs lines through all of a
    /// scanner's state (the open event, the context ring, the part of a long Docker line held back).
    private func boundaryKeepingState(near offset: Int, in file: RangeFile) throws -> Int {
        try Scanner(catalog: catalog, maxLineLength: reader.maxLineLength).boundary(near: offset, in: file).offset
    }

    /// The event boundary at or after `offset`, and how many warm-up lines came before it (numbered
    /// from 1); leaves the scanner's state as a scan reaching the boundary would.
    func boundary(near offset: Int, in file: RangeFile) throws -> (offset: Int, warmUpLines: Int) {
        sourceName = file.path.unshared
        assembler.close()
        splitParts = SplitLineParts()
        forgetRecentLines()
        guard offset > 0 else { return (0, 0) }
        guard offset < file.size else { return (file.size, 0) }
        let warmStart = try file.lineStart(before: offset, lines: Self.warmUp.lines, minimumBytes: Self.warmUp.minimumBytes,
                                           maximumBytes: Self.warmUp.maximumBytes)
        let firstCandidate = try file.lineStart(atOrAfter: offset)
        var found = file.size
        var lines = 0
        var previous: [UInt8] = []
        // Only the state matters here: events are assembled, not matched (but for the last failure, with a time line).
        warmingUp = true
        defer { warmingUp = false }
        try file.forEachLine(from: warmStart, maxLineLength: reader.maxLineLength, buffer: &warmUpBuffer) { line, at, flags in
            if at >= firstCandidate, isBoundary(line, after: previous) {
                found = at
                return false
            }
            lines += 1
            lineStart = at
            process(line, lines, flags) { _ in }
            previous.replaceSubrange(previous.indices, with: line)  // its storage kept: no allocation per line
            return true
        }
        // The boundary line closes the event before it, which may be the failure a response after the
        // boundary answers (`noteFailureWhileWarmingUp`).
        if assembler.isOpen { finishEvent { _ in } }
        return (found, lines)
    }

    private func isBoundary(_ line: UnsafeRawBufferPointer, after previous: [UInt8]) -> Bool {
        var boundary = true
        DecodedLine.decode(line) { decoded in
            let m = decoded.message
            if m.isEmpty || EventAssembler.isIndented(m) || EventAssembler.startsTraceback(m)
                || EventAssembler.isChainHeader(m) || EventAssembler.isSQLAlchemyTrailer(m)
                || m.hasPrefix("[SQL: ") || decoded.isServerContinuation {
                boundary = false
                return
            }
            if assembler.isOpen {
                var copy = assembler
                if copy.append(decoded, number: 0) { boundary = false }
            }
        }
        guard boundary else { return false }
        previous.withUnsafeBytes { raw in
            // The next part of a long line Docker split is no boundary, whatever it holds.
            if SplitLineParts.isContinued(raw) {
                boundary = false
                return
            }
            DecodedLine.decode(raw) { decoded in
                let m = decoded.message
                if m.isEmpty || EventAssembler.isIndented(m) || EventAssembler.startsTraceback(m)
                    || EventAssembler.isChainHeader(m) || (m.hasPrefix("[SQL: ") && m.last != UInt8(ascii: "]")) {
                    boundary = false
                }
            }
        }
        return boundary
    }
}

/// A plain file read by offset: the source of a range scan. Compressed input cannot be split.
final class RangeFile {
    let path: String
    let size: Int
    private let fd: Int32
    /// What the scans of the file's other chunks learned of it.
    private let shared: ChunkBoundaries?

    init(path: String, shared: ChunkBoundaries? = nil) throws {
        self.path = path
        self.shared = shared
        // Looked at before opening: opening a FIFO would wait for a writer.
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw IngestError.unreadable(path: path, reason: "a byte range needs a regular file")
        }
        fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw IngestError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw IngestError.unreadable(path: path, reason: "a byte range needs a regular file")
        }
        size = Int(info.st_size)
        var magic = [UInt8](repeating: 0, count: 2)
        if pread(fd, &magic, 2, 0) == 2, magic == [0x1F, 0x8B] || UTF16Source.byteOrder(ofMark: magic) != nil {
            close(fd)
            throw IngestError.unreadable(path: path, reason: magic == [0x1F, 0x8B]
                ? "a compressed file cannot be split into byte ranges; decompress it first"
                : "a UTF-16 file cannot be split into byte ranges; convert it first (iconv -f UTF-16 -t UTF-8)")
        }
    }

    deinit { close(fd) }

    func source(from start: Int, to end: Int, control: LiveControl?) -> RangeSource {
        RangeSource(name: path, fd: fd, offset: start, end: end, size: size, control: control, findEnd: nil, claim: nil)
    }

    /// The offset just after the first newline at or after `offset - 1`: the first line starting at or after `offset`.
    func lineStart(atOrAfter offset: Int) throws -> Int {
        if offset == 0 { return 0 }
        let from = offset - 1
        if let known = shared?.nextLineStart(after: from, size: size) { return known }
        var position = from
        var block = RangeFile.uninitialized(64 * 1024)
        while position < size {
            let n = try read(&block, at: position)
            // memchr: this search may cross a line of a gigabyte, and a loop over bytes is several times slower.
            if let i = block.withUnsafeBytes({ raw in memchr(raw.baseAddress!, 0x0A, n).map { raw.baseAddress!.distance(to: $0) } }) {
                shared?.note(nextLineStart: position + i + 1, after: from, atNewline: true)
                return position + i + 1
            }
            position += n
        }
        shared?.note(nextLineStart: size, after: from, atNewline: false)
        return size
    }

    /// The start of the line `lines` lines before the one holding `offset`, or of an earlier line to be at least
    /// `minimumBytes` before `offset`; not before the first line starting at or after `offset - maximumBytes`.
    func lineStart(before offset: Int, lines: Int, minimumBytes: Int, maximumBytes: Int) throws -> Int {
        guard offset > minimumBytes else { return 0 }
        let floor = max(0, offset - maximumBytes)
        // Back over `lines` + 1 newlines: the one ending the line before the offset's, then one per line. Read
        // backwards a block at a time: the lines of most warm-ups fit in the first block of the window.
        var block = Self.uninitialized(min(offset - floor, 64 << 10))
        var newlines = 0, blockEnd = offset, byLines = floor
        search: while blockEnd > floor {
            let blockStart = max(floor, blockEnd - block.count)
            var filled = 0
            while blockStart + filled < blockEnd {
                filled += try read(&block, from: filled, at: blockStart + filled, limit: blockEnd - blockStart - filled)
            }
            var end = filled
            while let newline = block.withUnsafeBytes({ Self.lastNewline(in: UnsafeRawBufferPointer(rebasing: $0[..<end])) }) {
                newlines += 1
                if newlines > lines {
                    byLines = blockStart + newline + 1
                    break search
                }
                end = newline
            }
            blockEnd = blockStart
        }
        let start = max(floor, min(byLines, offset - minimumBytes))
        // Just after a newline found here, it is a line start already: reading on to find it again is not needed.
        return newlines > lines && start == byLines ? start : try lineStart(atOrAfter: start)
    }

    /// The offset of the last 0x0A byte, a word at a time from the end (glibc's memrchr is not in Swift's Glibc).
    static func lastNewline(in bytes: UnsafeRawBufferPointer) -> Int? {
        var end = bytes.count
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while end >= 8 {
            let word = bytes.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            // The high bit of each byte that is zero, exactly (no borrow reaches from one byte to the next).
            let zeros = ~(((word & low7) &+ low7) | word | low7)
            if zeros != 0 { return end - 8 + (63 - zeros.leadingZeroBitCount) / 8 }
            end -= 8
        }
        return bytes[..<end].lastIndex(of: 0x0A)
    }

    /// Newlines in the file from `start` to before `offset` (from 0: the line number of the line
    /// starting at `offset`, minus one).
    func countLines(from start: Int, before offset: Int) throws -> Int {
        var count = 0, position = start
        var block = RangeFile.uninitialized(min(1 << 18, max(1, offset - start)))  // most ranges counted are a line or two
        while position < offset {
            let n = try read(&block, at: position, limit: offset - position)
            count += block.withUnsafeBytes { Self.newlines(in: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            position += n
        }
        return count
    }

    /// Calls `body` with each line from `start` (cut at `maxLineLength` like `LineReader`), its offset
    /// and flags, until it returns false or the file ends. The file is read a `buffer` at a time (reading
    /// a buffer per line made each warm-up copy a gigabyte); the caller keeps it for the next call.
    func forEachLine(from start: Int, maxLineLength: Int, buffer: inout [UInt8],
                     _ body: (UnsafeRawBufferPointer, Int, LineReader.LineFlags) throws -> Bool) throws {
        let capacity = max(1 << 20, maxLineLength + 1)
        if buffer.count != capacity { buffer = RangeFile.uninitialized(capacity) }
        var position = start // the file offset of buffer[0]
        var cursor = 0, filled = 0
        func deliver(_ length: Int) throws -> Bool {
            var flags: LineReader.LineFlags = length > maxLineLength ? .truncated : []
            var stop = min(length, maxLineLength)
            if stop > 0, buffer[cursor + stop - 1] == 0x0D, !flags.contains(.truncated) { stop -= 1; flags.insert(.crlf) }
            let at = position + cursor
            return try buffer.withUnsafeBytes { raw in
                let line = UnsafeRawBufferPointer(rebasing: raw[cursor..<(cursor + stop)])
                return try body(UnsafeRawBufferPointer(rebasing: line[LineReader.byteOrderMarkLength(line)...]), at, flags)
            }
        }
        while position + cursor < size {
            if let newline = buffer[cursor..<filled].firstIndex(of: 0x0A) {
                guard try deliver(newline - cursor) else { return }
                cursor = newline + 1
                continue
            }
            if position + filled >= size || (cursor == 0 && filled == buffer.count) {
                // The last line, without a newline, or an over-long one: skip to its end.
                guard try deliver(filled - cursor) else { return }
                position = try lineStart(atOrAfter: position + filled)
                cursor = 0; filled = 0
                continue
            }
            // The partial line moves to the front, and the buffer is filled up behind it.
            buffer.withUnsafeMutableBytes { raw in _ = memmove(raw.baseAddress!, raw.baseAddress! + cursor, filled - cursor) }
            position += cursor
            filled -= cursor
            cursor = 0
            // A warm-up needs a few hundred kilobytes: the buffer is filled as far as its lines need.
            filled += try read(&buffer, from: filled, at: position + filled, limit: Self.readBytes)
        }
    }

    /// `forEachLine` reads this much at a time.
    static let readBytes = 64 << 10

    /// A buffer for `pread` to fill: zeroing it first would cost as much as the read.
    static func uninitialized(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// Reads into `buffer` from its index `start`, at most `limit` bytes.
    private func read(_ buffer: inout [UInt8], from start: Int = 0, at offset: Int, limit: Int = .max) throws -> Int {
        try buffer.withUnsafeMutableBytes { raw in
            try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[start..<(start + min(raw.count - start, limit))]), at: offset)
        }
    }

    /// Every caller reads below the size the file had when opened, so nothing there means the file was cut
    /// (or was already shorter when opened for a range found before). Never 0 for a non-empty buffer: a
    /// caller's loop over a range cannot spin (counting a cut chunk's lines did, on every core).
    private func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        guard !buffer.isEmpty else { return 0 }
        guard offset < size else { throw IngestError.cutWhileRead(fd, path: path) }
        let want = min(buffer.count, size - offset)
        while true {
            let n = pread(fd, buffer.baseAddress, want, off_t(offset))
            if n > 0 { return n }
            if n == 0 { throw IngestError.cutWhileRead(fd, path: path) }
            if errno != EINTR { throw IngestError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        }
    }

    /// Counts 0x0A bytes with memchr, which glibc runs on vector registers (lines are long enough for
    /// a call per line to beat any loop over bytes written here).
    static func newlines(in bytes: UnsafeRawBufferPointer) -> Int {
        guard var at = bytes.baseAddress else { return 0 }
        let end = at + bytes.count
        var count = 0
        while at < end, let newline = memchr(at, 0x0A, end - at) {
            count += 1
            at = UnsafeRawPointer(newline) + 1
        }
        return count
    }
}

/// Reads `offset..<end` of a file descriptor; ends early, as at end of file, on a stop request.
struct RangeSource: ByteSource {
    let name: String
    let fd: Int32
    var offset: Int
    var end: Int
    /// The file's size when it was opened: it ending before that is an error, not the range's end.
    let size: Int
    let control: LiveControl?
    /// Asked once, on reaching `end`, where the range really ends (at or after `end`).
    var findEnd: (() throws -> Int)?
    /// What may move `end` closer before it is reached: each read reserves its bytes first.
    var claim: ChunkClaim?

    /// A claimed range is read this much at a time: at most this much is out of reach of another worker.
    static let claimedReadBytes = 256 << 10

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var want = buffer.count
        if let claim {
            want = min(want, Self.claimedReadBytes)
            end = claim.reserve(upTo: offset + want)
            if offset >= end { self.claim = nil }  // `findEnd` closes it
        }
        if offset >= end, let findEnd {
            self.findEnd = nil
            end = max(end, try findEnd())
        }
        want = min(want, end - offset)
        guard want > 0, control?.isStopped != true else { return 0 }
        while true {
            let n = pread(fd, buffer.baseAddress, want, off_t(offset))
            if n == 0, offset < size { throw IngestError.cutWhileRead(fd, path: name) }
            if n >= 0 { offset += n; return n }
            if errno != EINTR { throw IngestError.unreadable(path: name, reason: String(cString: strerror(errno))) }
        }
    }
}
