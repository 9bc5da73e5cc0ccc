/// How an error line's level looks in its text, as prefilter literals: a line that holds one and no rule's literal
/// is decoded to read its level, and counted when it is an error no rule recognised (`UnrecognisedErrors`). So is
/// how a stack's frame looks (`StackFrameLine`): an exception printed without a level is counted at its first frame;
/// and how Go and Rust report a panic (`RuntimePanic`). Each level's word is at least 6 bytes, so that the
/// prefilter's windows of them stay few. Only levels printed in the text: a JSON record's level field is not looked
/// for (platforms mark every line an app writes to stderr as an error: Railway's `"severity":"error"`), nor a
/// PostgreSQL server's translated severities (`FEHLER:`). Used by `report` and `watch` (`CompiledCatalog(errorWords:)`):
/// the look costs `report` 4 % more instructions on a storm, 8 % where every line is a short error.
public enum ErrorWords {
    public static let literals: [String] = {
        var words: [String] = []
        // Python logging, Java, Go, Rust, Rails (` ERROR `), brackets and colons (uvicorn's `ERROR:`, PostgreSQL's
        // `ERROR:  `, gunicorn's `[ERROR]`), tab-separated (zap's console encoder).
        for word in ["ERROR", "FATAL", "PANIC", "CRITICAL", "SEVERE"] {
            words += [" \(word)", "[\(word)", "\t\(word)", "\(word):", "\(word) "]
        }
        // Elixir's and nginx's `[error]`, logfmt's `level=error`, zap's `\terror\t`.
        words += ["[error]", "=error", "\terror"]
        return Array(Set(words.filter { $0.utf8.count >= 6 } + StackFrameLine.literals + RuntimePanic.literals)).sorted()
    }()
}
