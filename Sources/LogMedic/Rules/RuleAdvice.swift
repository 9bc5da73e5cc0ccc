/// A rule's `advice:` block: root cause, fix, verification and rollback, as templates filled from the
/// problem's captures and its check's facts (`AdviceTemplate`). `resolved:` replaces any of those fields
/// when the database shows the problem is gone.
public struct Advice: Codable, Sendable, Equatable {
    /// One set of advice texts; every field is optional so that `resolved:` can replace a few.
    public struct Text: Codable, Sendable, Equatable {
        public var rootCause: String?
        public var fix: [String]?
        /// A snippet shown with the fix, in `fix_language` (sql, python, diff, sh …).
        public var fixCode: String?
        public var fixLanguage: String?
        public var verification: String?
        public var verificationLanguage: String?
        public var rollback: String?

        enum CodingKeys: String, CodingKey {
            case fix, verification, rollback
            case rootCause = "root_cause"
            case fixCode = "fix_code"
            case fixLanguage = "fix_language"
            case verificationLanguage = "verification_language"
        }

        /// This text with every field `other` sets replacing ours.
        func overridden(by other: Text) -> Text {
            Text(rootCause: other.rootCause ?? rootCause, fix: other.fix ?? fix,
                 fixCode: other.fixCode ?? fixCode, fixLanguage: other.fixLanguage ?? fixLanguage,
                 verification: other.verification ?? verification,
                 verificationLanguage: other.verificationLanguage ?? verificationLanguage,
                 rollback: other.rollback ?? rollback)
        }

        /// Every template string, for lint.
        var templates: [String] {
            [rootCause, fixCode, verification, rollback].compactMap { $0 } + (fix ?? [])
        }
    }

    public var text: Text
    public var resolved: Text?

    enum CodingKeys: String, CodingKey { case resolved }

    public init(from decoder: Decoder) throws {
        text = try Text(from: decoder)
        resolved = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Text.self, forKey: .resolved)
    }

    public func encode(to encoder: Encoder) throws {
        try text.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(resolved, forKey: .resolved)
    }

    /// The advice for a problem in this state.
    public func text(resolved isResolved: Bool) -> Text {
        guard isResolved, let resolved else { return text }
        return text.overridden(by: resolved)
    }
}
