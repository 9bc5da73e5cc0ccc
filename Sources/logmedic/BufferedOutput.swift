import Foundation
import LogMedic

/// Stdout writes batched into 64 KiB blocks; findings can be many and print() per line is slow.
final class BufferedOutput: @unchecked Sendable {
    private var buffer = Data()
    private let lock = NSLock()

    func write(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flushLocked() }
    }

    func flush() {
        lock.lock(); defer { lock.unlock() }
        flushLocked()
    }

    private func flushLocked() {
        Console.out(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
