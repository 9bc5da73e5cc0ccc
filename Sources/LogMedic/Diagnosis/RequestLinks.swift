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

    /// The failures of one problem that compete for the 5xx responses: their instants, the requests their records
    /// named (`RequestNames`), and the problem's place among equals: a tie goes to the lower, the same on every run.
    struct Failures {
        var epochs: [Double]
        var named: [NamedRequest] = []
        var rank: Int
    }

    /// Looked at, at most, around a response: the failures nearest to it (a storm holds thousands in its window).
    static let nearestLooked = 256

    /// Every 5xx response is blamed on one failure: one whose record names that request (Flask's `Exception on
    /// /api/x [POST]`), else the failure logged nearest to it within the window, whichever problem that failure
    /// belongs to, passing over failures whose records name another request. When failures come fast, a 500 is
    /// counted under the problem that caused it, not under every problem around it, nor under a problem whose
    /// failure was another request's. The result is each group's blamed responses, counted per endpoint.
    static func blame(_ failures: [Int: Failures], in timeline: RequestTimeline) -> [Int: [RequestCount]] {
        // Every failure's instant is a point (24 bytes each: 5 MB for a storm's 216 k), so none are made when
        // there is no response to blame.
        guard !timeline.isEmpty else { return [:] }
        var points = failures.flatMap { group, f in f.epochs.map { (epoch: $0, group: group, rank: f.rank) } }
        points.sort { ($0.epoch, $0.rank) < ($1.epoch, $1.rank) }
        guard let first = points.first, let last = points.last else { return [:] }
        let named = failures.mapValues { $0.named.sorted(by: NamedRequest.precedes) }.filter { !$0.value.isEmpty }
        // How many responses each failure (point) and each naming record was blamed for: one failure fails one
        // request, so among equally near ones a failure not blamed yet is preferred (a second response for one
        // failure is the same request logged by another layer, a proxy's and the app's access logs).
        var pointUses = [Int](repeating: 0, count: points.count)
        var namedUses = named.mapValues { [Int](repeating: 0, count: $0.count) }
        var blamed: [Int: EndpointCounts] = [:]
        timeline.forEachRequest(from: first.epoch - failureWindow.before, to: last.epoch + failureWindow.after) { request in
            guard (request.status ?? 0) >= 500 else { return }
            let span = Self.span(of: request)
            var namer: (uses: Int, distance: Double, rank: Int, group: Int, index: Int)?
            for (group, named) in named {
                let rank = failures[group]!.rank
                for index in indices(inWindowOf: span, in: named) where named[index].names(request) {
                    let candidate = (namedUses[group]![index], distance(named[index].epoch, span), rank, group, index)
                    if namer.map({ (candidate.0, candidate.1, candidate.2) < ($0.uses, $0.distance, $0.rank) }) ?? true { namer = candidate }
                }
            }
            if let namer {
                namedUses[namer.group]![namer.index] += 1
                return blamed[namer.group, default: EndpointCounts()].add(request)
            }
            // The points in the window, looked at nearest first, outward from where the response falls among them.
            let window = firstIndex(in: points, atOrAfter: span.lowerBound - failureWindow.after)
                ..< firstIndex(in: points, atOrAfter: (span.lowerBound + failureWindow.before).nextUp)
            let start = firstIndex(in: points, atOrAfter: span.lowerBound)
            var before = start - 1, after = start
            var best: (uses: Int, distance: Double, rank: Int, index: Int)?
            for _ in 0..<min(nearestLooked, window.count) {
                let left = before >= window.lowerBound ? distance(points[before].epoch, span) : .infinity
                let right = after < window.upperBound ? distance(points[after].epoch, span) : .infinity
                let k: Int
                if left <= right { k = before; before -= 1 } else { k = after; after += 1 }
                let candidate = (pointUses[k], distance(points[k].epoch, span), points[k].rank, k)
                if let best, (best.uses, best.distance, best.rank) <= (candidate.0, candidate.1, candidate.2) { continue }
                if namesAnother(named[points[k].group] ?? [], near: points[k].epoch, request) { continue }
                best = candidate
            }
            if let best {
                pointUses[best.index] += 1
                blamed[points[best.index].group, default: EndpointCounts()].add(request)
            }
        }
        return blamed.mapValues { $0.requestCounts(closest: false) }
    }

    /// `blamed` with the `answered` responses added, per endpoint, in the same order.
    static func adding(_ answered: [RequestCount], to blamed: [RequestCount]) -> [RequestCount] {
        guard !answered.isEmpty else { return blamed }
        var all = blamed
        for request in answered {
            if let i = all.firstIndex(where: { $0.method == request.method && $0.path == request.path }) {
                all[i].occurrences += request.occurrences
                all[i].status = all[i].status ?? request.status
            } else {
                all.append(request)
            }
        }
        return all.sorted(by: byOccurrences)
    }

    /// Blamed requests in the order they are listed: most occurrences first, then by path and method.
    static func byOccurrences(_ a: RequestCount, _ b: RequestCount) -> Bool {
        (b.occurrences, a.path, a.method) < (a.occurrences, b.path, b.method)
    }

    /// The first index of `sorted` (by epoch) whose epoch is at least `epoch`.
    static func firstIndex<T>(in sorted: [T], atOrAfter epoch: Double, _ epochOf: (T) -> Double) -> Int {
        var low = 0, high = sorted.count
        while low < high { let mid = (low + high) / 2; if epochOf(sorted[mid]) < epoch { low = mid + 1 } else { high = mid } }
        return low
    }

    static func firstIndex(in points: [(epoch: Double, group: Int, rank: Int)], atOrAfter epoch: Double) -> Int {
        firstIndex(in: points, atOrAfter: epoch) { $0.epoch }
    }

    /// The indices of the named requests (sorted) whose records lie in the response's window.
    static func indices(inWindowOf span: ClosedRange<Double>, in named: [NamedRequest]) -> Range<Int> {
        firstIndex(in: named, atOrAfter: span.lowerBound - failureWindow.after) { $0.epoch }
            ..< firstIndex(in: named, atOrAfter: (span.lowerBound + failureWindow.before).nextUp) { $0.epoch }
    }

    /// When a response is logged in whole seconds (an access log's `[06/Dec/2026:16:00:09 +0000]`), it was sent at
    /// some time in that second: every failure within it is as near as another.
    static func span(of request: RequestTimeline.Request) -> ClosedRange<Double> {
        request.epoch == request.epoch.rounded(.down) ? request.epoch...(request.epoch + 0.999) : request.epoch...request.epoch
    }

    static func distance(_ epoch: Double, _ span: ClosedRange<Double>) -> Double {
        epoch < span.lowerBound ? span.lowerBound - epoch : max(0, epoch - span.upperBound)
    }

    /// Whether the failure at `epoch` was another request's: a record of its problem logged with it (the app's
    /// record of a failure the server logged too) names a request, and not this one.
    static func namesAnother(_ named: [NamedRequest], near epoch: Double, _ request: RequestTimeline.Request) -> Bool {
        let near = named[firstIndex(in: named, atOrAfter: epoch - FailureLinker.window) { $0.epoch }
                         ..< firstIndex(in: named, atOrAfter: (epoch + FailureLinker.window).nextUp) { $0.epoch }]
        guard let nearest = near.min(by: { abs($0.epoch - epoch) < abs($1.epoch - epoch) }) else { return false }
        return !nearest.names(request)
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
                .sorted(by: RequestLinks.byOccurrences)
        }
    }
}
