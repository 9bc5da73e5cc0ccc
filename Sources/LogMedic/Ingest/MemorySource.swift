/// Bytes already in memory, read as if they were a file (rule examples, tests).
public struct MemorySource: ByteSource {
    public let name: String
    private let bytes: [UInt8]
    private var offset = 0

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        buffer.copyBytes(from: bytes[offset..<(offset + n)])
        offset += n
        return n
    }
}
