/// What the scans of one file's chunks learn about it, shared among them: the event boundary each found
/// near its start, so that the neighbour ending there need not warm up again to find it; and the spans
/// found to hold no newline. Inside a line of a gigabyte, each chunk would otherwise read on to the
/// line's end to find where its first line starts: every chunk the rest of the line, a scan quadratic in
/// the line's length (1 GiB: ten minutes on two cores, against a second on one).
final class ChunkBoundaries: Sendable {
    private let boundaries = LockedBox([Int: Int]())
    /// `from..<next` holds no newline but perhaps at `next - 1`: every offset in it starts its next line at `next`.
    /// Without a newline there, `next` was the end of the file as it was opened.
    private let spans = LockedBox([(from: Int, next: Int, atNewline: Bool)]())
    /// Spans shorter than this are not kept: reading them again costs less than looking them up.
    static let shortestSpan = 64 << 10

    /// The boundary a chunk starting at `offset` found, if one did.
    func boundary(near offset: Int) -> Int? { boundaries.withLock { $0[offset] } }

    func note(boundary: Int, near offset: Int) { boundaries.withLock { $0[offset] = boundary } }

    /// The start of the first line after the byte at `position`, if a search read past it already, in a file of
    /// `size` bytes (one that grew since has more of the line).
    func nextLineStart(after position: Int, size: Int) -> Int? {
        spans.withLock { spans in
            spans.first { $0.from <= position && position < $0.next && ($0.atNewline || $0.next == size) }?.next
        }
    }

    /// A search from `position` found the next line to start at `next`, after a newline or at the end of the file.
    func note(nextLineStart next: Int, after position: Int, atNewline: Bool) {
        guard next - position >= Self.shortestSpan else { return }
        spans.withLock { $0.append((position, next, atNewline)) }
    }
}
