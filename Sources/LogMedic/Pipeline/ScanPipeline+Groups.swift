import Foundation

/// Grouping on all cores: every input, and every chunk of a large plain file, is scanned into a
/// grouper of its own; the groupers are merged (associative and commutative, see `PartialGroup`) in
/// item order as soon as the items before them are, with each chunk's line numbers moved past the
/// chunks before it, so that only the groupers of items finished ahead of an unfinished one wait.
extension ScanPipeline {
    struct WorkItem {
        var input: Int
        var path: String
        var range: ByteRange?
    }

    /// `control` makes live inputs stoppable; each stream then gets a thread of its own, as in `run`.
    /// The request lines of every item go on `timeline`, for the caller to link the groups' problems to.
    public func group(paths: [String], rules: [Rule], control: LiveControl? = nil,
                      timeline: RequestTimeline? = nil) -> (FindingGrouper, ScanStats) {
        let inputs = paths.isEmpty ? ["-"] : paths
        let items = workItems(inputs) { size in
            // A whole number of chunks per core while there are few: 5 on 2 cores would leave one core a
            // fifth of the file more to scan.
            let chunks = min(parallelism * Self.chunksPerCore, size / minimumChunkBytes)
            return chunks < parallelism ? chunks : chunks / parallelism * parallelism
        }
        let live = control != nil && inputs.contains(where: InputFile.isStream(path:))
        let merge = LockedBox(GroupMerge(items: items, rules: rules))
        let boundaries = Self.chunkBoundaries(items)
        distribute(items.count, workers: live ? items.count : parallelism, threadEach: live, control: control,
                   timeline: timeline) { scanner, index in
            var grouper = FindingGrouper(rules: rules)
            scanner.keepsMatchedText = false
            let stats = scanner.scan(items[index], numbering: .fromRangeStart, boundaries: boundaries[items[index].input]) { _ = grouper.add($0) }
            merge.withLock { $0.add(index, grouper, stats) }
        }
        return merge.withLock { ($0.merged, $0.total) }
    }

    /// The groupers of the items merged so far, in item order, and those finished out of turn.
    struct GroupMerge {
        let items: [WorkItem]
        var merged: FindingGrouper
        var total = ScanStats()
        private var next = 0
        private var linesBefore = 0
        private var waiting: [Int: (FindingGrouper, ScanStats)] = [:]

        init(items: [WorkItem], rules: [Rule]) {
            self.items = items
            merged = FindingGrouper(rules: rules)
        }

        mutating func add(_ index: Int, _ grouper: FindingGrouper, _ stats: ScanStats) {
            waiting[index] = (grouper, stats)
            while let (grouper, stats) = waiting.removeValue(forKey: next) {
                if next > 0, items[next - 1].input != items[next].input { linesBefore = 0 }
                merged.merge(grouper, lineOffset: items[next].range == nil ? 0 : linesBefore)
                linesBefore += stats.ingest.lines
                total.add(stats)
                next += 1
            }
        }
    }

    /// Chunks per core of a large file: a worker takes the next chunk when it is done with one, so a chunk
    /// that costs more (denser errors) or a core that another process holds up delays the end by a small
    /// part of the file, not by half of it. Each cut costs a warm-up of `Scanner.warmUpBytes` (two if the
    /// chunk before the cut gets there before the chunk after it has found the boundary).
    static let chunksPerCore = 8

    /// Where each input's chunks begin, found by the scan of one chunk for its neighbour: one box per input, since
    /// two files of the same size are cut at the same offsets (rotated logs often are).
    static func chunkBoundaries(_ items: [WorkItem]) -> [LockedBox<[Int: Int]>] {
        (0..<(items.map(\.input).max().map { $0 + 1 } ?? 0)).map { _ in LockedBox([Int: Int]()) }
    }

    /// One item per input, or per chunk of a large plain file when there are cores to spare; `chunks`
    /// tells how many chunks a file of a given size is cut into.
    func workItems(_ inputs: [String], chunks chunksOfSize: (Int) -> Int) -> [WorkItem] {
        inputs.enumerated().flatMap { input, path -> [WorkItem] in
            guard parallelism > 1, let size = Self.plainFileSize(path) else { return [WorkItem(input: input, path: path)] }
            let chunks = chunksOfSize(size)
            guard chunks > 1 else { return [WorkItem(input: input, path: path)] }
            let step = size / chunks
            return (0..<chunks).map { k in
                WorkItem(input: input, path: path, range: ByteRange(start: k * step, end: k == chunks - 1 ? nil : (k + 1) * step))
            }
        }
    }

    /// The size of a regular, uncompressed file; nil for anything else (stdin, pipes, gzip).
    static func plainFileSize(_ path: String) -> Int? {
        guard path != "-", let file = try? RangeFile(path: path) else { return nil }
        return file.size
    }

    /// Scans one byte range of a plain file (a shard): findings reach `onFinding` in order.
    public func run(path: String, range: ByteRange, onFinding: (Finding) -> Void) -> ScanStats {
        Scanner(catalog: catalog, maxLineLength: maxLineLength).scan(path: path, range: range, onFinding: onFinding)
    }

    /// Groups one byte range of a plain file (a shard), line numbers counted from the file's start.
    public func group(path: String, range: ByteRange, rules: [Rule], timeline: RequestTimeline? = nil) -> (FindingGrouper, ScanStats) {
        var grouper = FindingGrouper(rules: rules)
        let scanner = Scanner(catalog: catalog, maxLineLength: maxLineLength)
        scanner.timeline = timeline
        let stats = scanner.scan(path: path, range: range) { _ = grouper.add($0) }
        return (grouper, stats)
    }
}

extension Scanner {
    /// Scans a work item: a whole input, or a chunk numbered as `numbering` says, sharing the boundaries
    /// it finds with its neighbours.
    func scan(_ item: ScanPipeline.WorkItem, numbering: LineNumbering, boundaries: LockedBox<[Int: Int]>,
              onFinding: (Finding) -> Void) -> ScanStats {
        guard let range = item.range else { return scan(path: item.path, onFinding: onFinding) }
        return scan(path: item.path, range: range, numbering: numbering, boundaries: boundaries, onFinding: onFinding)
    }
}
