import Foundation

/// The HTTP requests of every input on one time line, so that a problem in one log can be tied to the
/// request another log recorded: the API call whose response a frontend error choked on, the 500s a
/// database error caused. Bounded: past `limit` requests, the oldest quarter is dropped, so that an
/// endless stream (`watch`) keeps tying its latest problems to the requests before them.
/// With `serverErrorsOnly`, only 5xx responses are kept: enough to blame them on problems, where the
/// requests before a problem come from the input's own context lines.
public final class RequestTimeline: @unchecked Sendable {
    /// One request line with an instant.
    public struct Request: Sendable, Equatable, Codable {
        public var epoch: Double
        public var method: String
        public var path: String
        public var status: Int?

        /// API calls are preferred over page and asset requests when attributing an error.
        public var isAPI: Bool { path.hasPrefix("/api/") || path == "/api" || path.contains("/api/") || path.hasPrefix("/graphql") }
        public var isError: Bool { (status ?? 0) >= 400 }
    }

    public let limit: Int
    public let serverErrorsOnly: Bool
    private let lock = NSLock()
    /// Requests as they are kept: 24 bytes each, their paths in one byte array (a String per path
    /// took 120 bytes a request, 60 MB at the limit).
    private struct Entry {
        var epoch: Double
        var pathStart: UInt32
        var pathLength: UInt32
        var status: Int16  // -1: none
        var method: UInt8  // index in `methods`
    }
    private var entries: [Entry] = []
    private var paths: [UInt8] = []
    private var sorted = true
    private static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    public init(limit: Int = 500_000, serverErrorsOnly: Bool = false) {
        self.limit = limit
        self.serverErrorsOnly = serverErrorsOnly
    }

    func add(_ line: ContextLine) {
        guard let epoch = line.epoch, let path = line.capture("path") else { return }
        add(Request(epoch: epoch, method: line.capture("method") ?? "GET", path: path, status: line.capture("status").flatMap { Int($0) }))
    }

    func add(_ request: Request) {
        guard limit > 0, !serverErrorsOnly || (request.status ?? 0) >= 500 else { return }
        let status = request.status.flatMap { Int16(exactly: $0) } ?? -1
        let method = Self.methods.firstIndex(of: request.method) ?? 0
        lock.lock(); defer { lock.unlock() }
        if entries.count >= limit { dropOldest() }
        entries.append(Entry(epoch: request.epoch, pathStart: UInt32(paths.count), pathLength: UInt32(request.path.utf8.count),
                             status: status, method: UInt8(method)))
        paths.append(contentsOf: request.path.utf8)
        if entries.count > 1, precedes(entries[entries.count - 1], entries[entries.count - 2]) { sorted = false }
    }

    /// By time, and requests of one instant by method, status and path: the order is the same whichever
    /// input or worker added them first (scans on several cores add them as each chunk reaches them).
    private func precedes(_ a: Entry, _ b: Entry) -> Bool {
        if a.epoch != b.epoch { return a.epoch < b.epoch }
        if a.method != b.method { return a.method < b.method }
        if a.status != b.status { return a.status < b.status }
        return path(of: a).lexicographicallyPrecedes(path(of: b))
    }

    private func path(of entry: Entry) -> ArraySlice<UInt8> {
        paths[Int(entry.pathStart)..<Int(entry.pathStart) + Int(entry.pathLength)]
    }

    private func sortIfNeeded() {
        if !sorted { entries.sort(by: precedes); sorted = true }
    }

    private func request(_ entry: Entry) -> Request {
        Request(epoch: entry.epoch, method: Self.methods[Int(entry.method)], path: String(decoding: path(of: entry), as: UTF8.self),
                       status: entry.status < 0 ? nil : Int(entry.status))
    }

    /// Whether a line may hold a 5xx status as request lines write it (`" 503 `, `status=500`): a `5` after
    /// a space or `=`, two digits, no third. Most request lines fail it, and are not decoded for a time
    /// line that keeps server errors only.
    static func mayHoldServerError(_ line: UnsafeRawBufferPointer) -> Bool {
        guard line.count >= 5, let base = line.baseAddress else { return false }
        var at = 1
        while at + 3 <= line.count, let found = memchr(base + at, Int32(UInt8(ascii: "5")), line.count - at - 2) {
            let i = base.distance(to: UnsafeRawPointer(found))
            let before = line[i - 1]
            if before == 0x20 || before == UInt8(ascii: "="), ASCII.isDigit(line[i + 1]), ASCII.isDigit(line[i + 2]),
               i + 3 == line.count || !ASCII.isDigit(line[i + 3]) {
                return true
            }
            at = i + 1
        }
        return false
    }

    /// Keeps the newest three quarters of the requests (by time; at least one is dropped), and their paths.
    private func dropOldest() {
        sortIfNeeded()
        entries.removeFirst(min(entries.count, max(1, limit / 4)))
        var kept: [UInt8] = []
        kept.reserveCapacity(entries.reduce(0) { $0 + Int($1.pathLength) })
        for index in entries.indices {
            let path = path(of: entries[index])
            entries[index].pathStart = UInt32(kept.count)
            kept.append(contentsOf: path)
        }
        paths = kept
    }

    public var isEmpty: Bool {
        lock.lock(); defer { lock.unlock() }
        return entries.isEmpty
    }

    /// Requests in `[from, to]`, oldest first.
    public func requests(from: Double, to: Double) -> [Request] {
        var out: [Request] = []
        forEachRequest(from: from, to: to) { out.append($0) }
        return out
    }

    /// Calls `body` with each request in `[from, to]`, oldest first, without copying them out.
    func forEachRequest(from: Double, to: Double, _ body: (Request) -> Void) {
        lock.lock(); defer { lock.unlock() }
        sortIfNeeded()
        var low = 0, high = entries.count
        while low < high { let mid = (low + high) / 2; if entries[mid].epoch < from { low = mid + 1 } else { high = mid } }
        var index = low
        while index < entries.count, entries[index].epoch <= to { body(request(entries[index])); index += 1 }
    }

    /// The request an error at `epoch` most likely came from: logged at most `window` seconds before it,
    /// in any input (not after it: that is the page's own response, or the request reporting the error);
    /// an API call before a page request, an error status before a success, then the nearest.
    public func attribute(errorAt epoch: Double, window: Double = 1.0) -> Request? {
        requests(from: epoch - window, to: epoch).min { a, b in
            if a.isAPI != b.isAPI { return a.isAPI }
            if a.isError != b.isError { return a.isError }
            return abs(epoch - a.epoch) < abs(epoch - b.epoch)
        }
    }
}
