import Foundation

/// One failure is usually recorded twice: the PostgreSQL server logs its `ERROR:`, and the application
/// logs the exception the driver raised from it. Within one problem group (same rule, same identifying
/// captures), a server record and an application record less than `window` seconds apart are one
/// failure. Records of the same kind are never merged: two app replicas failing at once are two failures.
/// A record without an instant (uvicorn's default format has none) cannot be placed in time: it pairs with a
/// record of the other kind that nothing else paired with, as the app's and the server's log of one period
/// hold the same failures.
struct FailureLinker {
    static let window = 2.0
    /// Recorded instants kept per group; beyond this, the oldest are settled (counted) to bound memory.
    static let storedLimit = 50_000

    private(set) var times: [(epoch: Double, server: Bool)] = []
    /// The requests the group's records named (`RequestNames`), the earliest `namedLimit` of them.
    private(set) var named: [NamedRequest] = []
    static let namedLimit = 1000
    private(set) var settled = (failures: 0, linked: 0)
    private(set) var untimed = (app: 0, server: 0)

    mutating func record(epoch: Double?, server: Bool) {
        guard let epoch else {
            if server { untimed.server += 1 } else { untimed.app += 1 }
            return
        }
        times.append((epoch, server))
        if times.count > Self.storedLimit { settleOldest() }
    }

    /// A request the record at `epoch` named.
    mutating func record(_ request: NamedRequest) {
        named.append(request)
        if named.count > 2 * Self.namedLimit { keepEarliestNamed() }
    }

    /// The earliest `namedLimit`: the same ones whatever order records and parts came in.
    private mutating func keepEarliestNamed() {
        named.sort(by: NamedRequest.precedes)
        if named.count > Self.namedLimit { named.removeLast(named.count - Self.namedLimit) }
    }

    /// The named requests kept, earliest first.
    var namedRequests: [NamedRequest] {
        var copy = self
        copy.keepEarliestNamed()
        return copy.named
    }

    /// Whether the server logged any of the group's records (settled ones aside).
    var hasServerRecords: Bool { untimed.server > 0 || times.contains { $0.server } }

    /// The instants kept (at most `storedLimit`), in no particular order.
    var epochs: [Double] { times.map(\.epoch) }

    /// Takes in the records of another part of the input.
    mutating func merge(_ state: FailureLinker.State) {
        times += state.serverEpochs.map { ($0, true) } + state.appEpochs.map { ($0, false) }
        settled.failures += state.settledFailures
        settled.linked += state.settledLinked
        let untimedServer = state.untimedServer ?? 0
        untimed.app += state.untimed - untimedServer
        untimed.server += untimedServer
        while times.count > Self.storedLimit { settleOldest() }
        named += state.named ?? []
        if named.count > 2 * Self.namedLimit { keepEarliestNamed() }
    }

    /// What a partial group carries so that failures logged by both sides pair across shards.
    struct State: Codable, Sendable, Equatable {
        var appEpochs: [Double]
        var serverEpochs: [Double]
        var settledFailures: Int
        var settledLinked: Int
        /// All records without an instant, and (absent from older output: none) the server's among them.
        var untimed: Int
        var untimedServer: Int?
        /// The requests its records named (absent from older output, and when there are none).
        var named: [NamedRequest]? = nil
    }

    var state: State {
        State(appEpochs: times.filter { !$0.server }.map(\.epoch).sorted(),
              serverEpochs: times.filter(\.server).map(\.epoch).sorted(),
              settledFailures: settled.failures, settledLinked: settled.linked,
              untimed: untimed.app + untimed.server, untimedServer: untimed.server,
              named: named.isEmpty ? nil : namedRequests)
    }

    /// Failures (a linked pair counts once) and how many of them were recorded by both sides.
    func count() -> (failures: Int, linked: Int) {
        let timed = Self.pair(times.sorted { $0.epoch < $1.epoch })
        // Untimed records pair with the unpaired ones of the other kind, timed first, then with each other.
        let appWithServer = min(untimed.app, timed.alone.server), serverWithApp = min(untimed.server, timed.alone.app)
        let untimedPairs = appWithServer + serverWithApp + min(untimed.app - appWithServer, untimed.server - serverWithApp)
        return (settled.failures + timed.failures + untimed.app + untimed.server - untimedPairs,
                settled.linked + timed.pairs + untimedPairs)
    }

    /// The earliest `clockSample` app and server instants, each sorted: enough to tell a clock, bounded in a storm.
    var clockSample: (app: [Double], server: [Double]) {
        func earliest(_ server: Bool) -> [Double] { Array(times.filter { $0.server == server }.map(\.epoch).sorted().prefix(Self.clockSampleLimit)) }
        return (earliest(false), earliest(true))
    }

    static let clockSampleLimit = 1000

    /// Whether the group has timed records of the app and of the server (only those can tell a clock).
    var recordsBothKinds: Bool { times.contains { $0.server } && times.contains { !$0.server } }

