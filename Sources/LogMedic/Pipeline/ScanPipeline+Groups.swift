import Foundation

/// Grouping on all cores: every input is scanned into a grouper of its own, and a plain file is cut
/// where a worker would otherwise wait (`WorkQueue`); the groupers are merged (associative and
/// commutative, see `PartialGroup`) in file order as soon as the parts before them are, with each part's
/// line numbers moved past the parts before it, so that only the groupers of parts finished ahead of an
/// unfinished one wait.
extension ScanPipeline {
    struct WorkItem {
        var input: Int
        var path: String
        var range: ByteRange?
    }

    /// `control` makes live inputs stoppable; each stream then gets a thread of its own, as in `run`.
    /// The request lines of every item go on `timeline`, for the caller to link the groups' problems to; `claims`: see
    /// `FindingGrouper.databaseClaims`.
    public func group(paths: [String], rules: [Rule], control: LiveControl? = nil,
                      timeline: RequestTimeline? = nil, claims: DatabaseEndpointClaims? = nil) -> (FindingGrouper, ScanStats) {
        let inputs = paths.isEmpty ? ["-"] : paths
        let sizes = inputs.map { parallelism > 1 ? Self.plainFileSize($0) : nil }
        let items = inputs.indices.map { WorkItem(input: $0, path: inputs[$0], range: sizes[$0].map { ByteRange(start: 0, end: $0) }) }
        let queue = WorkQueue(items, minimumPiece: minimumChunkBytes / 32)
        let live = control != nil && inputs.contains(where: InputFile.isStream(path:))
        let merge = LockedBox(GroupMerge(sizes: sizes, rules: rules))
        let boundaries = Self.chunkBoundaries(items)
        let workers = live ? items.count : parallelism
        distribute(workers, workers: workers, threadEach: live, control: control, timeline: timeline) { scanner, _ in
            scanner.keepsMatchedText = false
            var next = queue.next()
            while let (item, claim) = next {
                var grouper = FindingGrouper(rules: rules)
                grouper.databaseClaims = claims
                let stats = scanner.scan(item, claim: claim, numbering: .fromRangeStart, boundaries: boundaries[item.input]) {
                    _ = grouper.add($0)
                }
                let end = claim?.close()
                next = queue.next()  // before merging: the worker that has the most left reads on meanwhile
                merge.withLock { $0.add(item, end: end, grouper, stats) }
            }
        }
        return merge.withLock { ($0.merged, $0.total) }
    }

    /// The groupers of the parts merged so far, in file order, and those finished out of turn.
    struct GroupMerge {
        /// Each input's size if it is a plain file that may be cut into parts, else nil.
        let sizes: [Int?]
        var merged: FindingGrouper
        var total = ScanStats()
        /// The input being merged, and the offset its parts are merged through.
        private var input = 0
        private var through = 0
        private var linesBefore = 0
        /// Parts finished out of turn, by input and start offset.
        private var waiting: [Int: [Int: (end: Int?, FindingGrouper, ScanStats)]] = [:]

        init(sizes: [Int?], rules: [Rule]) {
            self.sizes = sizes
            merged = FindingGrouper(rules: rules)
        }

        /// `end`: where the part `item` ended (nil for an input that could not be cut).
        mutating func add(_ item: WorkItem, end: Int?, _ grouper: FindingGrouper, _ stats: ScanStats) {
            waiting[item.input, default: [:]][item.range?.start ?? 0] = (end, grouper, stats)
            while let (end, grouper, stats) = waiting[input]?.removeValue(forKey: through) {
                merged.merge(grouper, lineOffset: linesBefore)
                var stats = stats
                stats.unrecognisedErrors?.shiftLines(by: linesBefore)
                linesBefore += stats.ingest.lines
                total.add(stats)
                if let end, end < sizes[input] ?? 0 {
                    through = end
                } else {
                    waiting[input] = nil
                    (input, through, linesBefore) = (input + 1, 0, 0)
                }
            }
        }
    }

    /// Where each input's chunks begin, found by the scan of one chunk for its neighbour: one box per input.
    static func chunkBoundaries(_ items: [WorkItem]) -> [ChunkBoundaries] {
        (0..<(items.map(\.input).max().map { $0 + 1 } ?? 0)).map { _ in ChunkBoundaries() }
    }

    /// The size of a regular, uncompressed UTF-8 file; nil for anything else (stdin, pipes, gzip, UTF-16).
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
    /// Scans a work item: a whole input, or a chunk numbered as `numbering` says (read through `claim`
    /// if another worker may take part of it), sharing the boundaries it finds with its neighbours.
    func scan(_ item: ScanPipeline.WorkItem, claim: ChunkClaim? = nil, numbering: LineNumbering,
              boundaries: ChunkBoundaries, onFinding: (Finding) -> Void) -> ScanStats {
        guard let range = item.range else { return scan(path: item.path, onFinding: onFinding) }
        return scan(path: item.path, range: range, claim: claim, numbering: numbering, boundaries: boundaries, onFinding: onFinding)
    }
}
