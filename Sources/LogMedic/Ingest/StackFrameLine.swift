/// The lines of a stack that Node (V8), Java and .NET print after an exception's first line:
/// `    at render (/srv/app.js:3:39)`, `\tat com.example.Ledger.post(Ledger.java:25)`,
/// `   at Shop.Orders.Place() in /src/Orders.cs:line 12`, and Rust's backtrace. An uncaught exception, or one an app
/// prints itself (`console.error(err)`, `e.printStackTrace()`), has no level word: its stack says it is an error.
enum StackFrameLine {
    /// Prefilter literals that find a frame in a raw line: V8 and .NET indent with spaces (three before `at`
    /// are in both), Java with a tab, here after a prefix (` \tat `) or escaped in a JSON string (`\\tat `).
    /// A line that starts with Java's tab holds none of them: `startsWithTab`.
    static let literals = ["   at ", " \tat ", "\\tat "]

    @inline(__always)
    static func startsWithTab(_ line: UnsafeRawBufferPointer) -> Bool { line.first == 0x09 }

    /// Blanks, `at `, then something that is not blank; or blanks, a number, `: ` (Rust's backtrace: `   3: p::main`,
    /// then its `             at /src/main.rs:4:5`).
    static func isFrame(_ m: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < m.count, m[i] == 0x20 || m[i] == 0x09 { i += 1 }
        guard i > 0 else { return false }
        var digits = i
        while digits < m.count, m[digits] >= 0x30, m[digits] <= 0x39 { digits += 1 }
        if digits > i { return digits + 1 < m.count && m[digits] == UInt8(ascii: ":") && m[digits + 1] == 0x20 }
        return i + 3 < m.count && m[i] == UInt8(ascii: "a") && m[i + 1] == UInt8(ascii: "t")
            && m[i + 2] == 0x20 && m[i + 3] != 0x20 && m[i + 3] != 0x09
    }

    /// Whether the line before a stack's first frame begins an exception, rather than continuing one: not
    /// indented (Node prints an error's cause inside it, `  [cause]: Error: …`), not Java's `Caused by: `.
    static func isExceptionHead(_ m: UnsafeRawBufferPointer) -> Bool {
        guard let first = m.first, first != 0x20, first != 0x09 else { return false }
        return !m.hasPrefix("Caused by: ") && !isFrame(m)
    }

    /// Whether a line names an exception (`QuotaExceededError: …`, `java.lang.IllegalStateException: …`): of a
    /// message of two lines before a stack (`Frontend error: ChunkLoadError: Loading chunk 8912 failed.`, then
    /// `(error: https://…/8912.js)`), the line that does is the exception's first.
    static func namesException(_ m: UnsafeRawBufferPointer) -> Bool {
        exceptionNames.contains { $0.isFound(in: m) }
    }

    private static let exceptionNames = ["Error", "Exception"].map { ByteSearch.Needle(Array($0.utf8)) }

    /// Whether an event's second line is a frame: its first line is an exception's.
    static func followsFirstLine(_ text: UnsafeRawBufferPointer) -> Bool {
        guard let newline = text.firstIndex(of: 0x0A) else { return false }
        return isFrame(UnsafeRawBufferPointer(rebasing: text[(newline + 1)...]))
    }
}
