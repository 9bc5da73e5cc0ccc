import Foundation

/// Why an input could not be read. Bad lines are never errors; only a whole input can fail.
public enum IngestError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case corrupt(path: String, reason: String)
    /// A regular file became shorter than the offset read up to (truncated, or rotated by copytruncate).
    case cutWhileRead(path: String, size: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .corrupt(path, reason): return "\(path): \(reason) — lines before the damage were scanned"
        case let .cutWhileRead(path, size):
            return "\(path) was cut to \(size) bytes while it was read (truncated, or rotated by copytruncate)"
                + " — what was read before is reported; the rest is in the rotated file, if there is one"
        }
    }

    /// The error for a regular file that ended before what was read of it, with the size it has now.
    static func cutWhileRead(_ fd: Int32, path: String) -> IngestError {
        var info = stat()
        return .cutWhileRead(path: path, size: fstat(fd, &info) == 0 ? Int(info.st_size) : 0)
    }
}
