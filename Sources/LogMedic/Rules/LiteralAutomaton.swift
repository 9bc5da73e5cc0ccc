import Foundation

/// Finds every occurrence of a fixed set of literals (each at least 4 bytes) in one pass over the
/// bytes: one Aho–Corasick automaton over all of them, on byte classes.
///
/// Running the automaton on every byte would be one dependent load per byte. Most text cannot
/// start a literal, so it only runs near a window that might: with the shortest literal `m`
/// bytes long, every `stride = m - 1`th 4-byte window is looked up in a 128 Ki-bit set of `stride`
/// consecutive windows of every literal (one load, multiply and bit test, 16 KiB that stay in L1):
/// its first ones, and for a literal with fewer than `stride` windows of its own also the window
/// beginning one byte before it and the one ending one byte after it, for all 256 values of that
/// byte. Common words make many windows hit (`tion`, `stat`), so a hit is checked once more, against
/// 8-byte pieces of the literals: the window and the 4 bytes after it, or the 4 before it and the
/// window, whichever its literal holds at that offset (a literal too short for either always passes).
/// On a hit that passes the automaton starts, from the root, `stride - 1` bytes before the window,
/// and hands control back once it is past the window in a state shallower than 4 bytes: probing
/// resumes at the start of that state's partial match, so no occurrence is skipped (see `scan`).
///
/// A full transition table (a row of byte classes per state) is megabytes for a catalog of a hundred
/// rules, and every step through a literal was a cache and TLB miss. Only the states shallower than
/// 4 bytes, a few hundred where most steps land, have rows. A deeper state is nearly always partway
/// through one literal: it keeps its edges and its failure link (`Deep`), numbered depth-first, so
/// that following a literal reads consecutive records.
///
/// Most of a long literal is a run of deep states with one edge each and no literal ending before its
/// last (`duplicate key value violates unique constraint "`): depth-first, those are consecutive records,
/// so the run's bytes are `runBytes[k ..< k + run]` and a text that follows it is compared with them a word
/// at a time, then stepped byte by byte from where it leaves the run.
public final class LiteralAutomaton: @unchecked Sendable {
    public let literals: [[UInt8]]
    public let stride: Int
    /// Some literal's windows include one that ends past it, which a literal ending the text does not
    /// have: the text's last window is then probed too.
    private let probesLastWindow: Bool
    private let windowBits: UnsafeMutablePointer<UInt64>
    /// 64 Ki bits: the 8-byte pieces of the literals that confirm a window (`pieceHash`).
    private let pieceBits: UnsafeMutablePointer<UInt64>
    /// 32 Ki bits by `hash(window) >> 2`: windows confirmed without a piece (short literals).
    private let unconfirmedBits: UnsafeMutablePointer<UInt64>
    private let byteClass: UnsafeMutablePointer<Int32>
    private let classCount: Int
    /// A state is a row offset into `rows` (`index * classCount`, ≥ 0) for a state shallower than 4
    /// bytes, or `~index` into `deep` (< 0) for a deeper one. The root is 0.
    private let rows: UnsafeMutablePointer<Int32>
    private let deep: UnsafeMutablePointer<Deep>
    /// The edges of deep states with more than one, by class.
    private let edges: UnsafeMutablePointer<Edge>
    /// For each deep state with one edge, that edge's byte.
    private let runBytes: UnsafeMutablePointer<UInt8>
    private let rowDepth: [Int]
    /// Literals ending in deep state k (its own and those of its suffixes): outputs[outputStart[k] ..< outputStart[k + 1]].
    private let outputStart: [Int]
    private let outputs: [Int]

    /// A state 4 or more bytes deep: its one edge (`edgeCount == 1`: on `edgeClass` to `child`) or its
    /// edges (`edges[child ..< child + edgeCount]`), where any other class goes (`fail`, shallower), and
    /// whether a literal ends here.
    struct Deep {
        var child: Int32
        var fail: Int32
        var edgeClass: Int16
        var edgeCount: Int16
        var endsLiteral: Bool
        /// How many single edges lead on from here to consecutive records, none of them (but perhaps the
        /// last) to a state where a literal ends; 0 below `minimumRun`.
        var run: UInt8 = 0
    }

