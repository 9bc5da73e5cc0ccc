/// Ties problems to requests logged in any input (`RequestTimeline`).
enum RequestLinks {
    /// A server error response logged this long after a problem's occurrence (or this long before
    /// it, when the access log is written first) is one the problem caused.
    static let failureWindow = (before: 1.0, after: 2.0)

    /// For each occurrence, the request it most likely came from; counted per endpoint.
    static func attributed(_ epochs: [Double], in timeline: RequestTimeline) -> [RequestCount] {
        count(epochs.compactMap { timeline.attribute(errorAt: $0) }, closest: true)
    }

    /// The 5xx responses around the occurrences, each response counted once.
    static func failed(around epochs: [Double], in timeline: RequestTimeline) -> [RequestCount] {
        var seen = Set<String>()
        var failed: [RequestTimeline.Request] = []
        for epoch in epochs.sorted() {
            for request in timeline.requests(from: epoch - failureWindow.before, to: epoch + failureWindow.after)
            where (request.status ?? 0) >= 500 && seen.insert("\(request.source)|\(request.epoch)|\(request.path)").inserted {
                failed.append(request)
            }
        }
        return count(failed, closest: false)
    }

    private static func count(_ requests: [RequestTimeline.Request], closest: Bool) -> [RequestCount] {
        var byEndpoint: [String: (method: String, path: String, count: Int, statuses: [Int: Int])] = [:]
        for request in requests {
            let key = "\(request.method) \(request.path)"
            var entry = byEndpoint[key] ?? (request.method, request.path, 0, [:])
            entry.count += 1
            if let status = request.status { entry.statuses[status, default: 0] += 1 }
            byEndpoint[key] = entry
        }
        return byEndpoint.values
            .map { entry in
                RequestCount(method: entry.method, path: entry.path, occurrences: entry.count,
                             closest: closest ? entry.count : 0,
                             status: entry.statuses.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key)
            }
            .sorted { ($1.occurrences, $0.path, $0.method) < ($0.occurrences, $1.path, $1.method) }
    }
}
