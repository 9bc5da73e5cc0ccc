/// A runtime's own report of a crash, printed without a level: Go's `panic: runtime error: invalid memory address
/// or nil pointer dereference` (then `goroutine 1 [running]:`), net/http's recovered `http: panic serving
/// 10.0.2.63:38554: …`, Rust's `thread 'main' (4121) panicked at src/main.rs:2:75:` (before 1.73: `thread 'main'
/// panicked at 'message', src/main.rs:2:75`). Each is an error event (`UnrecognisedErrors`) when no rule matched it.
enum RuntimePanic {
    /// Prefilter literals (`ErrorWords`): a line that holds one is decoded and told by `starts`.
    static let literals = ["panic: ", "http: panic serving ", " panicked at "]

    /// Whether a line's message is such a report (an indented one, `\tpanic: … [recovered]`, is part of another).
    static func starts(_ m: UnsafeRawBufferPointer) -> Bool {
        if m.hasPrefix("panic: ") { return true }
        if m.hasPrefix("thread '") { return rustPanic.isFound(in: m) }
        return goHTTPPanic.isFound(in: m)
    }

    private static let rustPanic = ByteSearch.Needle(Array(" panicked at ".utf8))
    private static let goHTTPPanic = ByteSearch.Needle(Array("http: panic serving ".utf8))
}
