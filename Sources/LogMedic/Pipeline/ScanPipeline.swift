import Foundation

/// The glue that knows every scan stage: compiles the catalog once, then scans inputs, one
/// scanner per thread, several files at once on all cores.
public final class ScanPipeline: Sendable {
    public let catalog: CompiledCatalog
    public let maxLineLength: Int
    public let parallelism: Int
    /// Plain files are cut into chunks of an eighth of this to be rendered in order on all cores
    /// (`orderedChunkBytes`), and when grouping into parts no smaller than a 32nd (`WorkQueue`).
    public let minimumChunkBytes: Int

    public init(catalog: CompiledCatalog, maxLineLength: Int = 1 << 20,
                parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, minimumChunkBytes: Int = 16 << 20) {
        self.catalog = catalog
        self.maxLineLength = maxLineLength
        self.parallelism = max(1, parallelism)
        self.minimumChunkBytes = max(1, minimumChunkBytes)
    }

    /// Scans `paths` (empty or `-` means stdin). Findings reach `onFinding` as they are found, one
    /// call at a time; within one input they arrive in order. With `control`, an event of a quiet
    /// input is closed after the idle gap, every live input gets a thread of its own (so an endless
    /// one cannot hold back the others), and a stop request ends every input where it is.
    /// For findings in input order, rendered on all cores, see `render(paths:formatter:control:write:)`.
    public func run(paths: [String], control: LiveControl? = nil,
                    timeline: RequestTimeline? = nil, onFinding: @escaping @Sendable (Finding) -> Void) -> ScanStats {
        let inputs = paths.isEmpty ? ["-"] : paths
        let live = control.map { $0.followsFiles || inputs.contains(where: InputFile.isStream(path:)) } ?? false
        let threads = live ? inputs.count : parallelism
        if inputs.count == 1 || threads == 1 {
            let scanner = Scanner(catalog: catalog, maxLineLength: maxLineLength)
            scanner.control = control
            scanner.timeline = timeline
            var total = ScanStats()
            for path in inputs { total.add(scanner.scan(path: path, onFinding: onFinding)) }
            return total
        }
        let lock = NSLock()
        let results = LockedBox([ScanStats](repeating: ScanStats(), count: inputs.count))
        distribute(inputs.count, workers: threads, threadEach: live, control: control, timeline: timeline) { scanner, index in
            let stats = scanner.scan(path: inputs[index]) { finding in
                lock.lock(); defer { lock.unlock() }
                onFinding(finding)
            }
            results.withLock { $0[index] = stats }
        }
        return results.withLock { $0.reduce(into: ScanStats()) { $0.add($1) } }
    }

    /// Calls `body` once for each index below `count`, from at most `workers` workers that each own a
    /// scanner and take the next index when done with one. With `threadEach`, every worker is a thread
    /// of its own (an endless input must not wait for a core that another endless input holds);
    /// otherwise they share the cores.
    func distribute(_ count: Int, workers: Int, threadEach: Bool, control: LiveControl?, timeline: RequestTimeline? = nil,
                    _ body: @escaping @Sendable (Scanner, Int) -> Void) {
        distribute(count, workers: workers, threadEach: threadEach, control: control, timeline: timeline, local: {}) { scanner, _, index in
            body(scanner, index)
        }
    }

    /// `distribute` where each worker also keeps what `local` makes it, besides its scanner.
    func distribute<Local>(_ count: Int, workers: Int, threadEach: Bool, control: LiveControl?, timeline: RequestTimeline? = nil,
                           local: @escaping @Sendable () -> Local, _ body: @escaping @Sendable (Scanner, inout Local, Int) -> Void) {
        let next = LockedBox(0)
        let work: @Sendable () -> Void = {
            let scanner = Scanner(catalog: self.catalog, maxLineLength: self.maxLineLength)
            scanner.control = control
            scanner.timeline = timeline
            var kept = local()
            while true {
                let index = next.withLock { value -> Int in defer { value += 1 }; return value }
                guard index < count else { return }
                body(scanner, &kept, index)
            }
        }
        let workers = min(workers, count)
        guard threadEach else { return DispatchQueue.concurrentPerform(iterations: workers) { _ in work() } }
        let done = DispatchGroup()
        for _ in 0..<workers {
            done.enter()
            Thread { work(); done.leave() }.start()
        }
        done.wait()
    }
}

/// A value guarded by a lock, for the few counters threads share.
public final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    public init(_ value: Value) { self.value = value }
    public func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock(); defer { lock.unlock() }
        return body(&value)
    }
}
