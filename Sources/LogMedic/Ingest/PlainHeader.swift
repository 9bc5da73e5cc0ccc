import Foundation

/// The header of a plain-text log line: an optional leading timestamp (maybe in brackets), a level
/// word and a Python logger name. The timestamp is cut from the message; the level stays in it, as
/// rules may rely on it.
struct PlainHeader {
    var timestamp: String?
    var epoch: Double?
    var level: String?
    /// The logger of a Python `logging` line: `ERROR [app.api] …`, `ERROR app.api …`,
    /// `ERROR:app.api:…` (`logging.BASIC_FORMAT`) or `- app.api - ERROR - …`.
    var logger: String?
    /// Where the message starts within the line.
    var messageStart = 0

    static let levels: [String: String] = [
        "TRACE": "debug", "DEBUG": "debug", "INFO": "info", "NOTICE": "info", "LOG": "info",
        "WARN": "warning", "WARNING": "warning", "ERROR": "error", "ERR": "error",
        "SEVERE": "error", "CRITICAL": "critical", "CRIT": "critical", "FATAL": "critical", "PANIC": "critical", "ALERT": "critical", "EMERG": "critical",
    ]

    /// Whether a normalized level (`levels`' values) is an error's or worse.
    @inline(__always)
    static func isError(_ level: String?) -> Bool { level == "error" || level == "critical" }

    init(_ line: UnsafeRawBufferPointer) { self.init(line, readingLevel: true, reusing: nil, leadingTimestamp: nil) }

    /// Without `readingLevel` only the timestamp is read (a PostgreSQL prefix, whose severity says the level).
    /// A timestamp equal to `previous` is that String, not a new one. `leadingTimestamp`, when given, is what
    /// `Timestamp.parseISO(line)` says (the caller read it already).
    init(_ line: UnsafeRawBufferPointer, readingLevel: Bool, reusing previous: String?, leadingTimestamp: Timestamp.ISO??) {
        if readRubyLogger(line) || readNestLogger(line, from: 0) { return }
        if line.count > 8, line[4] == UInt8(ascii: ":"), line[5] == 0x20, readDotnetHead(line) { return }
        var i = 0
        let bracketed = line.count > 0 && line[0] == UInt8(ascii: "[")
        if bracketed { i = 1 }
        let rest = UnsafeRawBufferPointer(rebasing: line[i...])
        if let (length, epoch) = bracketed ? Timestamp.parseISO(rest) ?? Timestamp.parseCLF(rest) : leadingTimestamp ?? Timestamp.parseISO(rest) {
            timestamp = Self.text(UnsafeRawBufferPointer(rebasing: rest[0..<length]), reusing: previous)
            self.epoch = epoch
            i += length
        } else if let length = Timestamp.syslogLength(rest) {
            timestamp = String(decoding: UnsafeRawBufferPointer(rebasing: rest[0..<length]), as: UTF8.self)
            epoch = Timestamp.syslogEpoch(rest)
            i += length
        } else if !bracketed, rest.count > 22, rest[0] >= 0x41, rest[0] <= 0x5A, rest[6] == UInt8(ascii: ","), let length = readJULTime(rest) {
            i += length
        } else if !bracketed, rest.count > 20, rest[2] == UInt8(ascii: "-"), rest[6] == UInt8(ascii: "-"), let length = readTomcatTime(rest) {
            i += length
        } else if !bracketed, readingLevel, let length = Timestamp.clockLength(rest) {
            // A time of day alone (Elixir's `09:31:07.554 [error] …`): no instant without a day (the scanner gives a
            // failure the date of the input's dated lines before it).
            timestamp = String(decoding: UnsafeRawBufferPointer(rebasing: rest[0..<length]), as: UTF8.self)
            i += length
        } else {
            i = 0
            if readingLevel, let (text, epoch) = Self.accessLogTime(line) {
                // The request line stays whole: its time is not at its start.
                timestamp = text; self.epoch = epoch
                return
            }
        }
        if timestamp != nil {
            // Celery: `[2026-12-04 22:25:19,376: ERROR/MainProcess] Task app.tasks.x[…] raised unexpected: …`;
            // the message starts at the level word.
            if bracketed, i + 1 < line.count, line[i] == UInt8(ascii: ":"), line[i + 1] == 0x20 { i += 2 }
            if bracketed, i < line.count, line[i] == UInt8(ascii: "]") { i += 1 }
            if i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
            // An indented line after a timestamp (`docker logs -t` of a stack frame) stays indented.
            var blanks = i
            while blanks < line.count, line[blanks] == 0x20 || line[blanks] == 0x09 { blanks += 1 }
            let indented = blanks - i >= 2 || (blanks > i && line[i] == 0x09)
            messageStart = indented ? i : blanks
            if indented { return }
            // Elixir's `09:31:07.554 [error] …` behind `docker logs -t`'s time: the level follows the app's time of day.
            if readingLevel, epoch != nil, messageStart + 12 < line.count, line[messageStart + 2] == UInt8(ascii: ":") {
                messageStart = Self.afterTimeOfDay(line, at: messageStart)
            }
        }
        guard readingLevel else { return }
        if messageStart > 0, readNestLogger(line, from: messageStart) { return }  // behind `docker logs -t`'s time
        let message = UnsafeRawBufferPointer(rebasing: line[messageStart...])
        if let (name, levelStart) = Self.dashedLogger(message) {
            logger = name
            level = Self.levelWord(UnsafeRawBufferPointer(rebasing: message[levelStart...]))
        } else {
            level = Self.levelWord(message)
            if level != nil {
                logger = tomcatTime ? Self.tomcatSource(message) : Self.loggerAfterLevel(message) ?? Self.springLogger(message)
                if timestamp == nil { readTimestampAfterLevel(message) }
            } else if timestamp != nil, let (channel, word) = Self.monologChannel(message) {
                logger = channel; level = word
            } else if timestamp != nil, let start = Self.levelAfterThread(message) {
                let rest = UnsafeRawBufferPointer(rebasing: message[start...])
                level = Self.levelWord(rest); logger = Self.loggerAfterLevel(rest)
            } else if timestamp != nil {
                level = Self.levelAfterFields(message)
            }
        }
    }

