import Foundation

/// The inputs of a grouping run, handed to workers in order. A worker that finds none left takes the
/// unread second half of the file another worker has most left of (`ChunkClaim`), and so on until the
/// halves would be smaller than `minimumPiece`: the workers finish together, whatever a file's parts
/// cost or however busy a core is, and a file is cut only where a worker would otherwise wait.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: ArraySlice<ScanPipeline.WorkItem>
    private var running: [(item: ScanPipeline.WorkItem, claim: ChunkClaim)] = []
    private let minimumPiece: Int

    init(_ items: [ScanPipeline.WorkItem], minimumPiece: Int) {
        pending = items[...]
        self.minimumPiece = max(1, minimumPiece)
    }

    /// The next item to scan, with the claim its scan reads through if it has a byte range; nil when
    /// nothing is left that is worth cutting.
    func next() -> (ScanPipeline.WorkItem, ChunkClaim?)? {
        lock.lock(); defer { lock.unlock() }
        if let item = pending.popFirst() { return started(item) }
        running.removeAll { $0.claim.unread == 0 }
        guard let victim = running.max(by: { $0.claim.unread < $1.claim.unread }),
              let taken = victim.claim.takeHalf(minimum: minimumPiece) else { return nil }
        return started(ScanPipeline.WorkItem(input: victim.item.input, path: victim.item.path,
                                             range: ByteRange(start: taken.lowerBound, end: taken.upperBound)))
    }

    private func started(_ item: ScanPipeline.WorkItem) -> (ScanPipeline.WorkItem, ChunkClaim?) {
        guard let range = item.range, let end = range.end else { return (item, nil) }
        let claim = ChunkClaim(start: range.start, end: end)
        running.append((item, claim))
        return (item, claim)
    }
}

/// A byte range being scanned whose unread part another worker may take: the range then ends in the
/// middle of what was unread. The scanning worker reserves each block before reading it, so the end
/// never moves into what it has read; once it reaches the end it closes the claim, and the end stays.
final class ChunkClaim: @unchecked Sendable {
    private let lock = NSLock()
    private var reserved: Int
    private var end: Int
    private var closed = false

    init(start: Int, end: Int) {
        reserved = start
        self.end = end
    }

    /// Before a read of the bytes up to `offset`: the range's end as it now stands (the read stops there).
    func reserve(upTo offset: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        reserved = max(reserved, min(offset, end))
        return end
    }

    /// The range's final end: nothing is taken from it any more.
    @discardableResult
    func close() -> Int {
        lock.lock(); defer { lock.unlock() }
        closed = true
        return end
    }

    /// Bytes not yet reserved by the scanning worker (0 once closed).
    var unread: Int {
        lock.lock(); defer { lock.unlock() }
        return closed ? 0 : end - reserved
    }

    /// Takes the second half of the unread bytes if each half has at least `minimum`: the part taken.
    func takeHalf(minimum: Int) -> Range<Int>? {
        lock.lock(); defer { lock.unlock() }
        guard !closed, end - reserved >= 2 * minimum else { return nil }
        let middle = reserved + (end - reserved) / 2
        defer { end = middle }
        return middle..<end
    }
}
