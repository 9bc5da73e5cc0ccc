import Foundation

/// Streaming rendered findings on all cores: every input, and every chunk of a large plain file, is
/// scanned and rendered by a worker of its own, and the output is written in input order and, within an
/// input, in line order: the bytes one thread writes. Chunks are smaller than grouping's (see
/// `orderedChunkBytes`) because the output of a chunk ahead of the one being written waits in memory.
extension ScanPipeline {
    /// At most about this much rendered output waits in memory, shared among the workers.
    static let heldOutputBytes = 12 << 20
    /// Output is handed on in blocks of this size.
    static let outputBlockBytes = 1 << 16

    /// A plain file is cut into chunks of about this size: far more than the warm-up a cut costs,
    /// small enough that a chunk's output seldom outgrows a worker's share of `heldOutputBytes`.
    var orderedChunkBytes: Int { max(1, minimumChunkBytes / 8) }

    /// Scans `paths` (empty or `-` means stdin; inputs that never end belong to `run`) and hands `write`
    /// each finding as `formatter` renders it, in order. A stop request of `control` ends every input
    /// where it is; what was rendered is still written.
    public func render(paths: [String], formatter: FindingFormatter, control: LiveControl? = nil,
                       write: @escaping (UnsafeRawBufferPointer) -> Void) -> ScanStats {
        let chunkBytes = orderedChunkBytes
        let items = workItems(paths.isEmpty ? ["-"] : paths, chunk: chunkBytes)
        let lineCounts = ChunkLineCounts(items)
        let output = OrderedOutput(holdLimit: Self.heldOutputBytes / parallelism, reserve: 2 * Self.outputBlockBytes, write: write)
        let results = LockedBox([ScanStats](repeating: ScanStats(), count: items.count))
        let boundaries = Self.chunkBoundaries(items)
        let workers = LockedBox(0)
        let worker: @Sendable () -> RenderWorker = {
            RenderWorker(formatter: workers.withLock { count in defer { count += 1 }; return count == 0 ? formatter : formatter.copy() })
        }
        distribute(items.count, workers: parallelism, threadEach: false, control: control, local: worker) { scanner, worker, index in
            var buffer = output.start(index)
            var nextOffer = Self.outputBlockBytes
            let formatter = worker.formatter  // not read through `worker` per finding: that copies it while `memo` changes
            // Lines are numbered from the chunk's start, plus the lines before it once the scans of the chunks
            // before it have told them; until then nothing is handed on, and the numbers written are shifted
            // when they are known (`LineNumberShift`). Counted by each chunk's worker before its scan, they
            // made every byte be read twice: 6-12 % of the scan of a quiet log, 5 % of a storm's.
            let range = (start: items[index].range?.start ?? 0, bytes: items[index].range.map { ($0.end ?? $0.start + chunkBytes) - $0.start } ?? 0)
            let known = lineCounts.knownLinesBefore(index)
            var settled = known != nil
            var nextLook = 0  // looked up every 16 KiB of output: a lookup takes a lock
            worker.memo.lineNumbers = known.map { LineNumberShift(offset: $0) } ?? .recording
            var stats = scanner.scan(items[index], numbering: .after(lines: 0), boundaries: boundaries[items[index].input]) { finding in
                formatter.render(finding, into: &buffer, memo: &worker.memo)
                if !settled {
                    guard buffer.count >= nextLook else { return }
                    nextLook = buffer.count + 16 << 10
                    if let lines = lineCounts.knownLinesBefore(index) {
                        worker.memo.lineNumbers.settle(&buffer, linesBefore: lines)
                    } else if Self.outgrowsHold(buffer.count, scanned: scanner.lineStart - range.start, of: range.bytes, limit: output.holdLimit) {
                        // Counted here: no scan has told them yet, and the chunk's output would outgrow what it
                        // may hold (short lines, each a finding): shifting all of it cost more than counting.
                        worker.memo.lineNumbers.settle(&buffer, linesBefore: lineCounts.linesBefore(index))
                    } else {
                        return
                    }
                    settled = true
                }
                guard buffer.count >= nextOffer else { return }
                nextOffer = output.offer(index, &buffer) ? Self.outputBlockBytes : buffer.count + Self.outputBlockBytes
            }
            if let newlines = scanner.rangeNewlines { lineCounts.publish(index, newlines: newlines) }
            if !settled { worker.memo.lineNumbers.settle(&buffer, linesBefore: lineCounts.linesBefore(index)) }
            stats.unrecognisedErrors?.shiftLines(by: lineCounts.linesBefore(index))  // lines counted only when there are some
            output.finish(index, &buffer)
            results.withLock { $0[index] = stats }
        }
        return results.withLock { $0.reduce(into: ScanStats()) { $0.add($1) } }
    }

