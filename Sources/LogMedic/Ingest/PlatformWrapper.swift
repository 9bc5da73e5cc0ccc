/// What a log platform puts in front of each line of the program's own output, which is then decoded
/// like any other line:
/// - `docker compose logs -t`: `web-1  | 2026-12-03T13:04:26.123456789Z …` (name padded, ` | `,
///   the engine's RFC 3339 timestamp when `-t`);
/// - `kubectl logs --prefix --timestamps`: `[pod/web-7d9f/app] 2026-12-03T13:04:26.123456789Z …`;
/// - Heroku (logplex): `2026-12-03T13:04:26.123456+00:00 app[web.1]: …`;
/// - Fly.io (`fly logs`): `2026-12-03T13:04:26Z app[e784079b449483] ams [info]…`;
/// - `docker logs -t`, `kubectl logs --timestamps`: `2026-12-03T13:04:26.123456789Z ` before a line that
///   has a timestamp of its own (a line without one reads as a plain line with that timestamp), and kubectl's
///   again before each later part of a line the runtime split;
/// - a node's CRI log file (containerd, CRI-O: `/var/log/pods/…/0.log`): `2026-12-03T13:04:26.1234567Z stdout F …`;
/// - syslog and `journalctl` (`-o short`, `-o short-iso`): `Dec 03 13:04:26 web-01 python3[4121]: …`;
/// - Loki's `logcli query`: `2026-12-03T13:04:26Z {container="api"} …`;
/// - `stern` (its default template): `orders-7c9d5f6b8-x2kqz api …`, the pod and the container;
/// - any of these coloured, as a tool writes it to a terminal (`docker compose logs` puts its prefix in
///   `ESC[36m…ESC[0m`).
struct PlatformWrapper {
    var service: String?
    var timestamp: String?
    var epoch: Double?
    /// Where the program's own line starts.
    var innerStart: Int
    /// The program's own line when the platform's prefix recurs inside it (kubelet's timestamp before each part of
    /// a line the runtime split): read instead of the line from `innerStart`.
    var joined: [UInt8]?
    /// The platform trimmed the program's line (`logcli`): a traceback's lines lost their indentation.
    var trimmed = false

    /// `leadingTimestamp` is `Timestamp.parseISO(line)`.
    @inline(__always)
    static func parse(_ line: UnsafeRawBufferPointer, leadingTimestamp: Timestamp.ISO?) -> PlatformWrapper? {
        guard let first = line.first else { return nil }
        if first == UInt8(ascii: "[") { return kubectl(line) }
        if first >= 0x30, first <= 0x39 { return heroku(line, leadingTimestamp) }
        if first == 0x1B { return coloured(line) }
        return compose(line) ?? syslog(line) ?? stern(line)
    }

    /// `[pod/NAME/CONTAINER] ` (or `[node/NAME] `), then an optional timestamp.
    private static func kubectl(_ line: UnsafeRawBufferPointer) -> PlatformWrapper? {
        guard line.hasPrefix("[pod/") || line.hasPrefix("[node/") else { return nil }
        var end = 1
        while end < line.count, end < 512, line[end] != UInt8(ascii: "]"), line[end] != 0x20 { end += 1 }
        guard end + 1 < line.count, line[end] == UInt8(ascii: "]"), line[end + 1] == 0x20 else { return nil }
        let slash = line.hasPrefix("[pod/") ? 5 : 6
        var wrapper = PlatformWrapper(service: text(line, slash, end), innerStart: end + 2)
        wrapper.readTimestamp(line)
        return wrapper
    }

    /// `NAME<padding> | ` where NAME is a container or service name, then an optional timestamp.
    private static func compose(_ line: UnsafeRawBufferPointer) -> PlatformWrapper? {
        var end = 0
        while end < line.count, end < 128, isNameByte(line[end]) { end += 1 }
        guard end > 0 else { return nil }
        var bar = end
        while bar < line.count, line[bar] == 0x20 { bar += 1 }
        guard bar > end, bar < line.count, line[bar] == UInt8(ascii: "|"),
              bar + 1 == line.count || line[bar + 1] == 0x20 else { return nil }
        let name = text(line, 0, end)
        guard PlainHeader.levels[name.uppercased()] == nil else { return nil }  // `ERROR | …` is a level column
        var wrapper = PlatformWrapper(service: name, innerStart: min(bar + 2, line.count))
        wrapper.readTimestamp(line)
        return wrapper
    }

