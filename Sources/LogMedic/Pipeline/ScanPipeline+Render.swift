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
        let items = workItems(paths.isEmpty ? ["-"] : paths) { $0 / orderedChunkBytes }
        let linesBefore = Self.linesBefore(items)
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
            let stats = scanner.scan(items[index], numbering: .after(lines: linesBefore[index]), boundaries: boundaries[items[index].input]) { finding in
                formatter.render(finding, into: &buffer, memo: &worker.memo)
                guard buffer.count >= nextOffer else { return }
                nextOffer = output.offer(index, &buffer) ? Self.outputBlockBytes : buffer.count + Self.outputBlockBytes
            }
            output.finish(index, &buffer)
            results.withLock { $0[index] = stats }
        }
        return results.withLock { $0.reduce(into: ScanStats()) { $0.add($1) } }
    }

    /// What a worker of `render` keeps from one item to the next: a formatter of its own (the first worker
    /// keeps the caller's), as a redactor is retained per finding (`Redactor.copy()`), and what it rendered.
    struct RenderWorker {
        let formatter: FindingFormatter
        var memo = FindingStreamMemo()
    }

    /// For each chunk, the newlines of its file before the chunk's start offset; counted on all cores,
    /// a chunk each, before the scan (a chunk's first line number is needed before it is rendered).
    static func linesBefore(_ items: [WorkItem]) -> [Int] {
        let counts = items.concurrentMap { item -> Int in
            guard let range = item.range, let file = try? RangeFile(path: item.path) else { return 0 }
            return (try? file.countLines(from: range.start, before: range.end ?? file.size)) ?? 0
        }
        var before = [Int](repeating: 0, count: items.count)
        var running = 0
        for (index, count) in counts.enumerated() {
            if index > 0, items[index - 1].input != items[index].input { running = 0 }
            before[index] = running
            running += count
        }
        return before
    }
}