    /// Shorter runs are stepped through: a comparison costs about as much as a few steps.
    static let minimumRun = 4

    struct Edge {
        var byteClass: Int32
        var next: Int32
    }

    public init(literals: [[UInt8]], maxStride: Int = 8) {
        precondition(literals.allSatisfy { $0.count >= 4 }, "prefilter literals must be at least 4 bytes")
        self.literals = literals
        stride = max(1, min((literals.map({ $0.count }).min() ?? 4) - 1, maxStride))

        let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: 2048)
        bits.initialize(repeating: 0, count: 2048)
        windowBits = bits
        let pieces = UnsafeMutablePointer<UInt64>.allocate(capacity: 1024)
        pieces.initialize(repeating: 0, count: 1024)
        pieceBits = pieces
        let unconfirmed = UnsafeMutablePointer<UInt64>.allocate(capacity: 512)
        unconfirmed.initialize(repeating: 0, count: 512)
        unconfirmedBits = unconfirmed
        func add(_ window: UInt32, confirmedBy piece: UInt64?) {
            let h = Int(Self.hash(window))
            bits[h >> 6] |= 1 << UInt64(h & 63)
            if let piece {
                let p = Int(Self.pieceHash(piece))
                pieces[p >> 6] |= 1 << UInt64(p & 63)
            } else {
                unconfirmed[h >> 8] |= 1 << UInt64(h >> 2 & 63)
            }
        }
        var reachesPastEnd = false
        for literal in literals {
            let word = { (offset: Int) in literal.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) } }
            let piece = { (offset: Int) in literal.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) } }
            let own = min(stride, literal.count - 3)
            for offset in 0..<own {
                let confirmation = offset + 8 <= literal.count ? piece(offset) : offset >= 4 ? piece(offset - 4) : nil
                add(word(offset), confirmedBy: confirmation)
            }
            // Too short for `stride` windows of its own: the window beginning one byte before it, then
            // the one ending one byte after it, with every value of that byte.
            if stride > own { for byte in UInt32(0)...255 { add(byte | word(0) << 8, confirmedBy: nil) } }
            if stride > own + 1 {
                reachesPastEnd = true
                for byte in UInt32(0)...255 { add(word(literal.count - 4) >> 8 | byte << 24, confirmedBy: nil) }
            }
        }
        probesLastWindow = reachesPastEnd

        // Byte classes: each byte used by some literal is its own class, every other byte is class 0.
        var isUsed = [Bool](repeating: false, count: 256)
        for literal in literals { for byte in literal { isUsed[Int(byte)] = true } }
        var classOf = [Int32](repeating: 0, count: 256)
        var classes: Int32 = 1
        for byte in 0..<256 where isUsed[byte] { classOf[byte] = classes; classes += 1 }
        let classCount = Int(classes)
        self.classCount = classCount
        byteClass = .allocate(capacity: 256)
        byteClass.initialize(from: classOf, count: 256)

        let trie = Trie(literals, classOf: classOf)
        let shallow = trie.bfs.filter { trie.depth[$0] < 4 }
        let deeper = trie.depthFirst.filter { trie.depth[$0] >= 4 }
        var state = [Int32](repeating: 0, count: trie.depth.count)
        for (index, node) in shallow.enumerated() { state[node] = Int32(index * classCount) }
        for (index, node) in deeper.enumerated() { state[node] = ~Int32(index) }

        // Filled in breadth-first order: a missing edge goes where the failure state's goes, and that
        // state is shallower, so its row is complete.
        let rows = UnsafeMutablePointer<Int32>.allocate(capacity: shallow.count * classCount)
        for node in shallow {
            let row = Int(state[node])
            if node == 0 {
                (rows + row).initialize(repeating: 0, count: classCount)
            } else {
                (rows + row).initialize(from: rows + Int(state[trie.fail[node]]), count: classCount)
            }
            trie.forEachChild(of: node) { c, child in rows[row + c] = state[child] }
        }
        self.rows = rows
        rowDepth = shallow.map { trie.depth[$0] }

        var edgeList: [Edge] = []
        var records: [Deep] = []
        var starts = [0]
        var flat: [Int] = []
        for node in deeper {
            let childCount = trie.childCount(of: node)
            var record = Deep(
                child: 0, fail: state[trie.fail[node]], edgeClass: -1, edgeCount: Int16(childCount),
                endsLiteral: !trie.outputs[node].isEmpty)
            if childCount == 1 {
                trie.forEachChild(of: node) { c, child in
                    record.edgeClass = Int16(c)
                    record.child = state[child]
                }
            } else if childCount > 1 {
                record.child = Int32(edgeList.count)
                trie.forEachChild(of: node) { c, child in edgeList.append(Edge(byteClass: Int32(c), next: state[child])) }
            }
            records.append(record)
            if !trie.outputs[node].isEmpty { flat += trie.outputs[node] }
            starts.append(flat.count)
        }
        var byteOf = [UInt8](repeating: 0, count: classCount)
        for byte in 0..<256 where classOf[byte] != 0 { byteOf[Int(classOf[byte])] = UInt8(byte) }
        var single = [UInt8](repeating: 0, count: max(1, records.count))
        var runs = [Int](repeating: 0, count: records.count + 1)
        for k in records.indices.reversed() where records[k].edgeCount == 1 && records[k].child == ~Int32(k + 1) {
            single[k] = byteOf[Int(records[k].edgeClass)]
            runs[k] = records[k + 1].endsLiteral ? 1 : 1 + runs[k + 1]
            if runs[k] >= Self.minimumRun { records[k].run = UInt8(min(runs[k], Int(UInt8.max))) }
        }
        runBytes = .allocate(capacity: single.count)
        runBytes.initialize(from: single, count: single.count)
        deep = .allocate(capacity: max(1, records.count))
        deep.initialize(from: records, count: records.count)
        edges = .allocate(capacity: max(1, edgeList.count))
        edges.initialize(from: edgeList, count: edgeList.count)
        outputStart = starts
        outputs = flat
    }

    deinit {
        windowBits.deallocate()
        pieceBits.deallocate()
        unconfirmedBits.deallocate()
        byteClass.deallocate()
        rows.deallocate()
        deep.deallocate()
        edges.deallocate()
        runBytes.deallocate()
    }

    /// Calls `body` with the index of every literal occurrence in `text`, left to right by end (a
    /// literal that occurs twice is reported twice), until `body` returns false.
    @inline(__always)
    public func forEachMatch(_ text: UnsafeRawBufferPointer, _ body: (Int) -> Bool) {
        scan(text) { literal, _ in body(literal) }
    }

    /// `forEachMatch` with the offset just past each occurrence.
    @inline(__always)
    public func forEachOccurrence(_ text: UnsafeRawBufferPointer, _ body: (_ literal: Int, _ end: Int) -> Bool) {
        scan(text, body)
    }

    /// Why nothing is missed: probing from `start` every `stride` bytes hits one of the `stride`
    /// windows of any occurrence beginning at or after `start` (they begin between one byte before
    /// it and `stride - 1` bytes into it; a window past the end of the text is not probed, but the
    /// last window, which is the occurrence's own, is), so on a hit at `i` no
    /// occurrence begins in [start, i - stride + 1) and the automaton can begin there. It reports every
    /// occurrence it passes. It stops at a position `q` at least 4 bytes past `i` in a state of depth
    /// `d` < 4: an occurrence begun at or before `i` would be at least 4 bytes deep, so it has been
    /// reported; one begun later is either reported or begins at or after `q - d` (the longest
    /// partial match), where probing resumes, which is past `i`.
    @inline(__always)
    private func scan(_ text: UnsafeRawBufferPointer, _ onMatch: (_ literal: Int, _ end: Int) -> Bool) {
        guard let base = text.baseAddress, text.count >= 4 else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        // Locals and wrapping arithmetic (no index here comes near overflow): the probe loop is then
        // ten instructions per window, without reloads or overflow checks.
        let n = text.count, lastWindow = n &- 4, stride = stride
        let windowBits = windowBits, byteClass = byteClass
        var start = 0
        var i = 0
        var probedLastWindow = !probesLastWindow
        while true {
            while i <= lastWindow {
                let h = Int(Self.hash(base.loadUnaligned(fromByteOffset: i, as: UInt32.self)))
                guard windowBits[h &>> 6] & (1 &<< UInt64(h & 63)) != 0, isConfirmed(i, h, base, n) else {
                    i &+= stride
                    continue
                }
                var q = max(start, i &- stride &+ 1)
                let past = i &+ 4
                var s: Int32 = 0
                while q < n {
                    s = next(s, byteClass[Int(bytes[q])])
                    q &+= 1
                    if s < 0 {
                        var k = Int(~s)
                        if deep[k].endsLiteral {
                            for o in outputStart[k]..<outputStart[k + 1] where !onMatch(outputs[o], q) { return }
                        }
                        let run = Int(deep[k].run)
                        guard run != 0 else { continue }
                        let along = Self.commonPrefix(bytes + q, runBytes + k, min(run, n &- q))
                        guard along != 0 else { continue }
                        k &+= along
                        q &+= along
                        s = ~Int32(k)
                        if deep[k].endsLiteral {
                            for o in outputStart[k]..<outputStart[k + 1] where !onMatch(outputs[o], q) { return }
                        }
                    } else if q >= past {
                        break
                    }
                }
                guard q < n else { return }
                start = q &- rowDepth[Int(s) / classCount]
                i = start
            }
            // Probing stepped past the last window. A hit there runs the automaton to the end of the
            // text, so once is enough.
            guard !probedLastWindow else { return }
            probedLastWindow = true
            i = lastWindow
        }
    }

    /// The state after `state` on a byte of class `c`: a deep state's own edge, else its failure
    /// state's transition, down to a table row.
    @inline(__always)
    private func next(_ state: Int32, _ c: Int32) -> Int32 {
        var s = state
        while s < 0 {
            let record = deep[Int(~s)]
            if record.edgeCount == 1 {
                if Int32(record.edgeClass) == c { return record.child }
            } else if record.edgeCount > 1, let edge = edge(of: record, c) {
                return edge
            }
            s = record.fail
        }
        return rows[Int(s) &+ Int(c)]
    }

    @inline(never)
    private func edge(of record: Deep, _ c: Int32) -> Int32? {
        let first = Int(record.child)
        for e in first..<(first + Int(record.edgeCount)) where edges[e].byteClass == c { return edges[e].next }
        return nil
    }

    /// Whether a literal may hold the window at `i` (hash `h`): it is a short literal's, or the text
    /// there holds one of the literals' 8-byte pieces. A window of an occurrence always is: its piece
    /// lies inside the occurrence, so inside the text.
    @inline(__always)
    private func isConfirmed(_ i: Int, _ h: Int, _ base: UnsafeRawPointer, _ n: Int) -> Bool {
        if unconfirmedBits[h &>> 8] & (1 &<< UInt64(h &>> 2 & 63)) != 0 { return true }
        if i &+ 8 <= n, hasPiece(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { return true }
        return i >= 4 && hasPiece(base.loadUnaligned(fromByteOffset: i &- 4, as: UInt64.self))
    }

    @inline(__always)
    private func hasPiece(_ piece: UInt64) -> Bool {
        let p = Int(Self.pieceHash(piece))
        return pieceBits[p &>> 6] & (1 &<< UInt64(p & 63)) != 0
    }

    /// How many of the first `count` bytes at `a` and `b` are equal.
    @inline(__always)
    private static func commonPrefix(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var i = 0
        while i &+ 8 <= count {
            let difference = UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) ^ UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self)
            if difference != 0 { return i &+ difference.trailingZeroBitCount &>> 3 }
            i &+= 8
        }
        while i < count, a[i] == b[i] { i &+= 1 }
        return i
    }

    @inline(__always)
    static func hash(_ window: UInt32) -> UInt32 { (window &* 0x9E37_79B1) >> 15 }

    @inline(__always)
    static func pieceHash(_ piece: UInt64) -> UInt64 { (piece &* 0x9E37_79B9_7F4A_7C15) >> 48 }
}

