/// Why an input could not be read. Bad lines are never errors; only a whole input can fail.
public enum IngestError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case corrupt(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .corrupt(path, reason): return "\(path): \(reason) — lines before the damage were scanned"
        }
    }
}
