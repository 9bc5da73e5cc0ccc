import Foundation

/// Where log bytes come from: a file, standard input, or a decompressing wrapper around either.
public protocol ByteSource {
    /// A name for messages and findings: the path, or `-` for stdin.
    var name: String { get }
    /// Fills up to `buffer.count` bytes; returns 0 at end of input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Waits up to `timeoutMilliseconds` for bytes (or end of input) to be ready; false on timeout.
    mutating func waitReadable(timeoutMilliseconds: Int32) -> Bool
}

extension ByteSource {
    public mutating func waitReadable(timeoutMilliseconds: Int32) -> Bool { true }
}

/// A file descriptor read with read(2): files, pipes, FIFOs, terminals, standard input.
/// Anything but a regular file is polled before each read; with a `LiveControl` the wait is cut in
/// short slices, so that a stop request ends the input even when no byte ever comes.
public struct DescriptorSource: ByteSource {
    public let name: String
    let fd: Int32
    let isRegularFile: Bool
    /// A regular file's size when it was opened (0 for /proc's files, which have none).
    let sizeAtOpen: Int
    let control: LiveControl?

    init(name: String, fd: Int32, control: LiveControl? = nil) {
        self.name = name
        self.fd = fd
        var info = stat()
        isRegularFile = fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        sizeAtOpen = isRegularFile ? Int(info.st_size) : 0
        self.control = control
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            // A device that never runs dry (/dev/zero) is never waited for: look for a stop before each read.
            if control?.isStopped == true { return 0 }
            // Wait first: a FIFO opened without blocking reads as ended until a writer comes.
            if !isRegularFile {
                while !waitReadable(timeoutMilliseconds: control?.sliceMilliseconds ?? -1) {
                    if control?.isStopped == true { return 0 }
                }
            }
            let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
            if n == 0, isRegularFile { try endedWhole() }
            if n >= 0 { return n }
            if errno == EINTR || errno == EAGAIN { continue }
            throw IngestError.unreadable(path: name, reason: String(cString: strerror(errno)))
        }
    }

    /// At the end of a regular file: throws when the file is now shorter than what was read of it and than it was
    /// (a file that grows is read to its new end). Read up to the cut, it would otherwise be reported as whole.
    private func endedWhole() throws {
        var info = stat()
        guard fstat(fd, &info) == 0, Int(info.st_size) < sizeAtOpen else { return }
        if Int(lseek(fd, 0, SEEK_CUR)) > Int(info.st_size) { throw IngestError.cutWhileRead(path: name, size: Int(info.st_size)) }
    }

    public func waitReadable(timeoutMilliseconds: Int32) -> Bool {
        if isRegularFile { return true }
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&request, 1, timeoutMilliseconds)
        // A signal (Ctrl-C) interrupts the wait: not ready, so the caller looks for a stop request
        // instead of entering a read(2) that would block until the next line is typed.
        if ready < 0 { return errno != EINTR }  // other errors are reported by the read that follows
        return ready > 0
    }
}

/// An open input that closes its descriptor when released.
public final class InputFile {
    public let source: any ByteSource
    private let fd: Int32

    /// Opens `path` (`-` is standard input); gzip input is detected by its magic bytes, not its name.
    /// A FIFO is opened without blocking (open(2) would wait for a writer before anything could be
    /// said or stopped); when nothing is ready yet the user is told what the read is waiting for.
    public init(path: String, control: LiveControl? = nil) throws {
        if path == "-" {
            fd = -1
            guard fcntl(0, F_GETFL) & O_ACCMODE != O_WRONLY else {
                throw IngestError.unreadable(path: path, reason: "standard input is closed")
            }
            source = try Self.detectingFormat(DescriptorSource(name: "-", fd: 0, control: control))
            return
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw IngestError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        if let control, control.followsFiles, info.st_mode & S_IFMT == S_IFREG || info.st_mode & S_IFMT == S_IFDIR {
            fd = -1
            source = try FollowedSource(path: path, isDirectory: info.st_mode & S_IFMT == S_IFDIR, control: control)
            return
        }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw IngestError.unreadable(path: path, reason: "is a directory with no files to read (hidden ones are skipped)") }
        let isFIFO = info.st_mode & S_IFMT == S_IFIFO
        fd = open(path, O_RDONLY | (isFIFO ? O_NONBLOCK : 0))
        guard fd >= 0 else { throw IngestError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        let raw = DescriptorSource(name: path, fd: fd, control: control)
        if isFIFO, let control, !raw.waitReadable(timeoutMilliseconds: control.idleMilliseconds) {
            control.notice("waiting for a writer on FIFO \(path) (Ctrl-C ends the wait and reports what was read)")
        }
        source = try Self.detectingFormat(raw)
    }

    /// True for inputs that may be live (stdin, pipes, FIFOs, terminals, devices): not a regular file.
    public static func isStream(path: String) -> Bool {
        if path == "-" {
            var info = stat()
            return fstat(0, &info) != 0 || info.st_mode & S_IFMT != S_IFREG
        }
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG && info.st_mode & S_IFMT != S_IFDIR
    }

    deinit { if fd >= 0 { close(fd) } }

    /// The input as text: gzip inflated, UTF-16 (behind its byte-order mark, also inside gzip) transcoded to UTF-8.
    static func detectingFormat(_ raw: DescriptorSource) throws -> any ByteSource {
        var peeked = PeekedSource(inner: raw)
        if try peeked.peek(2) == [0x1F, 0x8B] { return try UTF16Source.detecting(GzipSource(inner: peeked)) }
        return try UTF16Source.detecting(peeked: peeked)
    }
}

/// Lets the first bytes be looked at (for format detection) and then read again.
struct PeekedSource<Inner: ByteSource>: ByteSource {
    var inner: Inner
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

    mutating func drop(_ count: Int) { pending.removeFirst(min(count, pending.count)) }

    mutating func waitReadable(timeoutMilliseconds: Int32) -> Bool {
        pending.isEmpty ? inner.waitReadable(timeoutMilliseconds: timeoutMilliseconds) : true
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
