/// PostgreSQL `csvlog` records: comma-separated, quoted fields with doubled quotes inside, and a record
/// spans lines when a field holds a newline (a multi-line statement). Columns as in PostgreSQL 13–17.
enum PostgresCSVLog {
    enum Column: Int {
        case time = 0, user = 1, database = 2, pid = 3, severity = 11, sqlstate = 12, message = 13, detail = 14,
             hint = 15, internalQuery = 16, context = 18, statement = 19, location = 21, application = 22
    }

    /// A line that opens a csvlog record: `2026-12-03 14:13:01.042 UTC,` then the user field.
    /// `leadingTimestamp` is `Timestamp.parseISO(line)`.
    static func opensRecord(_ line: UnsafeRawBufferPointer, leadingTimestamp: Timestamp.ISO?) -> Bool {
        guard line.count > 30, let (length, _) = leadingTimestamp else { return false }
        return length < line.count && line[length] == UInt8(ascii: ",")
    }

    /// True when `bytes` ends inside a quoted field, i.e. the record goes on on the next line.
    static func isOpen(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var inside = false
        for byte in bytes where byte == UInt8(ascii: "\"") { inside.toggle() }
        return inside
    }

    /// The record in `bytes` (one or more lines joined by `\n`), or nil when it is not a server record.
    static func record(_ bytes: UnsafeRawBufferPointer) -> PostgresRecord? {
        var fields: [String?] = []
        fields.reserveCapacity(26)
        var i = 0
        var field: [UInt8] = []
        var quoted = false
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == UInt8(ascii: ",") {
                fields.append(field.isEmpty && !quoted ? nil : String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                quoted = false
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "\""), field.isEmpty, !quoted {
                quoted = true
                i += 1
                while i < bytes.count {
                    if bytes[i] == UInt8(ascii: "\"") {
                        if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(0x22); i += 2; continue }
                        i += 1
                        break
                    }
                    field.append(bytes[i])
                    i += 1
                }
                continue
            }
            field.append(bytes[i])
            i += 1
        }
        guard fields.count > Column.message.rawValue else { return nil }
        func value(_ column: Column) -> String? { column.rawValue < fields.count ? fields[column.rawValue] : nil }
        guard let word = value(.severity), let meaning = SeverityWords.table[word], !meaning.isContinuation else { return nil }
        let severity = meaning.severity
        return PostgresRecord(
            timestamp: value(.time), user: value(.user), database: value(.database), processID: value(.pid).flatMap { Int($0) },
            severity: severity, sqlstate: value(.sqlstate), message: value(.message), detail: value(.detail),
            hint: value(.hint), internalQuery: value(.internalQuery), context: value(.context),
            statement: value(.statement), location: value(.location), application: value(.application))
    }
}