    /// How many of a sample's app records pair with a server record once the app's times are moved back by `shift`.
    static func pairs(_ sample: (app: [Double], server: [Double]), shiftingAppBy shift: Double) -> Int {
        pair((sample.app.map { ($0 - shift, false) } + sample.server.map { ($0, true) }).sorted { $0.0 < $1.0 }).pairs
    }

    /// The shift in seconds (whole half hours) by which the app's times are off from the server's across the groups'
    /// samples: an app that logs local time without a zone, read as UTC. Nil when their records pair as they are, or
    /// at no shift for most of them.
    static func appClockOffset(_ samples: [(app: [Double], server: [Double])]) -> Int? {
        let both = samples.filter { !$0.app.isEmpty && !$0.server.isEmpty }
        guard !both.isEmpty else { return nil }
        func total(_ shift: Int) -> Int { both.reduce(0) { $0 + pairs($1, shiftingAppBy: Double(shift)) } }
        guard total(0) == 0 else { return nil }
        let possible = both.reduce(0) { $0 + min($1.app.count, $1.server.count) }
        let best = (-28...28).filter { $0 != 0 }.map { (shift: $0 * 1800, pairs: total($0 * 1800)) }.max { $0.pairs < $1.pairs }
        guard let best, best.pairs >= max(2, possible * 4 / 5) else { return nil }
        return best.shift
    }

    /// Greedy in time order: each record pairs with the oldest unpaired record of the other kind
    /// within the window. Returns records minus pairs, pairs, and the records of each kind left unpaired.
    private static func pair(_ sorted: [(epoch: Double, server: Bool)]) -> (failures: Int, pairs: Int, alone: (app: Int, server: Int)) {
        var waiting: [[Double]] = [[], []]  // unpaired instants: [app, server]
        var heads = [0, 0]
        var pairedFrom = [0, 0]
        for (epoch, server) in sorted {
            let other = server ? 0 : 1
            while heads[other] < waiting[other].count, epoch - waiting[other][heads[other]] > window { heads[other] += 1 }
            if heads[other] < waiting[other].count {
                heads[other] += 1
                pairedFrom[other] += 1
            } else {
                waiting[server ? 1 : 0].append(epoch)
            }
        }
        let pairs = pairedFrom[0] + pairedFrom[1]
        return (sorted.count - pairs, pairs, (waiting[0].count - pairedFrom[0], waiting[1].count - pairedFrom[1]))
    }

    /// Counts the older half for good (what arrives later cannot pair with records this old).
    private mutating func settleOldest() {
        times.sort { $0.epoch < $1.epoch }
        let cut = times.count / 2
        let oldest = Self.pair(Array(times[..<cut]))
        settled.failures += oldest.failures
        settled.linked += oldest.pairs
        times.removeFirst(cut)
    }

    /// A PostgreSQL server record: its first line carries the server's `ERROR:  ` (two spaces, what the
    /// server and ingest's rendering of csvlog/jsonlog write), not an application's exception or log line.
    static func isServerRecord(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in  // one memchr pass for the markers' `:  `: this runs once per finding
            guard let base = bytes.baseAddress else { return false }
            let end = memchr(base, 0x0A, bytes.count).map { UnsafePointer<UInt8>(base).distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? bytes.count
            var seen = 0  // the markers whose first occurrence was looked at, one bit each
            var from = 5
            while from + 2 < end, let colon = memchr(base + from, 0x3A, end - 2 - from) {
                let at = UnsafePointer<UInt8>(base).distance(to: colon.assumingMemoryBound(to: UInt8.self))
                from = at + 1
                guard bytes[at + 1] == 0x20, bytes[at + 2] == 0x20, let m = marker(before: at, in: bytes), seen & 1 << m == 0
                else { continue }
                seen |= 1 << m
                if at + 3 < end, bytes[at + 3] != 0x20 { return true }  // uvicorn's `ERROR:    Exception …` is not
            }
            return false
        }
    }

    /// Which of `ERROR`, `FATAL` and `PANIC` (the words before `:  ` in a server message's severity) the
    /// five bytes before `at` are, compared as one four-byte word and a byte.
    @inline(__always)
    private static func marker(before at: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let head = UnsafeRawPointer(bytes.baseAddress! + (at - 5)).loadUnaligned(as: UInt32.self), last = bytes[at - 1]
        if head == word("ERRO"), last == UInt8(ascii: "R") { return 0 }
        if head == word("FATA"), last == UInt8(ascii: "L") { return 1 }
        if head == word("PANI"), last == UInt8(ascii: "C") { return 2 }
        return nil
    }

    /// Four ASCII bytes as the word a load of them gives.
    @inline(__always)
    private static func word(_ text: StaticString) -> UInt32 {
        text.withUTF8Buffer { UnsafeRawPointer($0.baseAddress!).loadUnaligned(as: UInt32.self) }
    }
}
