/// One regex substitution of a codemod; `{{name}}` in either field stands for a parameter value.
public struct CodemodEdit: Sendable, Equatable, Decodable {
    /// A PCRE2 pattern (compiled with multi-line `^`/`$`); values are inserted regex-escaped.
    public var pattern: String
    /// A `pcre2_substitute` template (`$1`, `${name}`); values are inserted with `$` doubled.
    public var replacement: String
    /// Apply only to files that an earlier edit of the same codemod changed (e.g. adding an import).
    public var onlyIfFileChanged: Bool

    public init(pattern: String, replacement: String, onlyIfFileChanged: Bool = false) {
        self.pattern = pattern
        self.replacement = replacement
        self.onlyIfFileChanged = onlyIfFileChanged
    }

    private enum CodingKeys: String, CodingKey {
        case pattern, replacement
        case onlyIfFileChanged = "only_if_file_changed"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            pattern: try container.decode(String.self, forKey: .pattern),
            replacement: try container.decode(String.self, forKey: .replacement),
            onlyIfFileChanged: try container.decodeIfPresent(Bool.self, forKey: .onlyIfFileChanged) ?? false)
    }
}