    /// Tomcat's `OneLineFormatter` time (`05-Dec-2026 09:31:07.554 SEVERE [thread] source message`): its length.
    @inline(never)
    private mutating func readTomcatTime(_ rest: UnsafeRawBufferPointer) -> Int? {
        guard let (length, epoch) = Timestamp.parseTomcat(rest) else { return nil }
        timestamp = String(decoding: UnsafeRawBufferPointer(rebasing: rest[0..<length]), as: UTF8.self)
        self.epoch = epoch
        tomcatTime = true
        return length
    }

    /// The time was Tomcat's `OneLineFormatter`'s: the logger is the source after the bracketed thread.
    private var tomcatTime = false

    /// The source (`org.apache.catalina.core.StandardWrapperValve.invoke`) after `LEVEL [thread] ` in Tomcat's one-line record.
    private static func tomcatSource(_ m: UnsafeRawBufferPointer) -> String? {
        guard let open = m.prefix(16).firstIndex(of: UInt8(ascii: "[")),
              let close = m[open...].prefix(130).firstIndex(of: UInt8(ascii: "]")), close + 2 < m.count, m[close + 1] == 0x20 else { return nil }
        let start = close + 2
        var end = start
        while end < m.count, end - start < 200, isLoggerByte(m[end]) || m[end] == UInt8(ascii: "$") { end += 1 }
        guard end > start, end == m.count || m[end] == 0x20 else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: m[start..<end]), as: UTF8.self)
    }

    /// java.util.logging's head line, `Dec 05, 2026 9:31:07 PM com.acme.Repo find` (the record's level and message
    /// are on the next line): the time's length.
    @inline(never)
    private mutating func readJULTime(_ rest: UnsafeRawBufferPointer) -> Int? {
        guard let (length, epoch) = Timestamp.parseJUL(rest) else { return nil }
        timestamp = String(decoding: UnsafeRawBufferPointer(rebasing: rest[0..<length]), as: UTF8.self)
        self.epoch = epoch
        return length
    }

    /// Where the message starts after a time of day alone at `start` (`09:31:07.554 [error] …`), else `start`.
    @inline(never)
    private static func afterTimeOfDay(_ line: UnsafeRawBufferPointer, at start: Int) -> Int {
        guard let clock = Timestamp.clockLength(UnsafeRawBufferPointer(rebasing: line[start...])) else { return start }
        return start + clock + 1
    }

    /// log4j's `%p %d` (`ERROR 2017-07-10 00:01:28,801 0133 [thread] Logger: …`, the level padded to five):
    /// an ISO timestamp right after the level word is the line's. The message keeps it.
    private mutating func readTimestampAfterLevel(_ m: UnsafeRawBufferPointer) {
        var i = 0
        while i < m.count, i < 9, m[i] >= 0x41, m[i] <= 0x5A { i += 1 }
        guard i >= 3, i < m.count, m[i] == 0x20 else { return }
        while i < m.count, i < 12, m[i] == 0x20 { i += 1 }
        guard i < m.count, m[i] >= 0x30, m[i] <= 0x39,
              let (length, epoch) = Timestamp.parseISO(UnsafeRawBufferPointer(rebasing: m[i...])) else { return }
        timestamp = String(decoding: UnsafeRawBufferPointer(rebasing: m[i..<(i + length)]), as: UTF8.self)
        self.epoch = epoch
    }

    /// Logback's and Log4j's `%d [%thread] %-5level %logger - %msg` after the time: where the level word after the
    /// bracketed thread (`[main] ERROR com.zaxxer.hikari.pool.HikariPool - …`) starts; the word is in capitals.
    static func levelAfterThread(_ m: UnsafeRawBufferPointer) -> Int? {
        guard m.count > 8, m[0] == UInt8(ascii: "["),
              let close = m.prefix(130).firstIndex(of: UInt8(ascii: "]")), close > 1 else { return nil }
        var i = close + 1
        guard i < m.count, m[i] == 0x20 else { return nil }
        while i < m.count, m[i] == 0x20 { i += 1 }
        guard i + 1 < m.count, m[i] >= 0x41, m[i] <= 0x5A, m[i + 1] >= 0x41, m[i + 1] <= 0x5A,
              levelWord(UnsafeRawBufferPointer(rebasing: m[i...])) != nil else { return nil }
        return i
    }

    /// Sidekiq's `TIME pid=12 tid=gs3 class=SyncJob jid=7ab3f WARN: …`: the level word after the context's
    /// `key=value` fields.
    static func levelAfterFields(_ m: UnsafeRawBufferPointer) -> String? {
        var i = 0
        var fields = 0
        while i < m.count, fields < 16 {
            var j = i
            while j < m.count, j - i < 256, m[j] != 0x20, m[j] != UInt8(ascii: "=") { j += 1 }
            guard j > i, j < m.count, m[j] == UInt8(ascii: "=") else { break }
            while j < m.count, m[j] != 0x20 { j += 1 }
            guard j < m.count else { return nil }
            i = j + 1
            fields += 1
        }
        guard fields > 0, i < m.count else { return nil }
        let rest = UnsafeRawBufferPointer(rebasing: m[i...])
        var end = 0
        while end < rest.count, end < 9, rest[end] >= 0x41, rest[end] <= 0x5A { end += 1 }
        guard end > 0, end < rest.count, rest[end] == UInt8(ascii: ":") else { return nil }
        return levelWord(rest)
    }

    /// The time of a Common Log Format line (`10.0.0.1 - frank [19/Dec/2025:14:02:11 +0000] "GET …`): after the
    /// client address, the identity and the user.
    static func accessLogTime(_ line: UnsafeRawBufferPointer) -> (String, Double?)? {
        // An IPv4 address or `::1`-like IPv6 one: other lines are passed over at their first byte.
        guard let first = line.first, (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: ":") else { return nil }
        var i = 0
        for _ in 0..<3 {
            let start = i
            while i < line.count, i - start < 64, line[i] != 0x20 { i += 1 }
            guard i > start, i < line.count, line[i] == 0x20 else { return nil }
            i += 1
        }
        guard i + 27 < line.count, line[i] == UInt8(ascii: "["),
              let (length, epoch) = Timestamp.parseCLF(UnsafeRawBufferPointer(rebasing: line[(i + 1)...])),
              line[i + 1 + length] == UInt8(ascii: "]") else { return nil }
        return (String(decoding: UnsafeRawBufferPointer(rebasing: line[(i + 1)..<(i + 1 + length)]), as: UTF8.self), epoch)
    }

    /// Monolog's (Laravel's) `[%datetime%] %channel%.%level_name%: %message%` after its timestamp:
    /// `production.ERROR: …` gives the level and, as the logger, the channel.
    static func monologChannel(_ m: UnsafeRawBufferPointer) -> (String, String)? {
        var dot = 0
        while dot < m.count, dot < 64, isLoggerByte(m[dot]), m[dot] != UInt8(ascii: ".") { dot += 1 }
        guard dot > 0, dot < m.count, m[dot] == UInt8(ascii: ".") else { return nil }
        var end = dot + 1
        while end < m.count, end - dot <= 10, m[end] >= 0x41, m[end] <= 0x5A { end += 1 }
        guard end > dot + 1, end + 1 < m.count, m[end] == UInt8(ascii: ":"), m[end + 1] == 0x20 else { return nil }
        let word = String(decoding: UnsafeRawBufferPointer(rebasing: m[(dot + 1)..<end]), as: UTF8.self)
        guard let level = levels[word] ?? (word == "EMERGENCY" ? "critical" : nil) else { return nil }
        return (String(decoding: UnsafeRawBufferPointer(rebasing: m[0..<dot]), as: UTF8.self), level)
    }

    /// `bytes` as a String: `previous` itself when it spells them.
    static func text(_ bytes: UnsafeRawBufferPointer, reusing previous: String?) -> String {
        if let previous, previous.hasBytes(bytes) { return previous }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Ruby's `Logger` (Rails in production): `E, [2026-12-03T19:13:55.785738 #7878] ERROR -- app: message`,
    /// i.e. `%s, [%s #%d] %5s -- %s: %s`. The message starts at the level word; the progname is the logger.
    private mutating func readRubyLogger(_ line: UnsafeRawBufferPointer) -> Bool {
        guard line.count > 40, line[1] == UInt8(ascii: ","), line[2] == 0x20, line[3] == UInt8(ascii: "["),
              "DIWEFAU".utf8.contains(line[0]) else { return false }
        let rest = UnsafeRawBufferPointer(rebasing: line[4...])
        guard let (length, epoch) = Timestamp.parseISO(rest), let close = rest[length...].firstIndex(of: UInt8(ascii: "]")),
              close - length < 16 else { return false }
        var start = 4 + close + 1
        while start < line.count, line[start] == 0x20 { start += 1 }
        let message = UnsafeRawBufferPointer(rebasing: line[start...])
        guard let level = Self.levelWord(message) ?? (message.hasPrefix("ANY ") ? "info" : nil),
              let dashes = message.firstIndex(of: UInt8(ascii: "-")), message[dashes...].starts(with: "-- ".utf8) else { return false }
        timestamp = String(decoding: UnsafeRawBufferPointer(rebasing: rest[0..<length]), as: UTF8.self)
        self.epoch = epoch
        self.level = level
        let progname = UnsafeRawBufferPointer(rebasing: message[(dashes + 3)...])
        if let colon = progname.firstIndex(of: UInt8(ascii: ":")), colon > progname.startIndex {
            logger = String(decoding: UnsafeRawBufferPointer(rebasing: progname[..<colon]), as: UTF8.self)
        }
        messageStart = start
        return true
    }

    /// NestJS's `ConsoleLogger`: `[Nest] 1  - 12/19/2025, 2:02:11 PM   ERROR [ExceptionsHandler] message`, i.e.
    /// `[Nest] PID  - ` + the locale's date and time (no zone: read as UTC; the en-US form only, as others put the day
    /// or month first alike) + the level padded to 7 + `[context] `.
    /// The message starts at the level word; the context is the logger.
    private mutating func readNestLogger(_ line: UnsafeRawBufferPointer, from start: Int) -> Bool {
        guard line.count > start + 16, line[start] == UInt8(ascii: "["),
              UnsafeRawBufferPointer(rebasing: line[start...]).hasPrefix("[Nest] ") else { return false }
        var i = start + 7
        while i < line.count, line[i] >= 0x30, line[i] <= 0x39 { i += 1 }
        guard i > start + 7, line[i...].starts(with: "  - ".utf8) else { return false }
        // The date and time hold no word in capitals but AM/PM: the first such word of a level is the level.
        i += 4
        // The en-US form is read (`12/05/2026, 9:31:07 PM`); behind `docker logs -t`, the engine's exact time stays.
        if timestamp == nil { i += readNestTime(UnsafeRawBufferPointer(rebasing: line[i...])) }
        while i < line.count, i < start + 80 {
            while i < line.count, line[i] == 0x20 { i += 1 }
            var end = i
            while end < line.count, line[end] != 0x20 { end += 1 }
            let word = UnsafeRawBufferPointer(rebasing: line[i..<end])
            if let named = Self.nestLevels.first(where: { word.elementsEqual($0.key.utf8) }) {
                level = named.value
                messageStart = i
                if end + 1 < line.count, line[end + 1] == UInt8(ascii: "["),
                   let close = line[(end + 2)...].firstIndex(of: UInt8(ascii: "]")), close > end + 2 {
                    logger = String(decoding: UnsafeRawBufferPointer(rebasing: line[(end + 2)..<close]), as: UTF8.self)
                }
                return true
            }
            i = end
        }
        return false
    }

    /// Reads Nest's time at the start of `rest`: its length, 0 when there is none it reads.
    @inline(never)
    private mutating func readNestTime(_ rest: UnsafeRawBufferPointer) -> Int {
        guard let (length, epoch) = Timestamp.parseUSLocale(rest) else { return 0 }
        timestamp = String(decoding: UnsafeRawBufferPointer(rebasing: rest[0..<length]), as: UTF8.self)
        self.epoch = epoch
        return length
    }

    /// .NET's console logger (Microsoft.Extensions.Logging's simple formatter): `fail: Category[EventId]` on a line of its
    /// own, the message and exception on the next lines, indented by six spaces. The category is the logger.
    @inline(never)
    private mutating func readDotnetHead(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let named = Self.dotnetLevels.first(where: { line.starts(with: $0.key.utf8) }) else { return false }
        var i = 6
        while i < line.count, i < 300, Self.isLoggerByte(line[i]) { i += 1 }
        let categoryEnd = i
        guard categoryEnd > 6, i < line.count, line[i] == UInt8(ascii: "[") else { return false }
        i += 1
        while i < line.count, line[i] >= 0x30, line[i] <= 0x39 { i += 1 }
        guard i > categoryEnd + 1, i < line.count, line[i] == UInt8(ascii: "]"),
              line[(i + 1)...].allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { return false }
        level = named.value
        logger = String(decoding: UnsafeRawBufferPointer(rebasing: line[6..<categoryEnd]), as: UTF8.self)
        return true
    }

    private static let dotnetLevels: KeyValuePairs<String, String> = [
        "fail: ": "error", "crit: ": "critical", "warn: ": "warning", "info: ": "info", "dbug: ": "debug", "trce: ": "debug",
    ]

    private static let nestLevels: KeyValuePairs<String, String> = [
        "ERROR": "error", "LOG": "info", "WARN": "warning", "DEBUG": "debug", "VERBOSE": "debug", "FATAL": "critical",
    ]

    /// `- app.api - ERROR - …` (`%(asctime)s - %(name)s - %(levelname)s - %(message)s`).
    static func dashedLogger(_ m: UnsafeRawBufferPointer) -> (String, Int)? {
        guard m.hasPrefix("- ") else { return nil }
        var end = 2
        while end < m.count, end < 130, isLoggerByte(m[end]) { end += 1 }
        guard end > 2, end + 3 < m.count, m[end] == 0x20, m[end + 1] == UInt8(ascii: "-"), m[end + 2] == 0x20 else { return nil }
        return (String(decoding: UnsafeRawBufferPointer(rebasing: m[2..<end]), as: UTF8.self), end + 3)
    }

    /// The logger after the level word: `[app.api]`, `app.api` (dotted, `root` or `__main__`-like)
    /// or `:app.api:`.
    static func loggerAfterLevel(_ m: UnsafeRawBufferPointer) -> String? {
        var i = 0
        while i < m.count, i < 12, (m[i] | 0x20) >= 0x61, (m[i] | 0x20) <= 0x7A { i += 1 }
        guard i > 0, i < m.count else { return nil }
        let colon = m[i] == UInt8(ascii: ":")
        if m[i] == 0x20 || colon { i += 1 }
        if !colon { while i < m.count, m[i] == 0x20 { i += 1 } }
        let bracketed = i < m.count && m[i] == UInt8(ascii: "[")
        if bracketed { i += 1 }
        let start = i
        while i < m.count, i - start < 128, isLoggerByte(m[i]) { i += 1 }
        guard i > start, i < m.count else { return nil }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: m[start..<i]), as: UTF8.self)
        if bracketed { return m[i] == UInt8(ascii: "]") ? name : nil }
        if colon { return m[i] == UInt8(ascii: ":") ? name : nil }
        let ends = m[i] == 0x20 || (m[i] == UInt8(ascii: ":") && i + 1 < m.count && m[i + 1] == 0x20)
        guard ends, name.contains(".") || name.hasPrefix("_") || name == "root" else { return nil }
        return name
    }

    /// Spring Boot's console line after the level: `ERROR 15019 --- [nio-8080-exec-1] o.h.e.j.s.SqlExceptionHelper   : …`
    /// (`%5p ${PID} --- [%t] %-40.40logger{39} : %m`; Boot 3.2 puts `[app] ` before the thread). The logger may
    /// hold brackets and slashes (`o.a.c.c.C.[.[.[/].[dispatcherServlet]`).
    static func springLogger(_ m: UnsafeRawBufferPointer) -> String? {
        var i = 0
        while i < m.count, i < 9, (m[i] | 0x20) >= 0x61, (m[i] | 0x20) <= 0x7A { i += 1 }
        while i < m.count, m[i] == 0x20 { i += 1 }
        let pid = i
        while i < m.count, m[i] >= 0x30, m[i] <= 0x39 { i += 1 }
        guard i > pid, UnsafeRawBufferPointer(rebasing: m[i...]).hasPrefix(" --- ") else { return nil }
        i += 5
        for _ in 0..<2 where i < m.count && m[i] == UInt8(ascii: "[") {
            guard let close = m[i...].prefix(128).firstIndex(of: UInt8(ascii: "]")) else { return nil }
            i = close + 1
            while i < m.count, m[i] == 0x20 { i += 1 }
        }
        let start = i
        while i < m.count, i - start < 128, m[i] != 0x20 { i += 1 }
        let end = i
        while i < m.count, m[i] == 0x20 { i += 1 }
        guard end > start, i + 1 < m.count, m[i] == UInt8(ascii: ":"), m[i + 1] == 0x20 else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: m[start..<end]), as: UTF8.self)
    }

    private static func isLoggerByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
            || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }

    /// A level word at the start of the message: `ERROR`, `[error]`, `ERROR:`, `level=error`, or after a `[pid]`
    /// (`[4121] ERROR:`, gunicorn's `[14599] [ERROR]`).
    static func levelWord(_ m: UnsafeRawBufferPointer) -> String? {
        var i = 0
        if m.hasPrefix("level=") { i = 6 }
        if i < m.count, m[i] == UInt8(ascii: "[") {
            // `[4121] ERROR:` (PostgreSQL) or `[error]`.
            var j = i + 1
            while j < m.count, m[j] >= 0x30, m[j] <= 0x39 { j += 1 }
            if j > i + 1, j < m.count, m[j] == UInt8(ascii: "]") { i = j + 1; while i < m.count, m[i] == 0x20 { i += 1 } } else { i += 1 }
            // gunicorn: `[14599] [ERROR]`
            if i < m.count, m[i] == UInt8(ascii: "[") { i += 1 }
        }
        var j = i
        while j < m.count, j - i < 9, (m[j] | 0x20) >= 0x61, (m[j] | 0x20) <= 0x7A { j += 1 }
        guard j > i else { return nil }
        // `ERROR/MainProcess]` (Celery's level and process name); only an upper-case word, not `error/warning`.
        let celery = j < m.count && m[j] == UInt8(ascii: "/") && m[i] >= 0x41 && m[i] <= 0x5A && m[j - 1] >= 0x41 && m[j - 1] <= 0x5A
        if j < m.count, !celery, ![0x20, 0x3A, 0x5D, 0x09, 0x2C].contains(m[j]) { return nil }
        return levels[String(decoding: UnsafeRawBufferPointer(rebasing: m[i..<j]), as: UTF8.self).uppercased()]
    }
}
