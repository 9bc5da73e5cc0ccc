import Foundation

/// Removes credentials from any text logmedic prints: DSN passwords, `PGPASSWORD=…`, `password=` in
/// query strings, bearer tokens, JWTs, cloud and VCS keys. Every output format goes through it.
///
/// The shapes live here rather than in the rule catalog on purpose: redaction is a safety property
/// of the tool, not something a `--rules` directory should be able to switch off.
public final class Redactor: @unchecked Sendable {
    private static let shapes: [(pattern: String, replacement: String)] = [
        // scheme://user:password@host
        (#"(?i)\b([a-z][a-z0-9+.\-]*://[^:/?#@\s"']*:)[^@/\s"']+@"#, "${1}***@"),
        // key=value, key: value, "key": "value" for secret-looking keys (also PGPASSWORD=, ?password=)
        (#"(?i)(\b(?:[a-z0-9]+[_-])*(?:pg)?(?:password|passwd|pwd|secret|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|refresh[_-]?token|client[_-]?secret|secret[_-]?access[_-]?key|private[_-]?key)\b"?\s*[=:]\s*"?)(?!\*\*\*)[^\s"'&,;}]+"#, "${1}***"),
        // Authorization: Bearer / Token / Basic credentials
        (#"(?i)\b(Bearer|Token|Basic)\s+[A-Za-z0-9._~+/\-]{8,}=*"#, "${1} ***"),
        // JSON Web Tokens
        (#"\beyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*"#, "***"),
        // AWS access key ids, GitHub, Slack and Stripe tokens
        (#"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{30,}\b|\bxox[abprs]-[A-Za-z0-9\-]{10,}|\b[sr]k_live_[A-Za-z0-9]{16,}"#, "***"),
    ]

    private let regexes: [(Regex, String)]
    private let scratch = MatchScratch()
    private let lock = NSLock()

    public static let shared = try! Redactor()

    public init() throws {
        regexes = try Self.shapes.map { (try Regex($0.pattern, options: 0), $0.replacement) }
    }

    /// The text with every secret replaced by `***`.
    public func redact(_ text: String) -> String {
        lock.lock(); defer { lock.unlock() }
        var text = text
        for (regex, replacement) in regexes {
            if let result = try? regex.substitute(in: text, with: replacement, scratch: scratch), result.count > 0 {
                text = result.text
            }
        }
        return text
    }
}
