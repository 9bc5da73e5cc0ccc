import Foundation

/// The glue that knows every scan stage: compiles the catalog once, then scans inputs, one
/// scanner per thread, several files at once on all cores.
public final class ScanPipeline: Sendable {
    public let catalog: CompiledCatalog
    public let maxLineLength: Int
    public let parallelism: Int

    public init(catalog: CompiledCatalog, maxLineLength: Int = 1 << 20,
                parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.catalog = catalog
        self.maxLineLength = maxLineLength
        self.parallelism = max(1, parallelism)
    }

    /// Scans `paths` (empty or `-` means stdin). Findings reach `onFinding` as they are found, one
    /// call at a time; within one input they arrive in order. With `control`, an event of a quiet
    /// input is closed after the idle gap, every live input gets a thread of its own (so an endless
    /// one cannot hold back the others), and a stop request ends every input where it is.
    public func run(paths: [String], control: LiveControl? = nil,
                    onFinding: @escaping @Sendable (Finding) -> Void) -> ScanStats {
        let inputs = paths.isEmpty ? ["-"] : paths
        let threads = control != nil && inputs.contains(where: InputFile.isStream(path:)) ? inputs.count : parallelism
        if inputs.count == 1 || threads == 1 {
            let scanner = Scanner(catalog: catalog, maxLineLength: maxLineLength)
            scanner.control = control
            var total = ScanStats()
            for path in inputs { total.add(scanner.scan(path: path, onFinding: onFinding)) }
            return total
        }
        let lock = NSLock()
        let results = LockedBox([ScanStats](repeating: ScanStats(), count: inputs.count))
        let next = LockedBox(0)
        let workers = min(threads, inputs.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let scanner = Scanner(catalog: catalog, maxLineLength: maxLineLength)
            scanner.control = control
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
