import Foundation

/// Reads a playbook folder the way vetting needs: the folder is opened once (no symlink), every entry
/// is listed from that descriptor, and each file is opened relative to it without following symlinks
/// and without blocking (a FIFO or a device is refused, not read), then read whole, once.
struct PlaybookFolder {
    enum Entry: Equatable {
        case file(bytes: [UInt8])
        case notRegular(kind: String)
    }

    let path: String

    /// Every entry of the folder except `.` and `..`, hidden files and subdirectories included.
    func entries() throws -> [String: Entry] {
        let dirfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard dirfd >= 0 else { throw RemediationError.invalidPlaybook(path: path, reason: "cannot open the folder: \(String(cString: strerror(errno)))") }
        defer { close(dirfd) }
        var result: [String: Entry] = [:]
        for name in try names(dirfd) { result[name] = try read(name, in: dirfd) }
        return result
    }

    private func names(_ dirfd: Int32) throws -> [String] {
        let listing = dup(dirfd)
        guard listing >= 0, let dir = fdopendir(listing) else {
            throw RemediationError.invalidPlaybook(path: path, reason: "cannot list the folder: \(String(cString: strerror(errno)))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    private func read(_ name: String, in dirfd: Int32) throws -> Entry {
        let fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            if errno == ELOOP { return .notRegular(kind: "a symlink") }
            var status = stat()
            if fstatat(dirfd, name, &status, AT_SYMLINK_NOFOLLOW) == 0, let kind = Self.kind(status.st_mode), kind != "a regular file" {
                return .notRegular(kind: kind)
            }
            throw RemediationError.invalidPlaybook(path: "\(path)/\(name)", reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw RemediationError.invalidPlaybook(path: "\(path)/\(name)", reason: String(cString: strerror(errno)))
        }
        guard status.st_mode & S_IFMT == S_IFREG else { return .notRegular(kind: Self.kind(status.st_mode) ?? "not a regular file") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw RemediationError.invalidPlaybook(path: "\(path)/\(name)", reason: String(cString: strerror(errno)))
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return .file(bytes: bytes)
    }

    static func kind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return "a regular file"
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symlink"
        default: return nil
        }
    }
}