    /// Whether a chunk that rendered `held` bytes for the first `scanned` of its `bytes` will render more than
    /// `limit` (judged once it is a sixteenth in, or at the limit).
    static func outgrowsHold(_ held: Int, scanned: Int, of bytes: Int, limit: Int) -> Bool {
        held >= limit || (scanned >= bytes / 16 && held * bytes >= limit * max(1, scanned))
    }

    /// One item per input, or per chunk of a large plain file when there are cores to spare (`chunkStarts`).
    func workItems(_ inputs: [String], chunk: Int) -> [WorkItem] {
        inputs.enumerated().flatMap { input, path -> [WorkItem] in
            guard parallelism > 1, let size = Self.plainFileSize(path) else { return [WorkItem(input: input, path: path)] }
            let starts = Self.chunkStarts(size: size, chunk: chunk, parallelism: parallelism)
            return starts.indices.map { k in
                let range = starts.count > 1 ? ByteRange(start: starts[k], end: k + 1 < starts.count ? starts[k + 1] : nil) : nil
                return WorkItem(input: input, path: path, range: range)
            }
        }
    }

    /// Where the chunks of a file of `size` bytes start: every `chunk` bytes (evened out), but over the
    /// last few chunks' worth the pieces shrink, each a `2 * parallelism`th of what is left and at least a
    /// quarter chunk (the last two halve what is left), so that the workers run out of work together.
    /// With whole chunks to the end, the other workers sat idle while the last one finished its chunk:
    /// half a chunk's scan on average. A smaller piece costs its warm-up (`Scanner.warmUp`) once more.
    /// The first `parallelism - 1` pieces are 1, 2, … `parallelism`ths of a chunk: the workers that start
    /// together then end their chunks apart, and a chunk's scan tells the lines it holds while the next
    /// chunk's is under way (`ChunkLineCounts`), not just as it ends.
    static func chunkStarts(size: Int, chunk: Int, parallelism: Int) -> [Int] {
        let chunks = size / max(1, chunk)
        guard chunks > 1 else { return [0] }
        let step = size / chunks, smallest = max(1, step / 4)
        var starts: [Int] = []
        var start = 0
        while start < size {
            starts.append(start)
            let rest = size - start
            var piece = min(step, max(smallest, rest / (2 * parallelism)))
            if starts.count < parallelism { piece = min(piece, max(1, step * starts.count / parallelism)) }
            if rest < 2 * piece { piece = (rest + 1) / 2 }  // the last two: halves of what is left
            if rest <= smallest { piece = rest }
            start += piece
        }
        return starts
    }

    /// What a worker of `render` keeps from one item to the next: a formatter of its own (the first worker
    /// keeps the caller's), as a redactor is retained per finding (`Redactor.copy()`), and what it rendered.
    struct RenderWorker {
        let formatter: FindingFormatter
        var memo = FindingStreamMemo()
    }
}

/// The newlines of each chunk of a file: told by the chunk's scan when it reads to its end, else counted
/// when a chunk after it needs them, by the worker of that chunk (counted all before the scan, they held
/// the first line of a storm back by 11 ms).
final class ChunkLineCounts: @unchecked Sendable {
    private let items: [ScanPipeline.WorkItem]
    private let counts: LockedBox<[Int?]>

    init(_ items: [ScanPipeline.WorkItem]) {
        self.items = items
        counts = LockedBox([Int?](repeating: nil, count: items.count))
    }

    /// The newlines of the chunk's file before its start offset.
    func linesBefore(_ index: Int) -> Int {
        earlierChunks(of: index).reduce(0) { $0 + count($1) }
    }

    /// `linesBefore(index)` when every chunk before it is known, without counting; else nil.
    func knownLinesBefore(_ index: Int) -> Int? {
        let earlier = earlierChunks(of: index)
        return counts.withLock { counts in
            var total = 0
            for k in earlier {
                guard let known = counts[k] else { return nil }
                total += known
            }
            return total
        }
    }

    /// The chunks of the same file before chunk `index`.
    private func earlierChunks(of index: Int) -> Range<Int> {
        var first = index
        while first > 0, items[first - 1].input == items[index].input { first -= 1 }
        return first..<index
    }

    /// What the chunk's scan told: the newlines from its start offset to the next chunk's.
    func publish(_ index: Int, newlines: Int) {
        counts.withLock { $0[index] = newlines }
    }

    private func count(_ k: Int) -> Int {
        if let known = counts.withLock({ $0[k] }) { return known }
        // Counted outside the lock: two workers that both need it count it once each, alike.
        var lines = 0
        if let range = items[k].range, let file = try? RangeFile(path: items[k].path) {
            lines = (try? file.countLines(from: range.start, before: range.end ?? file.size)) ?? 0
        }
        counts.withLock { $0[k] = lines }
        return lines
    }
}
