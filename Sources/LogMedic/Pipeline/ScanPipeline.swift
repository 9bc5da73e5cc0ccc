import Foundation

/// The glue that knows every scan stage: compiles the catalog once, then scans inputs, one
/// scanner per thread, several files at once on all cores.
public final class ScanPipeline: Sendable {
    public let catalog: CompiledCatalog
    public let maxLineLength: Int
    public let parallelism: Int
    /// Plain files at least twice this large are split into chunks of about this size or more,
    /// scanned in parallel when grouping (see `group(paths:rules:)`).
    public let minimumChunkBytes: Int

    public init(catalog: CompiledCatalog, maxLineLength: Int = 1 << 20,
                parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, minimumChunkBytes: Int = 32 << 20) {
        self.catalog = catalog
        self.maxLineLength = maxLineLength
        self.parallelism = max(1, parallelism)
        self.minimumChunkBytes = max(1, minimumChunkBytes)
    }

    /// Scans `paths` (empty or `-` means stdin). Findings reach `onFinding` as they are found, one
    /// call at a time; within one input they arrive in order.
    public func run(paths: [String], onFinding: @escaping @Sendable (Finding) -> Void) -> ScanStats {
        let inputs = paths.isEmpty ? ["-"] : paths
        if inputs.count == 1 || parallelism == 1 {
            let scanner = Scanner(catalog: catalog, maxLineLength: maxLineLength)
            var total = ScanStats()
            for path in inputs { total.add(scanner.scan(path: path, onFinding: onFinding)) }
            return total
        }
        let lock = NSLock()
        let results = LockedBox([ScanStats](repeating: ScanStats(), count: inputs.count))
        let next = LockedBox(0)
        let workers = min(parallelism, inputs.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let scanner = Scanner(catalog: catalog, maxLineLength: maxLineLength)
            while true {
                let index = next.withLock { value -> Int in defer { value += 1 }; return value }
                guard index < inputs.count else { return }
                let stats = scanner.scan(path: inputs[index]) { finding in
                    lock.lock(); defer { lock.unlock() }
                    onFinding(finding)
                }
                results.withLock { $0[index] = stats }
            }
        }
        return results.withLock { $0.reduce(into: ScanStats()) { $0.add($1) } }
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
