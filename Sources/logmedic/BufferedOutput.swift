import Foundation
import LogMedic

/// Stdout writes batched into 64 KiB blocks; findings can be many and print() per line is slow.
///
/// Not locked: `ScanPipeline.run` calls its `onFinding` one call at a time, so the scan's writes never
/// overlap, and a lock per finding would only cost time on findings-dense logs.
final class BufferedOutput: @unchecked Sendable {
    private struct State {
        var buffer: [UInt8] = []
        /// Redactions of the texts written lately: findings written one after another repeat them.
        var memo = FindingStreamMemo()
    }

    /// Behind a pointer: passing a class's stored properties inout costs a run-time exclusivity check
    /// each, twice per finding.
    private let state = UnsafeMutablePointer<State>.allocate(capacity: 1)

    init() {
        state.initialize(to: State())
        state.pointee.buffer.reserveCapacity(1 << 17)
    }

    deinit { state.deinitialize(count: 1).deallocate() }

    /// Lets `body` append bytes, then flushes when a block is full.
    func write(_ body: (inout [UInt8], inout FindingStreamMemo) -> Void) {
        body(&state.pointee.buffer, &state.pointee.memo)
        if state.pointee.buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        state.pointee.buffer.withUnsafeBytes { Console.out($0) }
        state.pointee.buffer.removeAll(keepingCapacity: true)
    }
}
