import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX steps of an atomic file replacement: temp file beside the target, fsync, rename.
enum AtomicFile {
    /// A failed system call, with the text of its errno.
    struct SystemError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    /// Writes `change.after` to a new temporary file in the target's directory, with the target's
    /// permissions (and owner, where allowed), flushed to disk.
    static func prepare(_ change: FileChange, root: URL) throws -> CodemodApplier.Prepared {
        let target = root.appendingPathComponent(change.path)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).logmedic-\(UUID().uuidString).tmp")
        do {
            var info = stat()
            try check("lstat", lstat(target.path, &info))
            // A link or device swapped in after planning must not be replaced by a plain file.
            guard info.st_mode & S_IFMT == S_IFREG else { throw SystemError(call: "lstat", code: EINVAL) }
            let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            try check("open", fd)
            defer { close(fd) }
            try write(Array(change.after.utf8), to: fd)
            try check("fchmod", fchmod(fd, info.st_mode & 0o7777))
            _ = fchown(fd, info.st_uid, info.st_gid)  // Only root may give a file away; keep ours otherwise.
            try check("fsync", fsync(fd))
        } catch {
            remove(temporary)
            throw CodemodError.writeFailed(path: change.path, reason: "\(error)")
        }
        return CodemodApplier.Prepared(path: change.path, target: target, temporary: temporary)
    }

    static func rename(_ file: CodemodApplier.Prepared) throws {
        try check("rename", Foundation.rename(file.temporary.path, file.target.path))
    }

    static func remove(_ url: URL) { _ = unlink(url.path) }

    /// Makes the renames themselves durable; best effort, since the new contents are already synced.
    static func syncDirectories(of targets: [URL]) {
        for directory in Set(targets.map { $0.deletingLastPathComponent().path }) {
            let fd = open(directory, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            _ = fsync(fd)
            close(fd)
        }
    }

    private static func write(_ bytes: [UInt8], to fd: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            try check("write", Int32(clamping: count))
            offset += count
        }
    }

    private static func check(_ call: String, _ result: Int32) throws {
        if result < 0 { throw SystemError(call: call, code: errno) }
    }
}
