import Foundation

/// A directory logmedic reads and codemods write only inside (`--source DIR`). The root is opened once
/// and held; every path below it is walked one component at a time with `openat(O_NOFOLLOW)`, so a
/// symlink (also one swapped in mid-run) is never followed, `..` is refused, and temporary files are
/// created in the held directory they will be renamed in. One walker lists source files for both the
/// diagnosis and codemods, and never enters dependencies, virtualenvs or build output.
public final class SourceDirectory: @unchecked Sendable {
    public let root: URL
    private let fd: Int32

    /// Directories that are not the application's own code.
    static let skippedDirectories: Set<String> = [
        ".git", ".hg", ".svn", "node_modules", "bower_components", "venv", ".venv", "virtualenv", "site-packages",
        "dist-packages", "__pycache__", ".mypy_cache", ".pytest_cache", ".tox", ".nox", ".build", "build", "dist",
        "target", ".next", ".nuxt", "coverage", ".eggs",
    ]

    public init(path: String) throws {
        root = URL(fileURLWithPath: path).standardizedFileURL
        fd = open(root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CodemodError.sourceRootMissing(path: root.path) }
    }

    deinit { close(fd) }

    /// The plain components of a relative path, or nil if it is absolute, empty or climbs with `..`.
    public static func components(_ relative: String) -> [String]? {
        guard !relative.hasPrefix("/") else { return nil }
        let parts = relative.split(separator: "/").map(String.init).filter { $0 != "." }
        guard !parts.isEmpty, !parts.contains("..") else { return nil }
        return parts
    }

    /// Runs `body` with a descriptor of the directory holding `relative` (opened component by component,
    /// no symlinks) and the file's name in it.
    public func withParent<T>(of relative: String, _ body: (Int32, String) throws -> T) throws -> T {
        guard let parts = Self.components(relative) else { throw SourceDirectoryError.outside(path: relative) }
        var current = dup(fd)
        guard current >= 0 else { throw SourceDirectoryError.system(path: relative, call: "dup", code: errno) }
        defer { close(current) }
        for part in parts.dropLast() {
            let next = openat(current, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { throw SourceDirectoryError.system(path: relative, call: "open \(part)", code: errno) }
            close(current)
            current = next
        }
        return try body(current, parts.last!)
    }

    /// A regular file as read: its bytes and modification time.
    public struct File: Sendable {
        public let bytes: [UInt8]
        public let modified: Date
    }

    /// A regular file inside the root; nil for anything else (missing, link, device, outside, too big).
    public func read(_ relative: String, limit: Int = 64 << 20) -> File? {
        try? withParent(of: relative) { parent, name -> File? in
            let file = openat(parent, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard file >= 0 else { return nil }
            defer { close(file) }
            var status = stat()
            guard fstat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) <= limit else { return nil }
            let modified = Date(timeIntervalSince1970: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9)
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { Foundation.read(file, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { return count == 0 ? File(bytes: bytes, modified: modified) : nil }
                bytes.append(contentsOf: chunk[0..<count])
                if bytes.count > limit { return nil }
            }
        } ?? nil
    }

    /// Whether `relative` is a regular file inside the root, reached without following a link.
    public func isRegularFile(_ relative: String) -> Bool {
        (try? withParent(of: relative) { parent, name in
            var status = stat()
            return fstatat(parent, name, &status, AT_SYMLINK_NOFOLLOW) == 0 && status.st_mode & S_IFMT == S_IFREG
        }) ?? false
    }

    /// Relative paths (sorted) of the regular files that `include` accepts. Links are neither
    /// followed nor listed; skipped directories are not entered.
    public func files(where include: (String) -> Bool) -> [String] {
        var links: [String] = []
        return files(where: include, links: &links)
    }

    /// The same, and in `links` (sorted) the symbolic links that `include` accepts, which were not followed.
    public func files(where include: (String) -> Bool, links: inout [String]) -> [String] {
        var found: [String] = []
        let start = dup(fd)
        if start >= 0 { walk(start, relative: "", include: include, into: &found, links: &links) }
        links.sort()
        return found.sorted()
    }

    /// Walks the directory `directory` (and closes it).
    private func walk(
        _ directory: Int32, relative: String, include: (String) -> Bool, into found: inout [String], links: inout [String]
    ) {
        guard let stream = fdopendir(directory) else { close(directory); return }
        defer { closedir(stream) }
        rewinddir(stream)  // a dup shares its offset with the held descriptor: start from the top
        var entries: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name != "." && name != ".." { entries.append(name) }
        }
        for name in entries.sorted() {
            let path = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            guard fstatat(dirfd(stream), name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFDIR where !Self.skippedDirectories.contains(name):
                let child = openat(dirfd(stream), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if child >= 0 { walk(child, relative: path, include: include, into: &found, links: &links) }
            case S_IFREG where include(path):
                found.append(path)
            case S_IFLNK where include(path):
                links.append(path)
            default:
                continue
            }
        }
    }
}

public enum SourceDirectoryError: Error, CustomStringConvertible {
    case outside(path: String)
    case system(path: String, call: String, code: Int32)

    public var description: String {
        switch self {
        case .outside(let path): return "\(path) is not a path inside the source directory"
        case .system(let path, let call, let code): return "\(path): \(call): \(String(cString: strerror(code)))"
        }
    }
}