    /// `TIMESTAMP SOURCE[DYNO]: ` with an RFC 5424 timestamp; the dyno (`web.1`, `router`) is the service.
    /// Else Fly's `TIMESTAMP PROVIDER[INSTANCE] REGION [LEVEL]` (the instance is the service), syslog's
    /// `TIMESTAMP HOST IDENT[PID]: `, or an RFC 3339 timestamp before a line with a timestamp of its own.
    private static func heroku(_ line: UnsafeRawBufferPointer, _ leadingTimestamp: Timestamp.ISO?) -> PlatformWrapper? {
        guard let (length, epoch) = leadingTimestamp, length < line.count, line[length] == 0x20 else { return nil }
        var i = length + 1
        let source = i
        while i < line.count, i - source < 32, line[i] >= 0x61, line[i] <= 0x7A { i += 1 }
        guard i > source, i < line.count, line[i] == UInt8(ascii: "[") else {
            // Both other forms start with an RFC 3339 timestamp; a PostgreSQL prefix's (`%m`, `%t`) has a space at 10.
            if length > 10, line[10] == UInt8(ascii: "T") { return otherAfter(line, length, epoch) }
            return length == 19 ? localTimeBefore(line) : nil
        }
        let dyno = i + 1
        while i < line.count, i - dyno < 64, line[i] != UInt8(ascii: "]") { i += 1 }
        guard i + 2 < line.count, line[i] == UInt8(ascii: "]") else { return nil }
        if line[i + 1] == 0x20, let end = flyRegionAndLevel(line, from: i + 2) {
            return PlatformWrapper(service: text(line, dyno, i), timestamp: text(line, 0, length), epoch: epoch, innerStart: end)
        }
        guard line[i + 1] == UInt8(ascii: ":"), line[i + 2] == 0x20 else { return nil }
        return PlatformWrapper(service: text(line, dyno, i), timestamp: text(line, 0, length), epoch: epoch, innerStart: i + 3)
    }

    /// `REGION [LEVEL]` after Fly's instance (flyctl writes the message right after the `]`): where the line starts.
    private static func flyRegionAndLevel(_ line: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var i = start
        while i < line.count, i - start < 16, line[i] >= 0x61, line[i] <= 0x7A { i += 1 }
        guard i > start, i + 1 < line.count, line[i] == 0x20, line[i + 1] == UInt8(ascii: "[") else { return nil }
        let level = i + 2
        i = level
        while i < line.count, i - level < 16, line[i] >= 0x61, line[i] <= 0x7A { i += 1 }
        guard i > level, i < line.count, line[i] == UInt8(ascii: "]") else { return nil }
        return i + 1
    }

    /// After a leading timestamp that is no Heroku or Fly prefix: a CRI record's stream and tag, `logcli`'s labels,
    /// syslog's `HOST IDENT[PID]: ` (`journalctl -o short-iso`), or the line's own timestamp after `docker logs -t`'s.
    /// The leading timestamp is RFC 3339.
    private static func otherAfter(_ line: UnsafeRawBufferPointer, _ length: Int, _ epoch: Double?) -> PlatformWrapper? {
        if let start = criTextStart(line, from: length + 1) {
            return PlatformWrapper(service: nil, timestamp: text(line, 0, length), epoch: epoch, innerStart: start)
        }
        if let (service, start) = lokiLabels(line, from: length + 1) {
            return PlatformWrapper(service: service, timestamp: text(line, 0, length), epoch: epoch, innerStart: start, trimmed: true)
        }
        if let (service, start) = syslogTail(line, from: length + 1) {
            return PlatformWrapper(service: service, timestamp: text(line, 0, length), epoch: epoch, innerStart: start)
        }
        if let joined = kubeletJoined(line, from: length + 1, after: epoch) {
            return PlatformWrapper(service: nil, timestamp: text(line, 0, length), epoch: epoch, innerStart: length + 1, joined: joined)
        }
        guard length + 1 < line.count,
              line[length + 1] >= 0x30, line[length + 1] <= 0x39,
              Timestamp.parseISO(UnsafeRawBufferPointer(rebasing: line[(length + 1)...])) != nil else { return nil }
        return PlatformWrapper(service: nil, timestamp: text(line, 0, length), epoch: epoch, innerStart: length + 1)
    }

