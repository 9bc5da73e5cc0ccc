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
        return check.correlate(group, in: context)
    }
}
