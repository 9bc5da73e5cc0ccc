/// Why the rule catalog could not be loaded.
public enum RuleCatalogError: Error, CustomStringConvertible {
    case noCatalog(searched: [String])
    case unreadable(path: String, reason: String)
    case invalidRule(path: String, reason: String)
    case idMismatch(path: String, id: String)
    case invalidPattern(ruleID: String, error: RegexError)
    case badLiteral(ruleID: String, literal: String, reason: String)
    case unknownCheck(ruleID: String, check: String, known: [String])
    case missingCapture(ruleID: String, pattern: String, check: String, capture: String)

    public var description: String {
        switch self {
        case let .noCatalog(searched):
            return "no rule catalog found (looked in \(searched.joined(separator: ", "))) — install the rules/ directory as share/logmedic/rules beside the binary"
        case let .unreadable(path, reason): return "cannot read rules at \(path): \(reason)"
        case let .invalidRule(path, reason): return "\(path): not a valid rule: \(reason)"
        case let .idMismatch(path, id): return "\(path): rule id '\(id)' must equal the file name"
        case let .invalidPattern(ruleID, error): return "rule \(ruleID): \(error)"
        case let .badLiteral(ruleID, literal, reason): return "rule \(ruleID): literal '\(literal)' \(reason)"
        case let .unknownCheck(ruleID, check, known):
            return "rule \(ruleID): unknown check '\(check)' in correlate — use one of \(known.joined(separator: ", "))"
        case let .missingCapture(ruleID, pattern, check, capture):
            return "rule \(ruleID): pattern '\(pattern)' has no named group (?<\(capture)>…), which check \(check) needs — add it or drop correlate"
        }
    }
}
