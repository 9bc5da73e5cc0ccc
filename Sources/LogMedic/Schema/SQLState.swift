/// A five-character SQLSTATE code; its class (first two characters) pattern-matches every code in it.
public struct SQLState: Sendable, Hashable, CustomStringConvertible {
    public let code: String

    public init(_ code: String) {
        self.code = code
    }

    /// The two-character class, e.g. "42" (syntax error or access rule violation) for "42P01".
    public var `class`: Class { Class(String(code.prefix(2))) }

    public var description: String { code }

    /// A SQLSTATE class such as "23" (integrity constraint violation).
    public struct Class: Sendable, Hashable, CustomStringConvertible {
        public let code: String

        public init(_ code: String) {
            self.code = code
        }

        public var description: String { code }

        /// Lets `case SQLState.Class("42"):` match any `SQLState` of that class.
        public static func ~= (pattern: Class, value: SQLState) -> Bool {
            value.class == pattern
        }
    }

    public static let undefinedTable = SQLState("42P01")
    public static let undefinedColumn = SQLState("42703")
    public static let undefinedFunction = SQLState("42883")
    public static let undefinedObject = SQLState("42704")
    public static let duplicateTable = SQLState("42P07")
    public static let duplicateColumn = SQLState("42701")
    public static let syntaxError = SQLState("42601")
    public static let insufficientPrivilege = SQLState("42501")
    public static let uniqueViolation = SQLState("23505")
    public static let foreignKeyViolation = SQLState("23503")
    public static let notNullViolation = SQLState("23502")
    public static let checkViolation = SQLState("23514")
    public static let invalidTextRepresentation = SQLState("22P02")
    public static let lockNotAvailable = SQLState("55P03")
    public static let queryCanceled = SQLState("57014")
    public static let invalidCatalogName = SQLState("3D000")
    public static let invalidPassword = SQLState("28P01")

    public static let integrityConstraintViolation = Class("23")
    public static let syntaxErrorOrAccessRuleViolation = Class("42")
    public static let dataException = Class("22")
}
