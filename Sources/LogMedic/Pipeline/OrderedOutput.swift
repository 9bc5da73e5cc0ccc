import Foundation

/// Output rendered by several workers, one work item each at a time, written in item order: the bytes a
/// single thread writes. The item being written (the head) goes out as its worker renders it; items
/// ahead of it are held back in memory until their turn, and a worker that would hold more than
/// `holdLimit` bytes waits for its item to become the head. The head's worker never waits, so the
/// output always moves on.
final class OrderedOutput: @unchecked Sendable {
    let holdLimit: Int
    /// Room beyond `holdLimit` that a new buffer gets: a block and a finding more.
    let reserve: Int
    private let write: (UnsafeRawBufferPointer) -> Void
    private let condition = NSCondition()
    /// The first item not yet written whole.
    private var head = 0
    /// Finished items ahead of the head, and the bytes they hold.
    private var parked: [Int: [UInt8]] = [:]
    private var parkedBytes = 0
    /// Emptied buffers, for the next items: megabytes allocated and freed on several threads stay in
    /// the allocator's per-thread heaps and add up in the peak RSS.
    private var spare: [[UInt8]] = []

    init(holdLimit: Int, reserve: Int, write: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.holdLimit = max(1, holdLimit)
        self.reserve = reserve
        self.write = write
    }

    /// Called before a worker starts `item`: waits while finished items ahead of the head hold more
    /// than `holdLimit` (the head itself never waits: nothing after it can be written before it).
    /// Returns an empty buffer for the item's output.
    func start(_ item: Int) -> [UInt8] {
        condition.lock(); defer { condition.unlock() }
        while item != head && parkedBytes >= holdLimit { condition.wait() }
        guard let buffer = spare.popLast() else {
            // Room for what may be held and one more block: never copied into a buffer twice as large.
            var buffer: [UInt8] = []
            buffer.reserveCapacity(holdLimit + reserve)
            return buffer
        }
        return buffer
    }

    /// Writes `buffer` and empties it if `item` is the head; otherwise keeps it, waiting for the head
    /// once it holds `holdLimit` bytes. Returns whether it was written.
    @discardableResult
    func offer(_ item: Int, _ buffer: inout [UInt8]) -> Bool {
        condition.lock(); defer { condition.unlock() }
        while item != head && buffer.count >= holdLimit { condition.wait() }
        guard item == head else { return false }
        buffer.withUnsafeBytes(write)
        buffer.removeAll(keepingCapacity: true)
        return true
    }

    /// The rest of `item`'s output: written now if it is the head (with every finished item behind it),
    /// else parked until it is. Takes the buffer (leaves `buffer` empty).
    func finish(_ item: Int, _ buffer: inout [UInt8]) {
        condition.lock(); defer { condition.unlock() }
        guard item == head else {
            parked[item] = buffer
            parkedBytes += buffer.count
            buffer = []
            return
        }
        written(&buffer)
        head += 1
        while var next = parked.removeValue(forKey: head) {
            parkedBytes -= next.count
            written(&next)
            head += 1
        }
        condition.broadcast()
    }

    /// Writes `buffer` and keeps its memory for a later item (moved, so that it is not copied).
    private func written(_ buffer: inout [UInt8]) {
        buffer.withUnsafeBytes(write)
        buffer.removeAll(keepingCapacity: true)
        spare.append(buffer)
        buffer = []
    }
}
