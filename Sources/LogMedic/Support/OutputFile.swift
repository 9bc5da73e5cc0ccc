import Foundation

/// Writes a whole document to a path (`-o FILE`) without replacing what is there with something else:
///
/// - a missing path or a regular file: a temporary file beside it, renamed over it, so a reader never
///   sees half a report; an existing file keeps its permission bits and, where allowed, its owner;
///   a path ending in `/` names a directory, never a file;
/// - a symlink is followed: its final target gets the document by the same rules, the link stays
///   (a symlink to nothing is refused rather than replaced);
/// - a device, a FIFO, or `-`, `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: written
///   directly (the `/fd/N` names through the process's own descriptor N, so `>>` keeps appending); a FIFO
///   nobody reads yet is waited for, after `waiting` was told so.
public enum OutputFile {
    public static func write(_ data: Data, to path: String, waiting: (String) -> Void = { _ in }) throws {
        if let fd = inheritedDescriptor(path) { return try writeAll(data, to: fd, path: path) }
        var status = stat()
        if path.hasSuffix("/"), stat(path, &status) != 0 || status.st_mode & S_IFMT != S_IFDIR {
            let missing = stat(path.trimmingCharacters(in: CharacterSet(charactersIn: "/")).isEmpty ? "/" : String(path.dropLast()), &status) != 0
            throw OutputError.unwritable(path: path, reason: missing ? "no such directory (the path ends in /)" : "not a directory (the path ends in /)")
        }
        if stat(path, &status) != 0 {
            guard errno == ENOENT else { throw OutputError.unwritable(path: path, reason: String(cString: strerror(errno))) }
            if lstat(path, &status) == 0 { throw OutputError.unwritable(path: path, reason: "is a symlink to a missing file") }
            return try replace(path: resolvedParent(path), keeping: nil, with: data, shownAs: path)
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil ? path : realpathOf(path)
            try replace(path: target, keeping: status, with: data, shownAs: path)
        case S_IFDIR:
            throw OutputError.unwritable(path: path, reason: "is a directory")
        default:
            let fd = openWaitingForAReader(path, isFIFO: status.st_mode & S_IFMT == S_IFIFO, waiting: waiting)
            guard fd >= 0 else { throw OutputError.unwritable(path: path, reason: String(cString: strerror(errno))) }
            defer { close(fd) }
            try writeAll(data, to: fd, path: path)
        }
    }

    /// Opens a device or FIFO for writing. Opening a FIFO waits for a reader: tried without waiting first, so
    /// that the wait can be said (it looked like a hang that ignored the first Ctrl-C).
    private static func openWaitingForAReader(_ path: String, isFIFO: Bool, waiting: (String) -> Void) -> Int32 {
        guard isFIFO else { return open(path, O_WRONLY | O_CLOEXEC) }
        let fd = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK)
        if fd >= 0 {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            return fd
        }
        guard errno == ENXIO else { return fd }
        waiting("waiting for a reader on FIFO \(path) (Ctrl-C twice gives up)")
        return open(path, O_WRONLY | O_CLOEXEC)
    }

    /// Writes all of `data` to an open descriptor, retrying short writes and EINTR.
    public static func writeAll(_ data: Data, to fd: Int32, path: String) throws {
        try data.withUnsafeBytes { try writeAll($0, to: fd, path: path) }
    }

    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError.unwritable(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    /// `/dev/stdout`-like names refer to a descriptor this process already holds.
    static func inheritedDescriptor(_ path: String) -> Int32? {
        switch path {
        case "-", "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                if let fd = Int32(path.dropFirst(prefix.count)), fd >= 0, fcntl(fd, F_GETFD) >= 0 { return fd }
            }
            return nil
        }
    }

    /// For a missing path whose parent is a symlinked directory, the same path under the real parent.
    private static func resolvedParent(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        return URL(fileURLWithPath: realpathOf(parent)).appendingPathComponent(url.lastPathComponent).path
    }

    private static func realpathOf(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `keeping`: the replaced file's status, whose permission bits and owner the new file takes.
    private static func replace(path: String, keeping old: stat?, with data: Data, shownAs shown: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let temp = URL(fileURLWithPath: directory).appendingPathComponent(".logmedic-\(UUID().uuidString).tmp").path
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw OutputError.unwritable(path: shown, reason: String(cString: strerror(errno))) }
        var renamed = false
        defer {
            close(fd)
            if !renamed { unlink(temp) }
        }
        try writeAll(data, to: fd, path: shown)
        if let old {
            _ = fchown(fd, old.st_uid, old.st_gid)  // Only root may give a file away; keep ours otherwise.
            // After fchown, which clears set-id bits.
            if fchmod(fd, old.st_mode & 0o7777) != 0 { throw OutputError.unwritable(path: shown, reason: String(cString: strerror(errno))) }
        }
        guard fsync(fd) == 0 else { throw OutputError.unwritable(path: shown, reason: String(cString: strerror(errno))) }
        guard rename(temp, path) == 0 else { throw OutputError.unwritable(path: shown, reason: String(cString: strerror(errno))) }
        renamed = true
    }
}

public enum OutputError: Error, CustomStringConvertible {
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unwritable(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}
