/// The last few lines before the current position, copied into fixed slots (no allocation per
/// line), so that a finding can be given the requests logged just before it. What a line says as
/// context is read once, when first asked for: consecutive events share most of the ring, and a
/// failure storm closes an event every few lines.
struct ContextRing {
    static let slotBytes = 1024
    let capacity: Int
    private var storage: [UInt8]
    private var lengths: [Int]
    private var numbers: [Int]
    /// Where each line starts in its source.
    private var offsets: [Int]
    /// One bit per slot: whether its line may be context at all (`push`), whether it was read as
    /// context yet, and whether that gave a context line (then it is in `contexts`). Most events have
    /// none, and these spare them a walk of the slots.
    private var candidateSlots: UInt64 = 0
    private var readSlots: UInt64 = 0
    private var contextSlots: UInt64 = 0
    private var contexts: [ContextLine?]
    private var next = 0
    private var count = 0

    init(capacity: Int = 16) {
        precondition(capacity <= 64, "one bit per slot")
        self.capacity = capacity
        storage = [UInt8](repeating: 0, count: capacity * Self.slotBytes)
        lengths = [Int](repeating: 0, count: capacity)
        numbers = [Int](repeating: 0, count: capacity)
        offsets = [Int](repeating: 0, count: capacity)
        contexts = [ContextLine?](repeating: nil, count: capacity)
    }

    /// `mayBeContext`: whether the line may be context, as its screening says; the others are never read.
    @inline(__always)
    mutating func push(_ line: UnsafeRawBufferPointer, number: Int, offset: Int, mayBeContext: Bool) {
        let length = min(line.count, Self.slotBytes)
        let slot = next
        storage.withUnsafeMutableBytes { bytes in
            if length > 0 { (bytes.baseAddress! + slot * Self.slotBytes).copyMemory(from: line.baseAddress!, byteCount: length) }
        }
        lengths[slot] = length
        numbers[slot] = number
        offsets[slot] = offset
        let bit: UInt64 = 1 << UInt64(slot)
        candidateSlots = mayBeContext ? candidateSlots | bit : candidateSlots & ~bit
        readSlots &= ~bit
        contextSlots &= ~bit
        next = (next + 1) % capacity
        count = min(count + 1, capacity)
    }

    /// The remembered lines numbered `since` or later and starting at `from` or later that are context, oldest
    /// first; `read` is asked once per line and number. Only the slots not read yet are visited (most events
    /// find one or two new lines in the ring).
    mutating func contextLines(since: Int, from: Int, _ read: (UnsafeRawBufferPointer, Int) -> ContextLine?) -> [ContextLine] {
        let oldest = (next - count + capacity) % capacity
        var recent = liveSlots(from: oldest) & candidateSlots
        var old = recent
        while old != 0 {
            let slot = old.trailingZeroBitCount
            if numbers[slot] < since || offsets[slot] < from { recent &= ~(1 << UInt64(slot)) }
            old &= old &- 1
        }
        let unread = recent & ~readSlots
        if unread != 0 {
            readSlots |= unread
            Self.forEachSlot(in: unread, from: oldest) { slot in
                let line = storage.withUnsafeBytes { bytes in
                    read(UnsafeRawBufferPointer(rebasing: bytes[(slot * Self.slotBytes)..<(slot * Self.slotBytes + lengths[slot])]), numbers[slot])
                }
                // A slot without a bit in `contextSlots` keeps whatever it held: it is never looked at.
                if let line {
                    contexts[slot] = line
                    contextSlots |= 1 << UInt64(slot)
                }
            }
        }
        guard contextSlots & recent != 0 else { return [] }
        var lines: [ContextLine] = []
        Self.forEachSlot(in: contextSlots & recent, from: oldest) { slot in
            if let context = contexts[slot] { lines.append(context) }
        }
        return lines
    }

    /// One bit for each of the `count` slots from `oldest` on, around the end.
    private func liveSlots(from oldest: Int) -> UInt64 {
        func run(_ start: Int, _ length: Int) -> UInt64 { length >= 64 ? ~0 : ((1 << UInt64(length)) - 1) << UInt64(start) }
        let wrapped = oldest + count - capacity
        return wrapped > 0 ? run(oldest, capacity - oldest) | run(0, wrapped) : run(oldest, count)
    }

    /// Calls `body` with each slot whose bit is set, in the order of the ring from `oldest`.
    @inline(__always)
    private static func forEachSlot(in bits: UInt64, from oldest: Int, _ body: (Int) -> Void) {
        func each(_ bits: UInt64) {
            var bits = bits
            while bits != 0 {
                body(bits.trailingZeroBitCount)
                bits &= bits &- 1
            }
        }
        let fromOldest = bits & (~UInt64(0) << UInt64(oldest))
        each(fromOldest)
        each(bits & ~fromOldest)
    }

    /// Line `number` when it is among the remembered ones (the most recent is looked at first).
    func withLine(numbered number: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard let slot = slot(ofLine: number) else { return }
        storage.withUnsafeBytes { bytes in
            body(UnsafeRawBufferPointer(rebasing: bytes[(slot * Self.slotBytes)..<(slot * Self.slotBytes + lengths[slot])]))
        }
    }

    /// Where line `number` starts in its source, when it is among the remembered ones.
    func start(ofLine number: Int) -> Int? { slot(ofLine: number).map { offsets[$0] } }

    private func slot(ofLine number: Int) -> Int? {
        var back = 1
        while back <= count, numbers[(next - back + capacity) % capacity] != number { back += 1 }
        return back <= count ? (next - back + capacity) % capacity : nil
    }

    mutating func removeAll() {
        count = 0
        candidateSlots = 0
        readSlots = 0
        contextSlots = 0
    }

    /// Adds `delta` to every remembered line number (a range scan numbers its warm-up lines last).
    mutating func renumber(by delta: Int) {
        for slot in numbers.indices { numbers[slot] += delta }
        readSlots = 0
        contextSlots = 0
    }
}
