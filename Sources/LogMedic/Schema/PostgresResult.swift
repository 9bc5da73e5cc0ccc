import CLibPQ

/// The result of one statement. It owns its `PGresult` and frees it when released; values are text.
public final class PostgresResult {
    private let result: OpaquePointer
    public let rowCount: Int
    public let columnCount: Int

    init(owning result: OpaquePointer) {
        self.result = result
        rowCount = Int(PQntuples(result))
        columnCount = Int(PQnfields(result))
    }

    deinit {
        PQclear(result)
    }

    /// The value at a row and column as text; SQL NULL is nil.
    public subscript(row: Int, column: Int) -> String? {
        precondition(row >= 0 && row < rowCount && column >= 0 && column < columnCount,
                     "cell (\(row), \(column)) is outside a \(rowCount)×\(columnCount) result")
        let r = Int32(row), c = Int32(column)
        if PQgetisnull(result, r, c) == 1 { return nil }
        return String(cString: PQgetvalue(result, r, c))
    }

    /// Whether the value at a row and column is SQL NULL.
    public func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) == 1
    }

    /// A text-format integer (int2/int4/int8/oid) read from the value's bytes without making a String;
    /// nil for NULL or anything that is not a plain decimal integer. Large results call this per row.
    public func int(_ row: Int, _ column: Int) -> Int? {
        guard var byte = bytes(row, column) else { return nil }
        let negative = byte.pointee == UInt8(ascii: "-")
        if negative { byte += 1 }
        var value = 0, digits = 0
        while byte.pointee != 0 {
            let digit = Int(byte.pointee) - 48
            guard digit >= 0, digit <= 9, digits < 19 else { return nil }
            value = value * 10 + digit
            digits += 1
            byte += 1
        }
        return digits == 0 ? nil : (negative ? -value : value)
    }

    /// A text-format boolean: true only for `t`.
    public func bool(_ row: Int, _ column: Int) -> Bool {
        bytes(row, column)?.pointee == UInt8(ascii: "t")
    }

    /// The NUL-terminated text of a value in place (valid while this result lives); nil for NULL.
    private func bytes(_ row: Int, _ column: Int) -> UnsafePointer<UInt8>? {
        guard !isNull(row, column), let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        return UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self)
    }

    /// A space-separated list of integers (`int2vector`, `oidvector` as text, e.g. "1 3 0"); nil for NULL.
    public func ints(_ row: Int, _ column: Int) -> [Int]? {
        guard var byte = bytes(row, column) else { return nil }
        var values: [Int] = [], value = 0, digits = 0, negative = false
        while true {
            let c = byte.pointee
            if c == 0 || c == UInt8(ascii: " ") {
                if digits > 0 { values.append(negative ? -value : value) }
                if c == 0 { return values }
                value = 0; digits = 0; negative = false
            } else if c == UInt8(ascii: "-"), digits == 0 {
                negative = true
            } else {
                let digit = Int(c) - 48
                guard digit >= 0, digit <= 9, digits < 19 else { return nil }
                value = value * 10 + digit
                digits += 1
            }
            byte += 1
        }
    }

    /// Column names in order, as the server labelled them.
    public var columnNames: [String] {
        (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
    }

    /// The index of the column with exactly this name (no case folding, unlike `PQfnumber`).
    public func columnIndex(named name: String) -> Int? {
        columnNames.firstIndex(of: name)
    }

    /// Every row, each a list of nullable text values.
    public var rows: [[String?]] {
        (0..<rowCount).map { row in (0..<columnCount).map { self[row, $0] } }
    }

    /// The command tag, e.g. "INSERT 0 1" or "CREATE TABLE".
    public var commandTag: String { String(cString: PQcmdStatus(result)) }

    /// Rows affected by INSERT/UPDATE/DELETE/…, nil for other commands.
    public var affectedRows: Int? { Int(String(cString: PQcmdTuples(result))) }

    /// What the status of this result means to `PostgresConnection`.
    enum Status {
        case ok
        case failed
        case unsupported(String)
    }

    var status: Status {
        let status = PQresultStatus(result)
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return .ok
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE: return .failed
        default: return .unsupported(String(cString: PQresStatus(status)))
        }
    }

    var errorMessage: String { String(cString: PQresultErrorMessage(result)) }

    /// The server's error fields, or nil when the failure did not come from the server (no SQLSTATE).
    var serverError: ServerError? {
        // The PG_DIAG_* codes are character macros, which Swift does not import.
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        guard let code = field("C") else { return nil }
        return ServerError(
            severity: field("V") ?? field("S") ?? "ERROR", sqlState: SQLState(code),
            message: field("M") ?? errorMessage, detail: field("D"), hint: field("H"),
            schema: field("s"), table: field("t"), column: field("c"), constraint: field("n"),
            position: field("P").flatMap { Int($0) })
    }
}
