import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX steps of an atomic file replacement inside a held source directory: temp file created in
/// the target's own (held) directory, fsync, `renameat` in that same directory. A directory swapped for
/// a symlink after planning is never followed, so nothing is written or left outside the root.
enum AtomicFile {
    /// A failed system call, with the text of its errno.
    struct SystemError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    /// Writes `change.after` to a new temporary file in the target's directory, with the target's
    /// permissions (and owner, where allowed), flushed to disk. The prepared file holds that directory.
    static func prepare(_ change: FileChange, in directory: SourceDirectory) throws -> CodemodApplier.Prepared {
        do {
            return try directory.withParent(of: change.path) { parent, name in
                var info = stat()
                try check("lstat", fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW))
                // A link or device swapped in after planning must not be replaced by a plain file.
                guard info.st_mode & S_IFMT == S_IFREG else { throw SystemError(call: "lstat", code: EINVAL) }
                let temporary = ".\(name).logmedic-\(UUID().uuidString).tmp"
                let held = dup(parent)
                try check("dup", held)
                let prepared = CodemodApplier.Prepared(path: change.path, parent: held, name: name, temporary: temporary)
                do {
                    let fd = openat(held, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
                    try check("open", fd)
                    defer { close(fd) }
                    try write(Array(change.after.utf8), to: fd)
                    try check("fchmod", fchmod(fd, info.st_mode & 0o7777))
                    _ = fchown(fd, info.st_uid, info.st_gid)  // Only root may give a file away; keep ours otherwise.
                    try check("fsync", fsync(fd))
                } catch {
                    discard(prepared)
                    throw error
                }
                return prepared
            }
        } catch {
            throw CodemodError.writeFailed(path: change.path, reason: "\(error)")
        }
    }

    static func rename(_ file: CodemodApplier.Prepared) throws {
        try check("rename", renameat(file.parent, file.temporary, file.parent, file.name))
    }

    /// Removes the temporary file (if still there) and releases the directory.
    static func discard(_ file: CodemodApplier.Prepared) {
        _ = unlinkat(file.parent, file.temporary, 0)
        close(file.parent)
    }

    /// Makes the renames durable (best effort, the contents are already synced), then releases the directories.
    static func finish(_ files: [CodemodApplier.Prepared]) {
        for file in files {
            _ = fsync(file.parent)
            close(file.parent)
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