/// The Aho–Corasick construction: a trie of the literals (each node's edges a list in flat arrays, by
/// byte class: the dense table is built once, in `LiteralAutomaton`'s numbering; an array per node cost
/// an allocation per node, a tenth of every run's start) and failure links by breadth-first search.
private struct Trie {
    /// Node n's first edge, -1 for none; an edge's class, child and the next edge of its node (by class).
    private var firstEdge: [Int] = [-1]
    private var edgeClass: [Int] = []
    private var edgeChild: [Int] = []
    private var nextEdge: [Int] = []
    /// The root's children by class (-1 for none): it has one per byte that begins a literal, and every
    /// failure link search ends at it.
    private var rootChild: [Int]
    var depth = [0]
    var fail: [Int] = []
    /// Literals ending at each node, its own and those of its failure chain.
    var outputs: [[Int]] = [[]]
    /// Nodes in breadth-first order (parents before children, the root first).
    var bfs = [0]
    /// Nodes in depth-first preorder: each literal's deeper nodes mostly follow one another.
    var depthFirst: [Int] {
        var order = [0]
        var pending = [firstEdge[0]]  // per open node, its next edge to follow
        while let edge = pending.last {
            guard edge >= 0 else { pending.removeLast(); continue }
            pending[pending.count - 1] = nextEdge[edge]
            order.append(edgeChild[edge])
            pending.append(firstEdge[edgeChild[edge]])
        }
        return order
    }

