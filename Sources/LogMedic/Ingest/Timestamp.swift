import Foundation

/// Timestamps as logs write them: ISO-8601 / RFC 3339 (with `T` or space, fraction, `Z`, offset or
/// ` UTC`), Go's `log` package (`2026/12/04 20:39:00`, `.123456` with `Lmicroseconds`), syslog `Dec 19 14:02:11`,
/// access logs' `[03/Dec/2026:14:16:33 +0000]`, and epoch microseconds (journald).
public enum Timestamp {
    typealias ISO = (length: Int, epoch: Double?)

    /// Length of an ISO-8601 timestamp at the start of `bytes`, and its instant in epoch seconds. The date may
    /// also be written with slashes, as Go's standard `log` package writes it (`2026/12/04 20:39:00`).
    static func parseISO(_ b: UnsafeRawBufferPointer) -> ISO? {
        guard b.count >= 19, let base = b.baseAddress else { return nil }
        let n = b.count
        // Every decoded line of a server log starts with one: plain loads, no closures, no Strings.
        @inline(__always) func byte(_ k: Int) -> UInt8 { base.load(fromByteOffset: k, as: UInt8.self) }
        @inline(__always) func digit(_ k: Int) -> Int? {
            let d = byte(k) &- 0x30
            return d <= 9 ? Int(d) : nil
        }
        @inline(__always) func twoDigits(_ at: Int) -> Int? {
            guard at + 2 <= n, let high = digit(at), let low = digit(at + 1) else { return nil }
            return high * 10 + low
        }
        guard let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3),
              byte(4) == UInt8(ascii: "-") || byte(4) == UInt8(ascii: "/"),
              let month = twoDigits(5), byte(7) == byte(4), let day = twoDigits(8),
              byte(10) == UInt8(ascii: "T") || byte(10) == UInt8(ascii: " "),
              let hour = twoDigits(11), byte(13) == UInt8(ascii: ":"), let minute = twoDigits(14),
              byte(16) == UInt8(ascii: ":"), let second = twoDigits(17)
        else { return nil }
        let year = ((y0 * 10 + y1) * 10 + y2) * 10 + y3
        var i = 19
        var fraction = 0.0
        if i < n, byte(i) == UInt8(ascii: ".") || byte(i) == UInt8(ascii: ",") {
            var scale = 0.1
            i += 1
            while i < n, let d = digit(i) { fraction += Double(d) * scale; scale /= 10; i += 1 }
        }
        var offsetSeconds = 0
        if i + 2 < n, byte(i) == 0x20 {
            // After a space: gunicorn's `+0000`, PostgreSQL's `+03` (zones without a name) or a zone name.
            if byte(i + 1) == UInt8(ascii: "+") || byte(i + 1) == UInt8(ascii: "-"), twoDigits(i + 2) != nil,
               twoDigits(i + 4) != nil || i + 4 == n || digit(i + 4) == nil {
                i += 1
            } else if let (length, offset) = zoneName(b, at: i + 1) {
                offsetSeconds = offset
                i += 1 + length
            }
        }
        if i < n, byte(i) == UInt8(ascii: "Z") {
            i += 1
        } else if i < n, byte(i) == UInt8(ascii: "+") || byte(i) == UInt8(ascii: "-"), let oh = twoDigits(i + 1) {
            let sign = byte(i) == UInt8(ascii: "-") ? -1 : 1
            var j = i + 3
            if j < n, byte(j) == UInt8(ascii: ":") { j += 1 }
            let om = twoDigits(j)
            offsetSeconds = sign * (oh * 3600 + (om ?? 0) * 60)
            i = om == nil ? i + 3 : j + 2
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let epoch = Double(days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return (i, epoch)
    }

    /// Zone names PostgreSQL prints for `%m`/`%t` with common `log_timezone` settings, as seconds east of UTC.
    static let zoneOffsets: KeyValuePairs<String, Int> = [
        "UTC": 0, "GMT": 0, "WET": 0, "WEST": 3600, "BST": 3600, "CET": 3600, "CEST": 7200, "EET": 7200,
        "EEST": 10800, "MSK": 10800, "IST": 19800, "JST": 32400, "KST": 32400, "AEST": 36000, "AEDT": 39600,
        "NZST": 43200, "NZDT": 46800, "EST": -18000, "EDT": -14400, "CST": -21600, "CDT": -18000,
        "MST": -25200, "MDT": -21600, "PST": -28800, "PDT": -25200,
    ]

    /// A known zone name at `at` (capitals, then the end or a non-letter): its length and offset.
    private static func zoneName(_ b: UnsafeRawBufferPointer, at start: Int) -> (Int, Int)? {
        var end = start
        var key: UInt64 = 0
        while end < b.count, end - start < 5, b[end] >= 0x41, b[end] <= 0x5A { key = key << 8 | UInt64(b[end]); end += 1 }
        guard end - start >= 3, end == b.count || !((b[end] | 0x20) >= 0x61 && (b[end] | 0x20) <= 0x7A) else { return nil }
        // Every line of a PostgreSQL log carries its zone: a linear scan of packed names (UTC first), no String or hashing.
        for zone in zoneKeys where zone.key == key { return (end - start, zone.offset) }
        return nil
    }

    private static let zoneKeys: [(key: UInt64, offset: Int)] = zoneOffsets.map { name, offset in
        (name.utf8.reduce(0) { $0 << 8 | UInt64($1) }, offset)
    }

    /// Epoch seconds of an ISO-8601 string, as used for JSON `timestamp` fields.
    public static func epoch(of text: String) -> Double? {
        var text = text
        // ISO first: no ISO text reads as a number, and a failed `Double(_:)` costs more than the parse.
        if let iso = text.withUTF8({ parseISO(UnsafeRawBufferPointer($0)) }) { return iso.epoch }
        // A bare count since 1970, in the unit its size says: journald's microseconds, pino's and
        // log4js's milliseconds, zap's float seconds, zerolog's nanoseconds. Below 2001 (1e9 s) it is
        // taken for something else (a duration, a counter).
        guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }),
              let value = Double(text), value.isFinite else { return nil }
        switch value {
        case 1e17...: return value / 1_000_000_000
        case 1e14...: return value / 1_000_000  // journald
        case 1e11...: return value / 1_000
        case 1e9...: return value
        default: return nil
        }
    }

    /// Length of a time of day without a date (`09:31:07.554`, Elixir's console `$time`) at the start of `bytes`,
    /// when a space and a bracketed level word (`[error]`) follow it: only then is it the line's time.
    static func clockLength(_ b: UnsafeRawBufferPointer) -> Int? {
        guard b.count >= 12, b[2] == UInt8(ascii: ":"), b[5] == UInt8(ascii: ":"),
              [0, 1, 3, 4, 6, 7].allSatisfy({ b[$0] >= 0x30 && b[$0] <= 0x39 }) else { return nil }
        var end = 8
        if b[end] == UInt8(ascii: ".") {
            end += 1
            while end < b.count, end < 18, b[end] >= 0x30, b[end] <= 0x39 { end += 1 }
            guard end > 9 else { return nil }
        }
        guard end + 3 < b.count, b[end] == 0x20, b[end + 1] == UInt8(ascii: "["),
              (b[end + 2] | 0x20) >= 0x61, (b[end + 2] | 0x20) <= 0x7A else { return nil }
        return end
    }

    /// java.util.logging's `SimpleFormatter` time, `%1$tb %1$td, %1$tY %1$tl:%1$tM:%1$tS %1$Tp`
    /// (`Dec 05, 2026 9:31:07 PM`, English month and AM/PM; local time without a zone, read as UTC like the others
    /// without one): its length and instant.
    static func parseJUL(_ b: UnsafeRawBufferPointer) -> ISO? {
        guard b.count >= 23, b[3] == 0x20, b[6] == UInt8(ascii: ","), b[7] == 0x20, b[12] == 0x20,
              let month = monthNumbers.firstIndex(where: { b.hasPrefix($0) }),
              let day = digits(b, 4, 2), day >= 1, day <= 31, let year = digits(b, 8, 4),
              let (length, seconds) = twelveHourClock(b, at: 13) else { return nil }
        return (13 + length, Double(daysFromCivil(year: year, month: month + 1, day: day) * 86400 + seconds))
    }

    /// Tomcat's `OneLineFormatter` time, `dd-MMM-yyyy HH:mm:ss.SSS` (`05-Dec-2026 09:31:07.554`; local time without a
    /// zone, read as UTC like the others without one): its length and instant.
    static func parseTomcat(_ b: UnsafeRawBufferPointer) -> ISO? {
        guard b.count >= 20, b[2] == UInt8(ascii: "-"), b[6] == UInt8(ascii: "-"), b[11] == 0x20, b[14] == UInt8(ascii: ":"),
              b[17] == UInt8(ascii: ":"), let day = digits(b, 0, 2), day >= 1, day <= 31,
              let month = monthNumbers.firstIndex(where: { UnsafeRawBufferPointer(rebasing: b[3...]).hasPrefix($0) }),
              let year = digits(b, 7, 4), let hour = digits(b, 12, 2), let minute = digits(b, 15, 2), let second = digits(b, 18, 2),
              hour < 24, minute < 60, second < 61 else { return nil }
        var length = 20
        var fraction = 0.0, scale = 0.1
        if length + 1 < b.count, b[length] == UInt8(ascii: "."), b[length + 1] &- 0x30 < 10 {
            length += 1
            while length < b.count, b[length] &- 0x30 < 10 { fraction += Double(b[length] - 0x30) * scale; scale /= 10; length += 1 }
        }
        let days = daysFromCivil(year: year, month: month + 1, day: day)
        return (length, Double(days * 86400 + hour * 3600 + minute * 60 + second) + fraction)
    }

    /// The en-US locale's date and time as JavaScript's `toLocaleString` writes it (NestJS's `ConsoleLogger`):
    /// `12/05/2026, 9:31:07 PM`, month first, the space before AM/PM a narrow no-break one in newer ICU; local time
    /// without a zone, read as UTC: its length and instant.
    static func parseUSLocale(_ b: UnsafeRawBufferPointer) -> ISO? {
        var i = 0
        func number(_ most: Int) -> Int? {
            let start = i
            var value = 0
            while i < b.count, i - start < most, b[i] >= 0x30, b[i] <= 0x39 { value = value * 10 + Int(b[i] - 0x30); i += 1 }
            return i > start ? value : nil
        }
        guard let month = number(2), month >= 1, month <= 12, i < b.count, b[i] == UInt8(ascii: "/") else { return nil }
        i += 1
        guard let day = number(2), day >= 1, day <= 31, i < b.count, b[i] == UInt8(ascii: "/") else { return nil }
        i += 1
        let yearStart = i
        guard let year = number(4), i - yearStart == 4, i + 1 < b.count, b[i] == UInt8(ascii: ","), b[i + 1] == 0x20,
              let (length, seconds) = twelveHourClock(b, at: i + 2) else { return nil }
        return (i + 2 + length, Double(daysFromCivil(year: year, month: month, day: day) * 86400 + seconds))
    }

    /// `9:31:07 PM` (the hour 1 to 12, maybe padded; a space or U+202F before AM/PM) at `at`: its length and
    /// seconds into the day.
    private static func twelveHourClock(_ b: UnsafeRawBufferPointer, at start: Int) -> (Int, Int)? {
        var i = start
        var hour = 0
        while i < b.count, i - start < 2, b[i] >= 0x30, b[i] <= 0x39 { hour = hour * 10 + Int(b[i] - 0x30); i += 1 }
        guard i > start, hour >= 1, hour <= 12, i + 6 < b.count, b[i] == UInt8(ascii: ":"), b[i + 3] == UInt8(ascii: ":"),
              let minute = digits(b, i + 1, 2), let second = digits(b, i + 4, 2), minute < 60, second < 61 else { return nil }
        i += 6
        if b[i] == 0x20 {
            i += 1
        } else if i + 2 < b.count, b[i] == 0xE2, b[i + 1] == 0x80, b[i + 2] == 0xAF {
            i += 3
        } else {
            return nil
        }
        guard i + 1 < b.count, b[i] == UInt8(ascii: "A") || b[i] == UInt8(ascii: "P"), b[i + 1] == UInt8(ascii: "M"),
              i + 2 == b.count || !((b[i + 2] | 0x20) >= 0x61 && (b[i + 2] | 0x20) <= 0x7A) else { return nil }
        let hours = hour % 12 + (b[i] == UInt8(ascii: "P") ? 12 : 0)
        return (i + 2 - start, hours * 3600 + minute * 60 + second)
    }

    /// The `count` decimal digits at `at`, or nil.
    private static func digits(_ b: UnsafeRawBufferPointer, _ at: Int, _ count: Int) -> Int? {
        guard at + count <= b.count else { return nil }
        var value = 0
        for k in at..<(at + count) {
            let d = b[k] &- 0x30
            guard d <= 9 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    /// Whole seconds into the day, and the fraction, of a time of day alone (`09:31:07.554`, as `clockLength` reads it).
    static func clockSeconds(_ text: String) -> (whole: Int, fraction: Double)? {
        var text = text
        return text.withUTF8 { b -> (whole: Int, fraction: Double)? in
            guard b.count >= 8, b[2] == UInt8(ascii: ":"), b[5] == UInt8(ascii: ":"),
                  let hour = digits(UnsafeRawBufferPointer(b), 0, 2), let minute = digits(UnsafeRawBufferPointer(b), 3, 2),
                  let second = digits(UnsafeRawBufferPointer(b), 6, 2), hour < 24, minute < 60, second < 61 else { return nil }
            var fraction = 0.0, scale = 0.1
            if b.count > 9, b[8] == UInt8(ascii: ".") {
                for k in 9..<b.count {
                    let d = b[k] &- 0x30
                    guard d <= 9 else { return nil }
                    fraction += Double(d) * scale; scale /= 10
                }
            } else if b.count != 8 { return nil }
            return (hour * 3600 + minute * 60 + second, fraction)
        }
    }

    /// Length of a syslog timestamp (`Dec 19 14:02:11`) at the start of `bytes`. It carries no year.
    static func syslogLength(_ b: UnsafeRawBufferPointer) -> Int? {
        guard b.count >= 15, b[3] == 0x20, b[9] == UInt8(ascii: ":"), b[12] == UInt8(ascii: ":") else { return nil }
        let month = String(decoding: UnsafeRawBufferPointer(rebasing: b[0..<3]), as: UTF8.self)
        guard ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].contains(month) else { return nil }
        return 15
    }

    /// The instant of a syslog timestamp (`Dec 19 14:02:11`, `Dec  4 …`; read as UTC, like other times without a
    /// zone), which has no year: the latest of the years around `now`'s that puts it at most a day after `now`
    /// (the day allows for zones and clocks a little ahead), as journalctl and rsyslog readers give one. So
    /// December lines read in January fall in the year before, and lines of one input stay in order across
    /// New Year as long as they span less than a year.
    static func syslogEpoch(_ b: UnsafeRawBufferPointer, now: Double = referenceNow) -> Double? {
        guard syslogLength(b) != nil, let month = monthNumbers.firstIndex(where: { b.hasPrefix($0) }) else { return nil }
        func number(_ at: Int) -> Int? {
            let high = b[at] == 0x20 ? 0 : Int(b[at]) - 0x30, low = Int(b[at + 1]) - 0x30
            guard (0...9).contains(high), (0...9).contains(low) else { return nil }
            return high * 10 + low
        }
        guard let day = number(4), day >= 1, day <= 31, b[6] == 0x20, let hour = number(7), let minute = number(10),
              let second = number(13), b[7] != 0x20, b[10] != 0x20, b[13] != 0x20 else { return nil }
        let seconds = hour * 3600 + minute * 60 + second
        let year = year(of: now)
        for candidate in [year + 1, year, year - 1] {
            let epoch = Double(daysFromCivil(year: candidate, month: month + 1, day: day) * 86400 + seconds)
            if epoch <= now + 86400 { return epoch }
        }
        return nil
    }

    /// An access-log time, `19/Dec/2025:14:02:11 +0000` (the Common Log Format of nginx and Apache, gunicorn's
    /// `%(t)s`) or `19/Dec/2025 14:02:11` (Django's runserver, local time without a zone, read as UTC like the
    /// others without one): its length and instant.
    static func parseCLF(_ b: UnsafeRawBufferPointer) -> ISO? {
        guard b.count >= 20, b[2] == UInt8(ascii: "/"), b[6] == UInt8(ascii: "/"),
              b[11] == UInt8(ascii: ":") || b[11] == 0x20, b[14] == UInt8(ascii: ":"), b[17] == UInt8(ascii: ":"),
              let month = monthNumbers.firstIndex(where: { UnsafeRawBufferPointer(rebasing: b[3...]).hasPrefix($0) }) else { return nil }
        func number(_ at: Int, _ digits: Int) -> Int? {
            var value = 0
            for k in at..<(at + digits) {
                let d = Int(b[k]) - 0x30
                guard (0...9).contains(d) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard let day = number(0, 2), let year = number(7, 4), let hour = number(12, 2), let minute = number(15, 2),
              let second = number(18, 2) else { return nil }
        var length = 20
        var offset = 0
        if b.count >= 26, b[20] == 0x20, b[21] == UInt8(ascii: "+") || b[21] == UInt8(ascii: "-"),
           let hours = number(22, 2), let minutes = number(24, 2) {
            offset = (b[21] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
            length = 26
        }
        let days = daysFromCivil(year: year, month: month + 1, day: day)
        return (length, Double(days * 86400 + hour * 3600 + minute * 60 + second - offset))
    }

    /// The instant of the first bracketed access-log time anywhere in `text` (`[03/Dec/2026:14:16:33 +0000]`),
    /// for a request line whose header has none (the time is not after the client, identity and user).
    static func commonLogEpoch(in text: UnsafeRawBufferPointer) -> Double? {
        var at = 0
        while at + 22 <= text.count {
            defer { at += 1 }
            guard text[at] == UInt8(ascii: "["), let (length, epoch) = parseCLF(UnsafeRawBufferPointer(rebasing: text[(at + 1)...])),
                  at + 1 + length < text.count, text[at + 1 + length] == UInt8(ascii: "]") else { continue }
            return epoch
        }
        return nil
    }

    /// The time syslog timestamps are read against: when the run started.
    static let referenceNow = Date().timeIntervalSince1970

    private static let monthNumbers: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The UTC year `epoch` falls in.
    static func year(of epoch: Double) -> Int {
        var year = 1970 + Int((epoch / 31_556_952).rounded(.down))
        while Double(daysFromCivil(year: year + 1, month: 1, day: 1) * 86400) <= epoch { year += 1 }
        while Double(daysFromCivil(year: year, month: 1, day: 1) * 86400) > epoch { year -= 1 }
        return year
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil-from-days inverse).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
