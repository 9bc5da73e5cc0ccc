/// Transcodes UTF-16 input to UTF-8 as it streams: a log redirected by Windows PowerShell 5 (`>`, `Out-File`), or
/// written by a logger set to UTF-16, is UTF-16LE behind a byte-order mark. Read as bytes, every other byte is NUL
/// and no rule matches. Only input that starts with a byte-order mark is taken for UTF-16 (`detecting`): without
/// one, text and UTF-16 cannot be told apart for certain. Unpaired surrogates and a last odd byte become U+FFFD,
/// as a decoder repairs them.
public final class UTF16Source: ByteSource {
    private var inner: any ByteSource
    private let bigEndian: Bool
    public let name: String
    /// Bytes read and not yet decoded: an odd byte, a high surrogate waiting for its pair.
    private var input = [UInt8](repeating: 0, count: 1 << 16)
    private var inputCount = 0
    /// Decoded bytes that did not fit the caller's buffer.
    private var output: [UInt8] = []
    private var outputStart = 0
    private var ended = false

    private init(inner: any ByteSource, bigEndian: Bool) {
        self.inner = inner
        self.bigEndian = bigEndian
        name = inner.name
    }

    /// `source` transcoded when its first bytes are a UTF-16 byte-order mark (which is dropped), else as it is.
    public static func detecting<Inner: ByteSource>(_ source: Inner) throws -> any ByteSource {
        try detecting(peeked: PeekedSource(inner: source))
    }

    /// `detecting` of a source that peeked already (for gzip's mark): a plain input is read through one layer.
    static func detecting<Inner: ByteSource>(peeked: PeekedSource<Inner>) throws -> any ByteSource {
        var peeked = peeked
        let head = try peeked.peek(2)
        guard let bigEndian = byteOrder(ofMark: head) else { return peeked }
        peeked.drop(2)
        return UTF16Source(inner: peeked, bigEndian: bigEndian)
    }

    /// Whether `head` is a UTF-16 byte-order mark, and which (true: big-endian); nil when it is none.
    static func byteOrder(ofMark head: [UInt8]) -> Bool? {
        switch (head.first, head.dropFirst().first) {
        case (0xFF, 0xFE): return false
        case (0xFE, 0xFF): return true
        default: return nil
        }
    }

    public func waitReadable(timeoutMilliseconds: Int32) -> Bool {
        outputStart < output.count || ended || inner.waitReadable(timeoutMilliseconds: timeoutMilliseconds)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while outputStart == output.count {
            guard !ended else { return 0 }
            output.removeAll(keepingCapacity: true)
            outputStart = 0
            let n = try input.withUnsafeMutableBytes { try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[inputCount...])) }
            inputCount += n
            ended = n == 0
            decode()
        }
        let n = min(buffer.count, output.count - outputStart)
        buffer.copyBytes(from: output[outputStart..<(outputStart + n)])
        outputStart += n
        return n
    }

    /// Decodes the whole units read; at the end of input, what is left over too (as U+FFFD).
    private func decode() {
        var i = 0
        while i + 1 < inputCount {
            let unit = self.unit(at: i)
            if unit & 0xFC00 == 0xD800 {  // a high surrogate: its pair follows, maybe in the next read
                guard i + 3 < inputCount else { break }
                let low = self.unit(at: i + 2)
                if low & 0xFC00 == 0xDC00 {
                    append(0x10000 + (UInt32(unit & 0x3FF) << 10 | UInt32(low & 0x3FF)))
                    i += 4
                    continue
                }
                append(0xFFFD)
            } else {
                append(unit & 0xFC00 == 0xDC00 ? 0xFFFD : UInt32(unit))
            }
            i += 2
        }
        if ended {
            if i < inputCount { append(0xFFFD) }  // a lone high surrogate, or an odd last byte
            i = inputCount
        }
        input.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[i..<inputCount])) }
        inputCount -= i
    }

    private func unit(at i: Int) -> UInt16 {
        bigEndian ? UInt16(input[i]) << 8 | UInt16(input[i + 1]) : UInt16(input[i + 1]) << 8 | UInt16(input[i])
    }

    private func append(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80:
            output.append(UInt8(scalar))
        case ..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