    init(_ literals: [[UInt8]], classOf: [Int32]) {
        rootChild = [Int](repeating: -1, count: Int(classOf.max() ?? 0) + 1)
        let nodes = literals.reduce(1) { $0 + $1.count }  // at most
        firstEdge.reserveCapacity(nodes)
        depth.reserveCapacity(nodes)
        outputs.reserveCapacity(nodes)
        edgeClass.reserveCapacity(nodes)
        edgeChild.reserveCapacity(nodes)
        nextEdge.reserveCapacity(nodes)
        for (index, literal) in literals.enumerated() {
            var node = 0
            for byte in literal {
                let c = Int(classOf[Int(byte)])
                if let next = child(of: node, c) {
                    node = next
                } else {
                    let next = depth.count
                    addEdge(from: node, c, to: next)
                    firstEdge.append(-1)
                    depth.append(depth[node] + 1)
                    outputs.append([])
                    node = next
                }
            }
            outputs[node].append(index)
        }
        fail = [Int](repeating: 0, count: depth.count)
        var head = 0
        while head < bfs.count {
            let node = bfs[head]
            head += 1
            var edge = firstEdge[node]
            while edge >= 0 {
                let c = edgeClass[edge], next = edgeChild[edge]
                if node != 0 {
                    var state = fail[node]
                    while child(of: state, c) == nil, state != 0 { state = fail[state] }
                    fail[next] = child(of: state, c) ?? 0
                }
                bfs.append(next)
                edge = nextEdge[edge]
            }
        }
        for node in bfs where node != 0 && !outputs[fail[node]].isEmpty { outputs[node] += outputs[fail[node]] }
    }

