/// What the head of a PostgreSQL server line said: its leading ISO timestamp and `log_line_prefix`, up to the
/// severity word. The DETAIL or STATEMENT after an error repeats its head byte for byte, and the next line of
/// another process of the same session often differs only in its `[pid]`: such a line is not read again.
struct ServerLineHead {
    /// The head's length, i.e. where the severity word started (0: none held).
    var count = 0
    var timestampLength = 0
    /// Where the head has its `PostgresServerLine.leadingPID` digits.
    var pidDigits: Range<Int>?
    var timestamp: String?
    var epoch: Double?
    var processID: Int?
    var user: String?
    var database: String?
    var application: String?
}
