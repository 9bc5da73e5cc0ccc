/// Runs each problem group's check (the one its rule names) in one context.
/// Without a snapshot nothing about the database is guessed: such checks say "not checked".
public struct Correlator: Sendable {
    public let context: CheckContext

    public init(context: CheckContext) {
        self.context = context
    }

    public func correlate(_ group: FindingGroup, checkName: String?) -> Correlation {
        guard let checkName, let check = CheckRegistry.check(named: checkName) else {
            return Correlation(check: nil, status: .notApplicable, summary: "No database check applies to this rule.")
        }
        var correlation = check.correlate(group, in: context)
        if let note = Self.otherDatabase(of: group, checked: context.snapshot?.database), correlation.status != .notChecked {
            correlation.summary += (correlation.summary.isEmpty ? "" : " ") + note
        }
        return correlation
    }

    /// When the server logged every sample of `group` in a database other than the one checked: a copy
    /// restored under another name is checked on purpose, so this is said, not judged.
    static func otherDatabase(of group: FindingGroup, checked: String?) -> String? {
        let logged = Set(group.samples.compactMap(\.database))
        guard let checked, !logged.isEmpty, !logged.contains(checked) else { return nil }
        return "The log names database \(logged.sorted().joined(separator: ", ")) for these failures, and \(checked) was checked: the verdict is about \(checked)."
    }
}