    /// `stdout F ` or `stderr P ` from `start`: the stream and tag of a record of the CRI logging format (`P` a part
    /// of a line longer than the runtime's buffer, `F` a line's last or only record; more tags may follow after
    /// `:`). Where the record's text starts.
    static func criTextStart(_ line: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start + 9 <= line.count, line[start] == UInt8(ascii: "s"), line[start + 6] == 0x20,
              UnsafeRawBufferPointer(rebasing: line[start..<(start + 6)]).elementsEqual("stdout".utf8)
                || UnsafeRawBufferPointer(rebasing: line[start..<(start + 6)]).elementsEqual("stderr".utf8),
              line[start + 7] == UInt8(ascii: "F") || line[start + 7] == UInt8(ascii: "P") else { return nil }
        var i = start + 8
        while i < line.count, i - start < 32, line[i] != 0x20 {
            guard line[i] == UInt8(ascii: ":") || (line[i] >= 0x41 && line[i] <= 0x5A) else { return nil }
            i += 1
        }
        guard i < line.count, line[i] == 0x20 else { return nil }
        return i + 1
    }

    /// Docker Desktop's log view (and what users paste from it) puts the local time, to the second and without a
    /// zone, before each line: `2024-02-13 16:45:24 2024-02-13 21:45:24.588 UTC [205] ERROR:  …`. The line's own
    /// timestamp after it says the instant.
    private static func localTimeBefore(_ line: UnsafeRawBufferPointer) -> PlatformWrapper? {
        guard line.count > 40, line[20] >= 0x30, line[20] <= 0x39,
              Timestamp.parseISO(UnsafeRawBufferPointer(rebasing: line[20...])) != nil else { return nil }
        return PlatformWrapper(service: nil, innerStart: 20)
    }

    /// `Mon DD HH:MM:SS HOST IDENT[PID]: ` (syslog, `journalctl`); the identifier is the service.
    private static func syslog(_ line: UnsafeRawBufferPointer) -> PlatformWrapper? {
        guard line.count > 20, line[3] == 0x20, let length = Timestamp.syslogLength(line), line[length] == 0x20,
              let (service, start) = syslogTail(line, from: length + 1) else { return nil }
        return PlatformWrapper(service: service, timestamp: text(line, 0, length), epoch: Timestamp.syslogEpoch(line), innerStart: start)
    }

    /// `HOST IDENT[PID]: ` from `start` (a line without the pid is not told from a logger's `LEVEL name: `): the identifier, and where the line starts.
    private static func syslogTail(_ line: UnsafeRawBufferPointer, from start: Int) -> (String, Int)? {
        var i = start
        while i < line.count, i - start < 64, isNameByte(line[i]) { i += 1 }
        guard i > start, i < line.count, line[i] == 0x20 else { return nil }
        let ident = i + 1
        i = ident
        while i < line.count, i - ident < 64, isNameByte(line[i]) || line[i] == UInt8(ascii: "/") || line[i] == UInt8(ascii: "@") { i += 1 }
        guard i > ident, i < line.count else { return nil }
        let identEnd = i
        guard line[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        let pid = i
        while i < line.count, i - pid < 10, line[i] >= 0x30, line[i] <= 0x39 { i += 1 }
        guard i > pid, i < line.count, line[i] == UInt8(ascii: "]") else { return nil }
        i += 1
        guard i + 1 < line.count, line[i] == UInt8(ascii: ":"), line[i + 1] == 0x20 else { return nil }
        return (text(line, ident, identEnd), i + 2)
    }

    /// The RFC 3339 timestamp Docker and Kubernetes put before each line (`-t`, `--timestamps`).
    mutating func readTimestamp(_ line: UnsafeRawBufferPointer) {
        let rest = UnsafeRawBufferPointer(rebasing: line[innerStart...])
        guard let (length, epoch) = Timestamp.parseISO(rest), rest.count > length, rest[length] == 0x20,
              length > 10, rest[10] == UInt8(ascii: "T") else { return }
        timestamp = Self.text(rest, 0, length)
        self.epoch = epoch
        innerStart += length + 1
    }

    private static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
            || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
    }

    static func text(_ b: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: b[from..<to]), as: UTF8.self)
    }
}
