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
    /// One bit per slot: whether its line was read as context yet, and whether that gave a context
    /// line (then it is in `contexts`). Most events have none, and these spare them a walk of the slots.
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
        contexts = [ContextLine?](repeating: nil, count: capacity)
    }

    @inline(__always)
    mutating func push(_ line: UnsafeRawBufferPointer, number: Int) {
        let length = min(line.count, Self.slotBytes)
        let slot = next
        storage.withUnsafeMutableBytes { bytes in
            if length > 0 { (bytes.baseAddress! + slot * Self.slotBytes).copyMemory(from: line.baseAddress!, byteCount: length) }
        }
        lengths[slot] = length
        numbers[slot] = number
        readSlots &= ~(1 << UInt64(slot))
        contextSlots &= ~(1 << UInt64(slot))
        next = (next + 1) % capacity
        count = min(count + 1, capacity)
    }

    /// The remembered lines that are context, oldest first; `read` is asked once per line and number.
    mutating func contextLines(_ read: (UnsafeRawBufferPointer, Int) -> ContextLine?) -> [ContextLine] {
        let oldest = (next - count + capacity) % capacity
        var slot = oldest
        for _ in 0..<count {
            let bit: UInt64 = 1 << UInt64(slot)
            if readSlots & bit == 0 {
                readSlots |= bit
                let line = storage.withUnsafeBytes { bytes in
                    read(UnsafeRawBufferPointer(rebasing: bytes[(slot * Self.slotBytes)..<(slot * Self.slotBytes + lengths[slot])]), numbers[slot])
                }
                // A slot without a bit in `contextSlots` keeps whatever it held: it is never looked at.
                if let line {
                    contexts[slot] = line
                    contextSlots |= bit
                }
            }
            slot = slot + 1 == capacity ? 0 : slot + 1
        }
        guard contextSlots != 0 else { return [] }
        var lines: [ContextLine] = []
        slot = oldest
        for _ in 0..<count {
            if contextSlots & 1 << UInt64(slot) != 0, let context = contexts[slot] { lines.append(context) }
            slot = slot + 1 == capacity ? 0 : slot + 1
        }
        return lines
    }

    /// Line `number` when it is among the remembered ones (the most recent is looked at first).
    func withLine(numbered number: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        var back = 1
        while back <= count, numbers[(next - back + capacity) % capacity] != number { back += 1 }
        guard back <= count else { return }
        let slot = (next - back + capacity) % capacity
        storage.withUnsafeBytes { bytes in
            body(UnsafeRawBufferPointer(rebasing: bytes[(slot * Self.slotBytes)..<(slot * Self.slotBytes + lengths[slot])]))
        }
    }

    mutating func removeAll() {
        count = 0
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
