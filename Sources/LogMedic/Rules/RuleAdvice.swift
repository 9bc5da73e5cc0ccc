/// A rule's `advice:` block: root cause, fix, verification and rollback, as templates filled from the
/// problem's captures and its check's facts (`AdviceTemplate`). `resolved:` replaces any of those fields
/// when the database shows the problem is gone; `when: {NAME: …}` replaces them when the capture or fact
/// NAME has a value (a check's finding that changes what the advice is about, e.g. a temporary table), and
/// `when: {NAME=VALUE: …}` when it has that value (`reason=lock`: which of two timeouts cancelled a query).
public struct Advice: Codable, Sendable, Equatable {
    /// One set of advice texts; every field is optional so that `resolved:` can replace a few.
    public struct Text: Codable, Sendable, Equatable {
        /// A title of the problem's own, in place of the rule's (a `when:` variant's: a Node.js service's error
        /// that the rule's title calls a frontend's).
        public var title: String?
        public var rootCause: String?
        public var fix: [String]?
        /// A snippet shown with the fix, in `fix_language` (sql, python, diff, sh …).
        public var fixCode: String?
        public var fixLanguage: String?
        public var verification: String?
        public var verificationLanguage: String?
        public var rollback: String?
        /// The values a variant's title states: its placeholders and a `NAME=VALUE` key's name (not read from YAML).
        var titleStates: [String] = []

        enum CodingKeys: String, CodingKey {
            case title, fix, verification, rollback
            case rootCause = "root_cause"
            case fixCode = "fix_code"
            case fixLanguage = "fix_language"
            case verificationLanguage = "verification_language"
        }

        /// This text with every field `other` sets replacing ours.
        func overridden(by other: Text) -> Text {
            Text(title: other.title ?? title, rootCause: other.rootCause ?? rootCause, fix: other.fix ?? fix,
                 fixCode: other.fixCode ?? fixCode, fixLanguage: other.fixLanguage ?? fixLanguage,
                 verification: other.verification ?? verification,
                 verificationLanguage: other.verificationLanguage ?? verificationLanguage,
                 rollback: other.rollback ?? rollback, titleStates: other.title == nil ? titleStates : other.titleStates)
        }

        /// Every template string, for lint.
        var templates: [String] {
            [title, rootCause, fixCode, verification, rollback].compactMap { $0 } + (fix ?? [])
        }
    }

    public var text: Text
    public var resolved: Text?
    /// Replacements that apply when the named capture or fact has a value (`NAME`) or a given one
    /// (`NAME=VALUE`), in key order.
    public var when: [String: Text]?

    enum CodingKeys: String, CodingKey { case resolved, when }

    public init(from decoder: Decoder) throws {
        text = try Text(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        resolved = try container.decodeIfPresent(Text.self, forKey: .resolved)
        when = try container.decodeIfPresent([String: Text].self, forKey: .when)
    }

    public func encode(to encoder: Encoder) throws {
        try text.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(resolved, forKey: .resolved)
        try container.encodeIfPresent(when, forKey: .when)
    }

    /// The advice for a problem in this state: `resolved:` when it is resolved, then each `when:` entry
    /// that `values` meets.
    public func text(resolved isResolved: Bool, values: [String: String] = [:]) -> Text {
        var result = text
        if isResolved, let resolved { result = result.overridden(by: resolved) }
        for (key, variant) in (when ?? [:]).sorted(by: { $0.key < $1.key }) {
            let condition = Self.condition(key)
            guard condition.isMet(by: values) else { continue }
            result = result.overridden(by: variant)
            // A variant for one value (`reason=lock`) says that value in its title.
            if let title = variant.title { result.titleStates = AdviceTemplate.names(in: title) + (condition.value == nil ? [] : [condition.name]) }
        }
        return result
    }

    /// What a `when:` key asks of a problem's values.
    struct Condition: Equatable {
        var name: String
        /// nil: any non-empty value.
        var value: String?

        func isMet(by values: [String: String]) -> Bool {
            guard let actual = values[name], !actual.isEmpty else { return false }
            return value.map { $0 == actual } ?? true
        }
    }

    static func condition(_ key: String) -> Condition {
        guard let equals = key.firstIndex(of: "=") else { return Condition(name: key, value: nil) }
        return Condition(name: String(key[..<equals]), value: String(key[key.index(after: equals)...]))
    }

    /// Every template string of every variant, for lint.
    var templates: [String] {
        text.templates + (resolved?.templates ?? []) + (when ?? [:]).sorted { $0.key < $1.key }.flatMap(\.value.templates)
    }
}
