/// A value a codemod needs from the diagnosis, and what shape that value must have.
public struct CodemodParameter: Sendable, Equatable, Decodable {
    /// What a parameter value may look like; values come from log text, so each kind is strict.
    public enum Kind: String, Sendable, Equatable, Decodable {
        /// An ASCII identifier such as a model, attribute or column name.
        case identifier
        /// The text of a one-line SQL string literal, e.g. `SELECT 1`.
        case sql

        var sample: String { self == .identifier ? "sample_name" : "SELECT 1" }
    }

    public static let maxValueBytes = 200

    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind = .identifier) {
        self.name = name
        self.kind = kind
    }

    private enum CodingKeys: String, CodingKey { case name, kind }

    /// Accepts a bare name (an identifier parameter) or `{name: …, kind: …}`.
    public init(from decoder: Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            self.init(name: name)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            kind: try container.decodeIfPresent(Kind.self, forKey: .kind) ?? .identifier)
    }

    /// Throws unless `value` is a bounded, single-line value of this parameter's kind.
    public func validate(_ value: String) throws {
        func refuse(_ reason: String) -> CodemodError { .invalidParameter(name: name, reason: reason) }
        let bytes = value.utf8
        if bytes.isEmpty { throw refuse("it is empty") }
        if bytes.count > Self.maxValueBytes { throw refuse("it is longer than \(Self.maxValueBytes) bytes") }
        // Newlines, NUL and other controls could split a line-based pattern or hide text in a diff.
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { throw refuse("it contains a newline or control character") }
        switch kind {
        case .identifier:
            let isIdentifier = bytes.enumerated().allSatisfy { index, byte in ASCII.isIdentifier(byte, first: index == 0) }
            if !isIdentifier { throw refuse("it is not an identifier (letters, digits, _; not starting with a digit)") }
        case .sql:
            break
        }
    }
}
