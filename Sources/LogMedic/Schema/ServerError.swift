import Foundation

/// An error reported by the PostgreSQL server, with the fields libpq exposes kept typed.
public struct ServerError: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// ERROR, FATAL or PANIC (not localised).
    public var severity: String
    public var sqlState: SQLState
    /// The primary message, typically one line.
    public var message: String
    public var detail: String?
    public var hint: String?
    public var schema: String?
    public var table: String?
    public var column: String?
    public var constraint: String?
    /// 1-based character position of the error in the statement text.
    public var position: Int?

    public init(
        severity: String = "ERROR", sqlState: SQLState, message: String, detail: String? = nil,
        hint: String? = nil, schema: String? = nil, table: String? = nil, column: String? = nil,
        constraint: String? = nil, position: Int? = nil
    ) {
        self.severity = severity
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.schema = schema
        self.table = table
        self.column = column
        self.constraint = constraint
        self.position = position
    }

    // DETAIL often quotes row values ("Key (email)=(a@b.c) already exists"), so it stays out of the
    // default description and only appears in the debug one.
    public var description: String {
        var text = "PostgreSQL \(severity) \(sqlState.code): \(message)"
        if let hint { text += " (hint: \(hint))" }
        return text.replacingNewlines()
    }

    public var debugDescription: String {
        var text = description
        if let detail { text += " (detail: \(detail.replacingNewlines()))" }
        return text
    }
}

extension String {
    /// Folds a multi-line server text into one line.
    func replacingNewlines() -> String {
        split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
