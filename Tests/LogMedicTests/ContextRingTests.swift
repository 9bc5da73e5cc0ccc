import Testing
@testable import LogMedic

/// The context ring hands a finding the context lines logged before it, oldest first, reading each line once.
@Suite struct ContextRingTests {
    /// Reads a line as context when it is a request (`GET …`), noting each line it was asked about.
    final class Reader {
        var asked: [Int] = []
        func read(_ raw: UnsafeRawBufferPointer, _ number: Int) -> ContextLine? {
            asked.append(number)
            let text = String(decoding: raw, as: UTF8.self)
            guard text.hasPrefix("GET") else { return nil }
            return ContextLine(line: number, timestamp: nil, epoch: nil, service: nil, ruleID: "request", captures: [], text: text)
        }
    }

    /// Line `number` starts at offset `100 * number`.
    static func push(_ text: String, _ number: Int, into ring: inout ContextRing, mayBeContext: Bool = true) {
        Array(text.utf8).withUnsafeBytes { ring.push($0, number: number, offset: 100 * number, mayBeContext: mayBeContext) }
    }

    @Test func contextLinesComeOldestFirstAcrossTheRingsEndAndEachLineIsReadOnce() {
        var ring = ContextRing(capacity: 4)
        let reader = Reader()
        for n in 1...3 { Self.push(n == 2 ? "GET /a" : "noise", n, into: &ring) }
        #expect(ring.contextLines(since: 0, from: 0, reader.read).map(\.line) == [2])
        #expect(reader.asked == [1, 2, 3])
        // Lines 4–6 wrap around the ring's end and push out lines 1 and 2: 3, 4, 5, 6 are left, of which 4 and 6 are requests.
        for n in 4...6 { Self.push(n == 5 ? "noise" : "GET /\(n)", n, into: &ring) }
        #expect(ring.contextLines(since: 0, from: 0, reader.read).map(\.text) == ["GET /4", "GET /6"])
        #expect(reader.asked == [1, 2, 3, 4, 5, 6])
        #expect(ring.contextLines(since: 0, from: 0, reader.read).map(\.line) == [4, 6])
        #expect(reader.asked.count == 6)
        for n in 7...13 { Self.push("GET /\(n)", n, into: &ring) }
        #expect(ring.contextLines(since: 0, from: 0, reader.read).map(\.line) == [10, 11, 12, 13])
        #expect(reader.asked.suffix(4) == [10, 11, 12, 13])
    }

    @Test func anEmptiedRingHoldsNoContextAndReadsOnlyLinesPushedSince() {
        var ring = ContextRing(capacity: 4)
        let reader = Reader()
        for n in 1...3 { Self.push("GET /\(n)", n, into: &ring) }
        #expect(ring.contextLines(since: 0, from: 0, reader.read).count == 3)
        ring.removeAll()
        #expect(ring.contextLines(since: 0, from: 0, reader.read).isEmpty)
        for n in 4...6 { Self.push("GET /\(n)", n, into: &ring) }
        #expect(ring.contextLines(since: 0, from: 0, reader.read).map(\.line) == [4, 5, 6])
        #expect(reader.asked == [1, 2, 3, 4, 5, 6])
    }

    /// A line whose screening found no context pattern's literal is never read, also once the ring is renumbered.
    @Test func aLineTheScreeningRulesOutIsNeverRead() {
        var ring = ContextRing(capacity: 4)
        let reader = Reader()
        Self.push("GET /1", 1, into: &ring, mayBeContext: false)
        Self.push("GET /2", 2, into: &ring)
        #expect(ring.contextLines(since: 0, from: 0, reader.read).map(\.line) == [2])
        ring.renumber(by: 10)
        #expect(ring.contextLines(since: 0, from: 0, reader.read).map(\.line) == [12])
        #expect(reader.asked == [2, 12])
    }

    @Test func linesBeforeTheReachAreNeitherReadNorGiven() {
        var ring = ContextRing(capacity: 4)
        let reader = Reader()
        for n in [10, 20, 30] { Self.push("GET /\(n)", n, into: &ring) }
        #expect(ring.contextLines(since: 15, from: 0, reader.read).map(\.line) == [20, 30])
        #expect(reader.asked == [20, 30])
        #expect(ring.contextLines(since: 0, from: 0, reader.read).map(\.line) == [10, 20, 30])
        // Long lines: fewer lines back than the reach in lines, but further back in bytes.
        #expect(ring.contextLines(since: 0, from: 2500, reader.read).map(\.line) == [30])
        #expect(reader.asked == [20, 30, 10])
    }
}
