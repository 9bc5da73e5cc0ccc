/// How bad a finding is; ordered so `--fail-on` can compare.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

extension Severity {
    /// `CRITICAL`, `HIGH` …: upper-cased once, not per finding printed.
    var label: String {
        switch self {
        case .critical: "CRITICAL"
        case .high: "HIGH"
        case .medium: "MEDIUM"
        case .low: "LOW"
        case .info: "INFO"
        }
    }
}
