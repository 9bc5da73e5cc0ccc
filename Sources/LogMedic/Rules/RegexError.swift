/// Why a PCRE2 pattern could not be compiled or matched.
public enum RegexError: Error, Equatable, CustomStringConvertible {
    case compile(pattern: String, offset: Int, message: String)
    case matchLimit
    case depthLimit
    case heapLimit
    case matchFailed(code: Int32, message: String)

    public var description: String {
        switch self {
        case let .compile(pattern, offset, message):
            return "invalid pattern at offset \(offset): \(message) — in \(pattern)"
        case .matchLimit: return "match limit exceeded (the pattern backtracks too much on this input)"
        case .depthLimit: return "depth limit exceeded (the pattern recurses too deeply on this input)"
        case .heapLimit: return "heap limit exceeded while matching"
        case let .matchFailed(code, message): return "match failed (\(code)): \(message)"
        }
    }
}