    /// Links the edge into `node`'s list in class order.
    private mutating func addEdge(from node: Int, _ c: Int, to child: Int) {
        if node == 0 { rootChild[c] = child }
        let edge = edgeClass.count
        edgeClass.append(c)
        edgeChild.append(child)
        var previous = -1
        var following = firstEdge[node]
        while following >= 0, edgeClass[following] < c {
            previous = following
            following = nextEdge[following]
        }
        nextEdge.append(following)
        if previous < 0 { firstEdge[node] = edge } else { nextEdge[previous] = edge }
    }

    private func child(of node: Int, _ c: Int) -> Int? {
        if node == 0 { return rootChild[c] < 0 ? nil : rootChild[c] }
        var edge = firstEdge[node]
        while edge >= 0 {
            if edgeClass[edge] == c { return edgeChild[edge] }
            edge = nextEdge[edge]
        }
        return nil
    }

    /// Calls `body` with each (class, child) of `node`, by class.
    func forEachChild(of node: Int, _ body: (Int, Int) -> Void) {
        var edge = firstEdge[node]
        while edge >= 0 {
            body(edgeClass[edge], edgeChild[edge])
            edge = nextEdge[edge]
        }
    }

    func childCount(of node: Int) -> Int {
        var count = 0
        forEachChild(of: node) { _, _ in count += 1 }
        return count
    }
}
