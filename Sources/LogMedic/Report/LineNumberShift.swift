/// How a stream of rendered findings writes log line numbers: each plus `offset`, and while `spots` is
/// not nil, where each one went. A chunk of a file is rendered as it is scanned, its lines numbered from
/// its own start until the scans of the chunks before it have told how many lines they hold; `settle`
/// then shifts the numbers written so far (`ScanPipeline.render`).
struct LineNumberShift {
    var offset: Int
    /// For each number written while recording: its offset in the output, then the number.
    private var spots: [Int]?
    /// Where the finding being written starts in the output (its writer fills a buffer of its own).
    var findingStart = 0

    init(offset: Int = 0) { self.offset = offset }

    /// Numbers from the chunk's start, their places noted, until `settle`.
    static var recording: LineNumberShift {
        var shift = LineNumberShift()
        shift.spots = []
        return shift
    }

    /// `number` as it is written at `position` of the finding being written.
    @inline(__always)
    mutating func written(_ number: Int, at position: Int) -> Int {
        if spots != nil { spots!.append(findingStart + position); spots!.append(number) }
        return number + offset
    }

    /// Once the lines before the chunk are known: adds them to the numbers written into `output` while
    /// recording, and to every number written from now on.
    mutating func settle(_ output: inout [UInt8], linesBefore lines: Int) {
        if let spots, lines != 0 { Self.shift(&output, spots, by: lines) }
        self = LineNumberShift(offset: lines)
    }

    /// The numbers written at `spots`, plus `lines`. A number grows (a line before the chunk's start, of its
    /// warm-up, is numbered negative, and may shrink): in place from the back, what follows it moving right.
    private static func shift(_ output: inout [UInt8], _ spots: [Int], by lines: Int) {
        spots.withUnsafeBufferPointer { spots in
            var growth = 0, shrinks = false
            var k = 1
            while k < spots.count {
                let grown = digits(spots[k] &+ lines) &- digits(spots[k])
                growth &+= grown
                shrinks = shrinks || grown < 0
                k &+= 2
            }
            guard !shrinks else { return rebuild(&output, spots, by: lines) }
            let oldCount = output.count
            output.append(contentsOf: repeatElement(0, count: growth))
            output.withUnsafeMutableBufferPointer { bytes in
                let base = bytes.baseAddress!
                var write = oldCount &+ growth, readEnd = oldCount
                var k = spots.count &- 2
                while k >= 0 {
                    let start = spots[k], end = start &+ digits(spots[k &+ 1])
                    let tail = readEnd &- end
                    write &-= tail
                    if write != end { (base + write).update(from: base + end, count: tail) }
                    var rest = spots[k &+ 1] &+ lines
                    repeat {
                        write &-= 1
                        base[write] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                        rest /= 10
                    } while rest > 0
                    readEnd = start
                    k &-= 2
                }
            }
        }
    }

    /// `shift` into a new buffer, for when a number shrinks (a chunk of long lines a few lines into its file).
    private static func rebuild(_ output: inout [UInt8], _ spots: UnsafeBufferPointer<Int>, by lines: Int) {
        var shifted: [UInt8] = []
        shifted.reserveCapacity(output.capacity)
        var from = 0
        for k in Swift.stride(from: 0, to: spots.count, by: 2) {
            shifted += output[from..<spots[k]]
            shifted += String(spots[k + 1] + lines).utf8
            from = spots[k] + digits(spots[k + 1])
        }
        shifted += output[from...]
        output = shifted
    }

    /// The bytes of `value` in decimal, its sign included.
    @inline(__always)
    private static func digits(_ value: Int) -> Int {
        let n = value.magnitude
        var count = 1, limit: UInt = 10
        while n >= limit, count < 19 { count &+= 1; limit &*= 10 }
        return value < 0 ? count &+ 1 : count
    }
}
