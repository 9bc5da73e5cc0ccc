/// Ties problems to requests logged in any input (`RequestTimeline`).
enum RequestLinks {
    /// A server error response logged this long after a problem's occurrence (or this long before
    /// it, when the access log is written first) is one the problem caused.
    static let failureWindow = (before: 1.0, after: 2.0)

    /// For each occurrence, the request it most likely came from; counted per endpoint.
    static func attributed(_ epochs: [Double], in timeline: RequestTimeline) -> [RequestCount] {
        var counts = EndpointCounts()
        for request in epochs.compactMap({ timeline.attribute(errorAt: $0) }) { counts.add(request) }
        return counts.requestCounts(closest: true)
    }

    /// Every 5xx response is blamed on the one failure logged nearest to it within the window, whichever
    /// problem that failure belongs to: when failures come fast, a 500 is counted under the problem that
    /// caused it, not under every problem around it. `occurrences` are each group's failure instants;
    /// the result is each group's blamed responses, counted per endpoint.
    static func blame(_ occurrences: [Int: [Double]], in timeline: RequestTimeline) -> [Int: [RequestCount]] {
        // Every failure's instant is a point (16 bytes each: 3.5 MB for a storm's 216 k), so none are made
        // when there is no response to blame.
        guard !timeline.isEmpty else { return [:] }
        var points = occurrences.flatMap { group, epochs in epochs.map { (epoch: $0, group: group) } }
        points.sort { ($0.epoch, $0.group) < ($1.epoch, $1.group) }
        guard let first = points.first, let last = points.last else { return [:] }
        var blamed: [Int: EndpointCounts] = [:]
        timeline.forEachRequest(from: first.epoch - failureWindow.before, to: last.epoch + failureWindow.after) { request in
            guard (request.status ?? 0) >= 500 else { return }
            // The nearest failure is the last one at or before the response, or the first one after it.
            var low = 0, high = points.count
            while low < high { let mid = (low + high) / 2; if points[mid].epoch <= request.epoch { low = mid + 1 } else { high = mid } }
            var before = low - 1
            while before > 0, points[before - 1].epoch == points[before].epoch { before -= 1 }  // the lowest group of a tie
            let candidates = [before, low].filter { points.indices.contains($0) }.filter {
                let lag = request.epoch - points[$0].epoch  // the response is logged `lag` seconds after the failure
                return lag <= failureWindow.after && -lag <= failureWindow.before
            }
            guard let nearest = candidates.min(by: { abs(points[$0].epoch - request.epoch) < abs(points[$1].epoch - request.epoch) }) else { return }
            blamed[points[nearest].group, default: EndpointCounts()].add(request)
        }
        return blamed.mapValues { $0.requestCounts(closest: false) }
    }

    /// Requests counted per endpoint as they come, with how often each status was seen.
    private struct EndpointCounts {
        private var byEndpoint: [String: (method: String, path: String, count: Int, statuses: [Int: Int])] = [:]

        mutating func add(_ request: RequestTimeline.Request) {
            let key = "\(request.method) \(request.path)"
            var entry = byEndpoint.removeValue(forKey: key) ?? (request.method, request.path, 0, [:])
            entry.count += 1
            if let status = request.status { entry.statuses[status, default: 0] += 1 }
            byEndpoint[key] = entry
        }

        func requestCounts(closest: Bool) -> [RequestCount] {
            byEndpoint.values
                .map { entry in
                    RequestCount(method: entry.method, path: entry.path, occurrences: entry.count,
                                 closest: closest ? entry.count : 0,
                                 status: entry.statuses.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key)
                }
                .sorted { ($1.occurrences, $0.path, $0.method) < ($0.occurrences, $1.path, $1.method) }
        }
    }
}
