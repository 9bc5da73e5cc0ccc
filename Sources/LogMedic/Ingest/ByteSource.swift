import Foundation

/// Where log bytes come from: a file, standard input, or a decompressing wrapper around either.
public protocol ByteSource {
    /// A name for messages and findings: the path, or `-` for stdin.
    var name: String { get }
    /// Fills up to `buffer.count` bytes; returns 0 at end of input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A file descriptor read with read(2): files, pipes, standard input.
public struct DescriptorSource: ByteSource {
    public let name: String
    let fd: Int32

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw IngestError.unreadable(path: name, reason: String(cString: strerror(errno)))
        }
    }
}

/// An open input that closes its descriptor when released.
public final class InputFile {
    public let source: any ByteSource
    private let fd: Int32

    /// Opens `path` (`-` is standard input); gzip input is detected by its magic bytes, not its name.
    public init(path: String) throws {
        if path == "-" {
            fd = -1
            source = try Self.detectingGzip(DescriptorSource(name: "-", fd: 0))
            return
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw IngestError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw IngestError.unreadable(path: path, reason: "is a directory") }
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw IngestError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        source = try Self.detectingGzip(DescriptorSource(name: path, fd: fd))
    }

    deinit { if fd >= 0 { close(fd) } }

    static func detectingGzip(_ raw: DescriptorSource) throws -> any ByteSource {
        var peeked = PeekedSource(inner: raw)
        let head = try peeked.peek(2)
        return head == [0x1F, 0x8B] ? GzipSource(inner: peeked) : peeked
    }
}

/// Lets the first bytes be looked at (for format detection) and then read again.
struct PeekedSource: ByteSource {
    var inner: DescriptorSource
    var pending: [UInt8] = []
    var name: String { inner.name }

    mutating func peek(_ count: Int) throws -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: count)
        while pending.count < count {
            let n = try chunk.withUnsafeMutableBytes { (b) in try inner.read(into: b) }
            if n == 0 { break }
            pending += chunk[0..<n]
        }
        return Array(pending.prefix(count))
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard pending.isEmpty else {
            let n = min(pending.count, buffer.count)
            buffer.copyBytes(from: pending[0..<n])
            pending.removeFirst(n)
            return n
        }
        return try inner.read(into: buffer)
    }
}
