import Foundation

/// A regular file or a directory read the way `watch` reads it: to its end, then on as it grows, like
/// `tail -F`. A file replaced at its path (logrotate, Python's RotatingFileHandler) is read on from the
/// new file once the old one is drained; a file cut short (copytruncate) is read again from its start.
/// A directory's files are read oldest first (by modification time), then the newest is followed, and a
/// file that appears in it later (PostgreSQL's logging_collector starting a new one) is read on from
/// once the current one is drained. Gzip files, hidden entries and subdirectories are left out.
/// `read` ends (returns 0) only when the control asks to stop.
final class FollowedSource: ByteSource {
    let name: String
    private let isDirectory: Bool
    private let control: LiveControl
    private var fd: Int32 = -1
    private var current: FileIdentity?
    private var offset: off_t = 0
    /// A directory's files not read yet, oldest first.
    private var backlog: [String] = []
    /// The files read from, so that a renamed one (app.log → app.log.1) is not read again.
    private var seen: Set<FileIdentity> = []

    init(path: String, isDirectory: Bool, control: LiveControl) throws {
        name = path
        self.isDirectory = isDirectory
        self.control = control
        if isDirectory {
            backlog = Self.logFiles(in: path).filter { !Self.isGzip($0.path) }
                .sorted { ($0.modified, $0.path) < ($1.modified, $1.path) }.map(\.path)
            guard !backlog.isEmpty else { return }  // followed until a file appears
            try open(backlog.removeFirst())
        } else {
            try open(path)
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while !control.isStopped {
            if fd >= 0 {
                let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
                if n > 0 { offset += off_t(n); return n }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw IngestError.unreadable(path: name, reason: String(cString: strerror(errno)))
                }
            }
            if moveOn() { continue }
            usleep(UInt32(control.sliceMilliseconds) * 1000)
        }
        return 0
    }

    func waitReadable(timeoutMilliseconds: Int32) -> Bool {
        if hasUnreadBytes() || nextFile() != nil || wasTruncated() { return true }
        usleep(UInt32(max(0, timeoutMilliseconds)) * 1000)
        return false
    }

    /// At the end of the current file: goes on to the next file, or back to the start of a truncated one.
    private func moveOn() -> Bool {
        if let next = nextFile() {
            if backlog.first == next { backlog.removeFirst() }
            // A file gone or unreadable since it was listed is left; the current one is kept.
            return (try? open(next)) != nil
        }
        guard wasTruncated() else { return false }
        lseek(fd, 0, SEEK_SET)
        offset = 0
        return true
    }

    private func open(_ path: String) throws {
        let opened = Foundation.open(path, O_RDONLY)
        guard opened >= 0 else { throw IngestError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        if fd >= 0 { close(fd) }
        fd = opened
        offset = 0
        var info = stat()
        fstat(fd, &info)
        current = FileIdentity(info)
        seen.insert(FileIdentity(info))
    }

    /// The file to read next: a directory's backlog, then a file not read before at the path or in the
    /// directory.
    private func nextFile() -> String? {
        if let first = backlog.first { return first }
        if !isDirectory {
            var info = stat()
            guard stat(name, &info) == 0, info.st_mode & S_IFMT == S_IFREG, FileIdentity(info) != current else { return nil }
            return name
        }
        let files = Self.logFiles(in: name)
        // Forget files that are gone, so that a long run's rotations do not pile up here.
        seen.formIntersection(files.map(\.identity) + (current.map { [$0] } ?? []))
        var fresh = files.filter { !seen.contains($0.identity) }
        // A compressed rotation (postgresql.log.2.gz) is not a log to follow: left, and not looked at again.
        for file in fresh where Self.isGzip(file.path) { seen.insert(file.identity) }
        fresh.removeAll { seen.contains($0.identity) }
        return fresh.min { ($0.modified, $0.path) < ($1.modified, $1.path) }?.path
    }

    private func hasUnreadBytes() -> Bool {
        var info = stat()
        return fd >= 0 && fstat(fd, &info) == 0 && info.st_size > offset
    }

    private func wasTruncated() -> Bool {
        var info = stat()
        return fd >= 0 && fstat(fd, &info) == 0 && info.st_size < offset
    }

    private struct LogFile {
        var path: String
        var identity: FileIdentity
        var modified: Double
    }

    /// The regular files directly in `directory`, hidden ones left out, and a log it holds in several layouts in one
    /// (`InputPaths.oneLayoutEach`).
    private static func logFiles(in directory: String) -> [LogFile] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let read = Set(InputPaths.oneLayoutEach(names.map { prefix + $0 }).files)
        return names.filter { !$0.hasPrefix(".") && read.contains(prefix + $0) }.compactMap { name in
            let path = prefix + name
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            return LogFile(path: path, identity: FileIdentity(info),
                           modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        }
    }

    private static func isGzip(_ path: String) -> Bool {
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var magic: [UInt8] = [0, 0]
        return Foundation.read(fd, &magic, 2) == 2 && magic == [0x1F, 0x8B]
    }
}

/// A file as the kernel knows it, whatever its name: a renamed file keeps it, a new file at the path does not.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
