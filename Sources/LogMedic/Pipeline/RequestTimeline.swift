import Foundation

/// The HTTP requests of every input on one time line, so that a problem in one log can be tied to the
/// request another log recorded: the API call whose response a frontend error choked on, the 500s a
/// database error caused. Bounded: past `limit` requests, the oldest quarter is dropped, so that an
/// endless stream (`watch`) keeps tying its latest problems to the requests before them.
public final class RequestTimeline: @unchecked Sendable {
    /// One request line with an instant.
    public struct Request: Sendable, Equatable {
        public var epoch: Double
        public var method: String
        public var path: String
        public var status: Int?
        public var source: String

        /// API calls are preferred over page and asset requests when attributing an error.
        public var isAPI: Bool { path.hasPrefix("/api/") || path == "/api" || path.contains("/api/") || path.hasPrefix("/graphql") }
        public var isError: Bool { (status ?? 0) >= 400 }
    }

    public let limit: Int
    private let lock = NSLock()
    private var requests: [Request] = []
    private var sorted = true

    public init(limit: Int = 500_000) { self.limit = limit }

    func add(_ line: ContextLine, source: String) {
        guard limit > 0, let epoch = line.epoch, let path = line.capture("path") else { return }
        let request = Request(epoch: epoch, method: line.capture("method") ?? "GET", path: path,
                              status: line.capture("status").flatMap { Int($0) }, source: source)
        lock.lock(); defer { lock.unlock() }
        if requests.count >= limit { dropOldest() }
        if let last = requests.last, last.epoch > epoch { sorted = false }
        requests.append(request)
    }

    /// Keeps the newest three quarters of the requests (by time; at least one is dropped).
    private func dropOldest() {
        if !sorted { requests.sort { $0.epoch < $1.epoch }; sorted = true }
        requests.removeFirst(min(requests.count, max(1, limit / 4)))
    }

    /// Requests in `[from, to]`, oldest first.
    public func requests(from: Double, to: Double) -> [Request] {
        lock.lock(); defer { lock.unlock() }
        if !sorted { requests.sort { $0.epoch < $1.epoch }; sorted = true }
        var low = 0, high = requests.count
        while low < high { let mid = (low + high) / 2; if requests[mid].epoch < from { low = mid + 1 } else { high = mid } }
        var out: [Request] = []
        var index = low
        while index < requests.count, requests[index].epoch <= to { out.append(requests[index]); index += 1 }
        return out
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
