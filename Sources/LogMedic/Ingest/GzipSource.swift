import CZlib

/// Inflates gzip input as it streams, including files of several concatenated gzip members.
final class GzipSource: ByteSource {
    private var inner: PeekedSource<DescriptorSource>
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 1 << 16)
    private var inputEnd = 0
    private var finished = false
    /// True between members (and before the first): end of input here is a clean end.
    private var atMemberBoundary = true
    /// The damage found by the read that inflated the bytes before it: thrown by the next read, once they are handed on.
    private var damage: IngestError?
    var name: String { inner.name }

    init(inner: PeekedSource<DescriptorSource>) {
        self.inner = inner
        // 15 + 32: maximum window, and detect the gzip or zlib header automatically.
        inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    }

    deinit { inflateEnd(&stream) }

    func waitReadable(timeoutMilliseconds: Int32) -> Bool {
        finished || stream.avail_in > 0 || inner.waitReadable(timeoutMilliseconds: timeoutMilliseconds)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let damage {
            self.damage = nil
            throw damage
        }
        while !finished {
            if stream.avail_in == 0 {
                inputEnd = try input.withUnsafeMutableBytes { (b) in try inner.read(into: b) }
                if inputEnd == 0 {
                    finished = true
                    if !atMemberBoundary { throw IngestError.corrupt(path: name, reason: "gzip stream is truncated") }
                    return 0
                }
                stream.avail_in = UInt32(inputEnd)
            }
            let (rc, produced) = input.withUnsafeMutableBufferPointer { inputBuffer -> (Int32, Int) in
                stream.next_in = inputBuffer.baseAddress! + (inputEnd - Int(stream.avail_in))
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.avail_out = UInt32(buffer.count)
                let rc = inflate(&stream, Z_NO_FLUSH)
                return (rc, buffer.count - Int(stream.avail_out))
            }
            switch rc {
            case Z_STREAM_END:
                atMemberBoundary = true
                inflateReset(&stream)  // another gzip member may follow
            case Z_OK, Z_BUF_ERROR:
                atMemberBoundary = false
            default:
                finished = true
                let reason = stream.msg.map { String(cString: $0) } ?? "inflate error \(rc)"
                let error = IngestError.corrupt(path: name, reason: "invalid gzip data (\(reason))")
                // What this call inflated lies before the damage (all of it, when only the checksum is wrong).
                guard produced > 0 else { throw error }
                damage = error
            }
            if produced > 0 { return produced }
        }
        return 0
    }
}
