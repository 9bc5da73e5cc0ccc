import Foundation
import LogMedic

/// Stdout writes batched into 64 KiB blocks; findings can be many and print() per line is slow.
///
/// Not locked: `ScanPipeline.run` calls its `onFinding` one call at a time, so the scan's writes never
/// overlap, and a lock per finding would only cost time on findings-dense logs.
final class BufferedOutput: @unchecked Sendable {
    private var buffer: [UInt8] = []
    /// Redactions of the texts written lately: findings written one after another repeat them.
    private var memo = FindingStreamMemo()

    init() { buffer.reserveCapacity(1 << 17) }

    /// Lets `body` append bytes, then flushes when a block is full.
    func write(_ body: (inout [UInt8], inout FindingStreamMemo) -> Void) {
        body(&buffer, &memo)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        buffer.withUnsafeBytes { Console.out($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
