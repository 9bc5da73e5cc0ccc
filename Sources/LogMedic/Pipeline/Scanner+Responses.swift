/// One 5xx response logged twice in one input: by the server without a clock (uvicorn's access line, written as the
/// response goes out) and by the app with one (a structlog or JSON middleware record with method, path and status).
/// Counted as two, a failure's request was blamed twice, once on the failure before it. An access line without a clock
/// is held until the app's timed record of the same response comes (they are one request) or `responseLines` pass
/// (then it is one of its own); one that comes after such a record is its twin.
struct HeldResponses {
    struct Key: Equatable {
        var method: String?
        var path: String?
        var status: String?

        init(_ line: ContextLine) { (method, path, status) = (line.capture("method"), line.capture("path"), line.capture("status")) }
    }

    /// A few: responses of concurrent requests interleave.
    static let capacity = 8
    private var untimed: [(line: Int, request: ContextLine)] = []
    private var timed: [(line: Int, key: Key)] = []

    /// The requests to put on the time line now that response `request` (with a clock of its own or not) was read at `line`.
    mutating func take(_ request: ContextLine, ownClock: Bool, at line: Int) -> [ContextLine] {
        var due = expire(before: line - Scanner.responseLines)
        let key = Key(request)
        if ownClock {
            if let twin = untimed.firstIndex(where: { Key($0.request) == key }) {
                untimed.remove(at: twin)
            } else {
                if timed.count == Self.capacity { timed.removeFirst() }
                timed.append((line, key))
            }
            return due + [request]
        }
        if let twin = timed.firstIndex(where: { $0.key == key }) {
            timed.remove(at: twin)
            return due
        }
        if untimed.count == Self.capacity { due.append(untimed.removeFirst().request) }
        untimed.append((line, request))
        return due
    }

    /// The latest response without a clock held since `line`, taken: the response of a failure without a clock that
    /// follows it (Starlette sends the 500, then re-raises, and uvicorn prints the traceback under the access line).
    mutating func takeUntimed(since line: Int) -> ContextLine? {
        guard let last = untimed.last, last.line >= line else { return nil }
        return untimed.removeLast().request
    }

    /// The held ones: the input ended.
    mutating func release() -> [ContextLine] {
        defer { untimed = []; timed = [] }
        return untimed.map(\.request)
    }

    private mutating func expire(before line: Int) -> [ContextLine] {
        timed.removeAll { $0.line < line }
        let old = untimed.prefix { $0.line < line }
        untimed.removeFirst(old.count)
        return old.map(\.request)
    }
}
