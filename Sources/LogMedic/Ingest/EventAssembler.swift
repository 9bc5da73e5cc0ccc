import Foundation

/// Joins the lines of one multi-line event: Python tracebacks (also chained ones, also when every
/// line arrived as its own JSON record, with the `logging` line that announced them), JS/Node stack
/// traces (`    at …`), PostgreSQL `ERROR:` lines with their `DETAIL:`/`HINT:`/`STATEMENT:`
/// companions from the same server process, and `csvlog` records that span lines.
///
/// Only lines that might open a finding start an event; the scanner then offers each following
/// line, and the first that does not continue the event closes it. Events are bounded in lines and
/// bytes so that a traceback that never ends cannot grow memory.
public struct EventAssembler {
    /// Literals that open a multi-line event even when the opening line matches no rule.
    public static let openingLiterals = [tracebackHeader.description]
    /// A Python traceback's first line.
    static let tracebackHeader: StaticString = "Traceback (most recent call last)"

    enum Phase { case single, frames, afterException, insideSQL, csvRecord, completeRecord }

    public let maxLines: Int
    public let maxBytes: Int
    private(set) var isOpen = false
    private(set) var text: [UInt8] = []
    private(set) var lineCount = 0
    private var phase = Phase.single
    /// A traceback continues a finished one only after Python's "The above exception…" header.
    private var sawChainHeader = false
    /// Inside an exception's message, after a server `DETAIL:`/`CONTEXT:` line: the lines that go on
    /// without a prefix (a deadlock's `Process 12 waits for ShareLock…`, one per process; a PL/pgSQL
    /// call stack) still belong to it.
    private var inServerDetail = false
    /// After a line of asyncio's exception-handler record (`future: <Future finished exception=…>`,
    /// `task: <Task …>`): the traceback asyncio prints next belongs to the same record.
    private var afterAsyncioContext = false
    /// A blank line after a one-line event, kept back: it joins the event only when an asyncio context
    /// line follows (aiopg hands asyncio the server's error text, which ends in a newline, as the
    /// record's message), so an event that ends there is reported exactly as before.
    private var blankHeld = false
    /// A Java exception's stack that restates the record's message joined it (one per record).
    private var tookJavaStack = false
    /// The last line taken was a Ruby backtrace's (`\tfrom path.rb:12:in …`): its exception's cause may follow.
    private var afterRubyFrame = false
    var source = ""
    var firstLine = 0
    var lastLine = 0
    var timestamp: String?
    var epoch: Double?
    var level: String?
    var service: String?
    var processID: Int?
    var user: String?
    var database: String?
    var application: String?
    var logger: String?
    /// Inside a `csvlog` record: the raw lines so far, and whether a quoted field is still open.
    private var csvRecord: [UInt8] = []
    private var csvQuoteOpen = false

    public init(maxLines: Int = 2000, maxBytes: Int = 512 * 1024) {
        self.maxLines = maxLines
        self.maxBytes = maxBytes
        text.reserveCapacity(64 * 1024)
    }

    /// Takes the line's fields (moved, not copied: a failure storm opens an event every few lines).
    mutating func open(_ line: inout DecodedLine, number: Int) {
        isOpen = true
        text.removeAll(keepingCapacity: true)
        text.append(contentsOf: line.message)
        lineCount = 1
        firstLine = number; lastLine = number
        timestamp = line.timestamp.take(); epoch = line.epoch; level = line.level.take(); service = line.service.take()
        processID = line.processID; user = line.user.take(); database = line.database.take()
        application = line.application.take(); logger = line.logger.take()
        phase = Self.startsTraceback(line.message) ? .frames : .single
        sawChainHeader = false
        inServerDetail = false
        afterAsyncioContext = Self.isAsyncioContext(line.message)
        blankHeld = false
        tookJavaStack = false
        afterRubyFrame = false
        openedInEnvelope = line.raw.first == UInt8(ascii: "{")
        let first = line.message.first ?? 0
        mayHaveHeadBefore = (first == UInt8(ascii: "S") || first == UInt8(ascii: "W") || first == 0x20) && line.message.count > 9
        inDotnetRecord = false
        opensElixirException = Self.startsElixirException(line.message)
        if opensElixirException { phase = .afterException }
        opensRubyException = line.timestamp == nil && Self.isRubyExceptionHead(line)
        if line.opensCSVRecord {
            phase = .csvRecord
            csvRecord.removeAll(keepingCapacity: true)
            csvRecord.append(contentsOf: line.raw)
            csvQuoteOpen = true
        }
    }

    /// An Elixir exception (`** (Postgrex.Error) …`) opened the event: its indented lines (`    query: …`, the
    /// `    (app 0.1.0) lib/…` frames) and blank lines go on with it, and the logger's record (`09:31:07.554 [error] …`
    /// and its lines, e.g. Phoenix's `Request: GET …`) may have begun a few lines before.
    private var opensElixirException = false
    /// A Ruby exception as `full_message` prints it opened the event; the Logger record that logged it
    /// (`E, [2026-12-06T20:35:43.252617 #21031] ERROR -- : GET /api/orders/shipped failed`) may be the line before.
    private var opensRubyException = false

    /// True right after an Elixir or Ruby exception opened the event: see `adoptRecordHead`.
    var opensWithLoggedException: Bool { isOpen && lineCount == 1 && (opensElixirException || opensRubyException) }

    static func startsElixirException(_ m: UnsafeRawBufferPointer) -> Bool {
        guard let first = m.first, first == UInt8(ascii: "*") || first == 0x20 else { return false }
        var i = 0
        while i < m.count, i < 16, m[i] == 0x20 { i += 1 }
        return m.count > i + 4 && m[i] == UInt8(ascii: "*") && m[i + 1] == UInt8(ascii: "*") && m[i + 2] == 0x20
            && m[i + 3] == UInt8(ascii: "(")
    }

    /// Takes the head of the log record the exception belongs to (`head`, with its time, level and logger) and
    /// the record's `lines` between it and the exception: the event starts at line `number`.
    mutating func adoptRecordHead(_ head: DecodedLine, lines: [[UInt8]], number: Int) {
        guard opensWithLoggedException else { return }
        prependRecord(head, lines: lines, number: number)
        level = head.level ?? level; logger = head.logger ?? logger; service = service ?? head.service
    }

    /// Takes a server's error line (`head`) and the continuation `lines` after it, before the continuation line
    /// that opened the event: the event starts at line `number`, with the error's level and time.
    mutating func adoptServerHead(_ head: DecodedLine, lines: [[UInt8]], number: Int) {
        prependRecord(head, lines: lines, number: number)
        level = head.level
    }

    /// Puts a record's head and its `lines` before the event's text, which then starts at line `number`, with
    /// the head's time.
    private mutating func prependRecord(_ head: DecodedLine, lines: [[UInt8]], number: Int) {
        let opening = text
        text.removeAll(keepingCapacity: true)
        text.append(contentsOf: head.message)
        for line in lines { text.append(0x0A); text.append(contentsOf: line) }
        text.append(0x0A)
        text.append(contentsOf: opening)
        lineCount += lines.count + 1
        firstLine = number
        if head.timestamp != nil { timestamp = head.timestamp; epoch = head.epoch }
    }

    /// Opens the event just closed again and appends `lines` (the messages of the lines after it) and `line`:
    /// a record that restates the event's error, e.g. a servlet container's `… with root cause`, blank, stack.
    mutating func rejoin(_ lines: [[UInt8]], then line: DecodedLine, number: Int) {
        isOpen = true
        for between in lines { text.append(0x0A); text.append(contentsOf: between) }
        text.append(0x0A)
        text.append(contentsOf: line.message)
        lineCount += lines.count + 1
        lastLine = number
        phase = .single
        blankHeld = false
    }

    /// Where the message of a Java exception's first stack line (`org.postgresql.util.PSQLException: ERROR: …`:
    /// a class name, maybe qualified, ending in `Exception` or `Error`, then `: `) starts.
    static func javaExceptionMessageStart(_ m: UnsafeRawBufferPointer) -> Int? {
        // Java prints the class fully qualified: a package first, in lower case (`org.postgresql…`), which
        // also passes over every `ERROR:` line at its first byte.
        guard let first = m.first, first >= 0x61, first <= 0x7A else { return nil }
        var i = 1
        while i < m.count, i < 200, m[i] != 0x3A {
            let c = m[i]
            guard (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "_")
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "$") else { return nil }
            i += 1
        }
        guard i + 2 < m.count, m[i] == 0x3A, m[i + 1] == 0x20,
              endsWith(m, at: i, "Exception") || endsWith(m, at: i, "Error") else { return nil }
        return i + 2
    }

    /// True right after a traceback opened the event: the line before it may be its `logging` header.
    var opensWithTraceback: Bool { isOpen && lineCount == 1 && phase == .frames }

    /// True right after a Java exception line without a time or level of its own opened the event
    /// (`org.postgresql.util.PSQLException: FATAL: …`, then `\tat …`): the line before it may be the record
    /// that logged it (`logger.error(msg, e)` in Logback, Log4j, Spring Boot).
    var opensWithJavaStack: Bool {
        // A container's json-file record gives every line the container's time, not a record's head of its own.
        isOpen && lineCount == 1 && phase == .single && (timestamp == nil || openedInEnvelope) && level == nil
            && text.withUnsafeBytes { Self.javaExceptionMessageStart($0) } != nil
    }

    /// The event's first line was a JSON record (Docker's json-file, a platform's export).
    private var openedInEnvelope = false

    /// Takes the record a traceback was logged with as the event's head when it is an error record (`… ERROR
    /// [app.api] Unhandled error on GET /api/items`, `ERROR:    Exception in ASGI application`, gunicorn's `[ERROR]
    /// Error handling request …`): its timestamp, level and logger, and its text, with the rest of its message
    /// (`lines`, between it and the traceback). The level must be in the text itself: platforms tag whole stderr
    /// streams `error` (Railway).
    mutating func adoptHeader(_ line: DecodedLine, lines: [[UInt8]] = [], number: Int) {
        // Logback's `[thread] LEVEL logger - …` after the time the message lost.
        let ownLevel = PlainHeader(line.message).level
            ?? PlainHeader.levelAfterThread(line.message).flatMap { PlainHeader.levelWord(UnsafeRawBufferPointer(rebasing: line.message[$0...])) }
        guard opensWithTraceback || opensWithJavaStack, PlainHeader.isError(ownLevel), !line.message.isEmpty,
              !Self.isIndented(line.message), !Self.startsTraceback(line.message),
              service == nil || line.service == nil || line.service == service else { return }
        prependRecord(line, lines: lines, number: number)
        level = line.level; logger = line.logger ?? logger; service = service ?? line.service
        mayHaveHeadBefore = line.message.count > 9 && (line.message[0] == UInt8(ascii: "S") || line.message[0] == UInt8(ascii: "W"))
    }

    /// Whether a line may be the rest of a record's message, between the record's first line and the traceback
    /// it logged: a line of text with no time or level of its own (a JSON record's time is the platform's).
    static func continuesMessage(_ line: DecodedLine) -> Bool {
        let m = line.message
        guard !m.isEmpty, !isIndented(m), !startsTraceback(m), line.timestamp == nil || line.raw.first == UInt8(ascii: "{") else { return false }
        let header = PlainHeader(m)
        return header.level == nil && header.timestamp == nil
    }

    /// Appends `line` when it continues the open event; false means the event is complete.
    mutating func append(_ line: DecodedLine, number: Int) -> Bool {
        guard isOpen else { return false }
        if phase == .csvRecord {
            appendCSVLine(line.raw)
        } else {
            guard continues(line) else { return false }
            if phase == .single, line.message.isEmpty { blankHeld = true; return true }
            if blankHeld { blankHeld = false; text.append(0x0A); lineCount += 1 }
            text.append(0x0A)
            text.append(contentsOf: line.message)
        }
        lineCount += 1
        lastLine = number
        if level == nil { level = line.level }
        return true
    }

    /// Adds a line of a `csvlog` record; when its last quoted field closes, the event becomes the record.
    private mutating func appendCSVLine(_ raw: UnsafeRawBufferPointer) {
        csvRecord.append(0x0A)
        csvRecord.append(contentsOf: raw)
        text.append(0x0A)
        text.append(contentsOf: raw)
        for byte in raw where byte == UInt8(ascii: "\"") { csvQuoteOpen.toggle() }
        guard !csvQuoteOpen else { return }
        phase = .completeRecord
        let record = csvRecord.withUnsafeBytes { PostgresCSVLog.record($0) }
        guard let record else { return }
        text = record.rendered()
        timestamp = record.timestamp; epoch = record.timestamp.flatMap(Timestamp.epoch(of:))
        level = record.severity.map(DecodedLine.normalizedLevel)
        processID = record.processID; user = record.user; database = record.database; application = record.application
    }

    /// True when the event hit its size bound and must be closed now.
    var isFull: Bool { lineCount >= maxLines || text.count >= maxBytes }

    mutating func close() { isOpen = false }

    /// Closes the event and forgets where it ended: a new input's lines do not follow it.
    mutating func forget() { isOpen = false; lastLine = Int.min / 2 }

    /// Opens the event just closed again, as it was, to offer it a late line.
    mutating func reopen() { isOpen = true }

    private mutating func continues(_ line: DecodedLine) -> Bool {
        if let service, let other = line.service, other != service { return false }
        if let processID, let other = line.processID, other != processID { return false }
        // Without a pid in the prefix, the session's user and database still tell sessions apart.
        if let user, let other = line.user, other != user { return false }
        if let database, let other = line.database, other != database { return false }
        let m = line.message
        switch phase {
        case .csvRecord, .completeRecord:
            return false
        case .insideSQL:
            if m.last == UInt8(ascii: "]") { phase = .afterException }
            return true
        case .frames:
            if Self.startsTraceback(m) || Self.isIndented(m) || m.isEmpty { return true }
            phase = .afterException  // the exception line itself
            return true
        case .afterException:
            if Self.startsTraceback(m) {
                guard sawChainHeader else { return false }
                sawChainHeader = false
                phase = .frames
                return true
            }
            if Self.isChainHeader(m) { sawChainHeader = true; inServerDetail = false; return true }
            if line.isServerContinuation { inServerDetail = true; return true }
            // A detail's text may hold blank lines and lines of any kind (asyncpg's HINT on PgBouncer: a note, a quoted
            // word, then paragraphs of `* ` items): they are the detail's until a line with a time or level of its own.
            if inServerDetail, m.isEmpty || Self.isIndented(m) || Self.continuesServerDetail(m) { return true }
            inServerDetail = false
            if m.hasPrefix("[SQL: ") {
                if m.last != UInt8(ascii: "]") { phase = .insideSQL }
                return true
            }
            return m.isEmpty || Self.isIndented(m) || Self.isSQLAlchemyTrailer(m) || line.isServerContinuation
        case .single:
            // Ruby prints an exception's cause after its backtrace, with the same message (`e.full_message`, an uncaught
            // exception): `…/database_statements.rb:49:in `exec': ERROR:  … (PG::UndefinedColumn)`, then its own frames.
            let afterFrame = afterRubyFrame
            afterRubyFrame = Self.isRubyFrame(m)
            if afterFrame, Self.isRubyExceptionHead(line) { return true }
            if Self.isAsyncioContext(m) { afterAsyncioContext = true; return true }
            if blankHeld { return inDotnetRecord && Self.isIndented(m) }
            if afterAsyncioContext, Self.startsTraceback(m) { phase = .frames; return true }
            if m.isEmpty { return lineCount == 1 || inDotnetRecord }
            if lineCount == 1, PlainHeader.isError(level), Self.startsTraceback(m) {
                phase = .frames  // a `logging` record announcing the traceback that follows
                return true
            }
            return Self.isIndented(m) || line.isServerContinuation || m.hasPrefix("LINE ")
                || (lineCount == 1 && Self.isGormTrace(m))
                // A Java stack's cause (`Caused by: org.postgresql.util.PSQLException: …`) after its frames.
                || (lineCount > 1 && m.hasPrefix("Caused by: "))
                || (lineCount > 1 && (Self.closesInspectedObject(m) || Self.closesRailsMessage(m)))
                || (lineCount == 1 && Self.namesFailedChunk(m, after: text))
                // An error logged with its message, then its stack (NestJS's `ERROR [ExceptionsHandler] msg` and
                // `QueryFailedError: msg` + `    at …`): the stack's first line names the message the line ended with.
                || (lineCount == 1 && line.processID == nil && PlainHeader.isError(level)
                    && Self.restatesMessage(m, of: text))
                || ((m.first ?? 0) &- 0x61 < 26 && takesJavaStack(m, processID: line.processID))
        }
    }

    /// The same in Java (`log.error("lookup failed: " + e.getMessage(), e)`, java.util.logging's `SEVERE: message`
    /// + throwable): the exception's message ends the record's first line. Once per record.
    @inline(never)
    private mutating func takesJavaStack(_ m: UnsafeRawBufferPointer, processID: Int?) -> Bool {
        guard !tookJavaStack, processID == nil,
              PlainHeader.isError(level), Self.javaStackRestates(m, of: text) else { return false }
        tookJavaStack = true
        return true
    }

    /// `m` is a Java exception's first stack line (`org.postgresql.util.PSQLException: ERROR: …`) whose message
    /// ends the first line of `text` (after a space, or is all of it).
    /// Whether a record's message ends `with root cause` (Spring's DispatcherServlet, Tomcat: the exception's stack
    /// follows, without a head of its own), white space after it aside.
    static func endsWithRootCause(_ message: some Collection<UInt8>) -> Bool {
        String(decoding: message, as: UTF8.self).trimmingWhitespace().hasSuffix(" with root cause")
    }

    static func javaStackRestates(_ m: UnsafeRawBufferPointer, of text: [UInt8]) -> Bool {
        guard let start = javaExceptionMessageStart(m) else { return false }
        let message = m[start...]
        let head = text.firstIndex(of: 0x0A) ?? text.count
        guard head >= message.count, text[(head - message.count)..<head].elementsEqual(message) else { return false }
        return head == message.count || text[head - message.count - 1] == 0x20
    }

    /// The head line of a java.util.logging record (`Dec 05, 2026 9:31:07 PM com.acme.Repo find`) before the
    /// `SEVERE: message` line that opened the event: its time, and its source's class as the logger.
    mutating func adoptJULHead(_ head: DecodedLine, number: Int) {
        guard isOpen, timestamp == nil, let time = head.timestamp, head.epoch != nil, head.level == nil else { return }
        timestamp = time; epoch = head.epoch
        let source = head.message.prefix { $0 != 0x20 }
        if !source.isEmpty, logger == nil { logger = String(decoding: source, as: UTF8.self) }
        firstLine = number
    }

    /// True when the event's text starts as a java.util.logging record's second line does (`SEVERE: `,
    /// `WARNING: `) and no time was read for it.
    var opensWithJULMessage: Bool {
        guard mayHaveHeadBefore, timestamp == nil else { return false }
        return text.starts(with: "SEVERE: ".utf8) || text.starts(with: "WARNING: ".utf8)
    }

    /// The opening line's first byte is that of `SEVERE: `, `WARNING: ` or an indent (set by `open`, one comparison):
    /// the event may open with a java.util.logging message (`opensWithJULMessage`) or a line of a .NET console record
    /// (`opensWithDotnetMessage`), whose head is on a line before.
    var mayHaveHeadBefore = false

    /// True right after a line indented as .NET's console logger indents a record's lines (six spaces) opened the
    /// event, without a level of its own (a platform's prefix may give it a time).
    var opensWithDotnetMessage: Bool {
        guard mayHaveHeadBefore, isOpen, lineCount == 1, level == nil, text.count > 6 else { return false }
        return Self.isDotnetRecordLine(text)
    }

    /// A line of a .NET console record after its head: six spaces, then text.
    static func isDotnetRecordLine<C: Collection<UInt8>>(_ m: C) -> Bool where C.Index == Int {
        m.count > 6 && m[m.startIndex + 6] != 0x20 && m[m.startIndex..<(m.startIndex + 6)].allSatisfy { $0 == 0x20 }
    }

    /// Inside a .NET console record: a blank line (Npgsql's message puts one before `POSITION:`) and the indented
    /// lines after it are still the record's.
    private var inDotnetRecord = false

    /// Takes the head of the .NET console record (`fail: Category[EventId]`) and the record's `lines` between it and
    /// the line that opened the event: the event starts at line `number`.
    mutating func adoptDotnetHead(_ head: DecodedLine, lines: [[UInt8]], number: Int) {
        guard opensWithDotnetMessage, service == nil || head.service == nil || head.service == service else { return }
        prependRecord(head, lines: lines, number: number)
        level = head.level; logger = head.logger; service = service ?? head.service
        inDotnetRecord = true
    }

    /// A line of a multi-line DETAIL, HINT or CONTEXT as a driver prints it in an exception message: it starts
    /// with a letter, a quote or a `*` bullet and carries no timestamp or level of its own (a log record's next
    /// line does).
    static func continuesServerDetail(_ m: UnsafeRawBufferPointer) -> Bool {
        guard let first = m.first, (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z")
            || first == UInt8(ascii: "\"") || first == UInt8(ascii: "*") else { return false }
        let header = PlainHeader(m)
        return header.level == nil && header.timestamp == nil
    }

    /// `m` is a JavaScript error's first stack line (`QueryFailedError: relation "x" does not exist`: a
    /// class name ending in `Error` or `Exception`, `: `, a message) whose message ends `line`.
    static func restatesMessage(_ m: UnsafeRawBufferPointer, of line: [UInt8]) -> Bool {
        // A class name in CamelCase (`QueryFailedError`, `Error`): a server's `ERROR:` is passed over at its second byte.
        guard m.count > 1, m[0] >= 0x41, m[0] <= 0x5A, m[1] >= 0x61, m[1] <= 0x7A else { return false }
        var i = 1
        while i < m.count, i < 100, m[i] != 0x3A {
            let c = m[i]
            guard (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "_") else { return false }
            i += 1
        }
        guard i + 2 < m.count, m[i] == 0x3A, m[i + 1] == 0x20,
              endsWith(m, at: i, "Error") || endsWith(m, at: i, "Exception") else { return false }
        let message = m[(i + 2)...]
        return line.count > message.count && line[line.count - message.count - 1] == 0x20
            && line[(line.count - message.count)...].elementsEqual(message)
    }

    private static func endsWith(_ m: UnsafeRawBufferPointer, at end: Int, _ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        return end >= length && bytesEqual(m.baseAddress! + end - length, word.utf8Start, count: length)
    }

    /// The `):` that ends Rails' `Class (message` when the message spans lines (ActionDispatch's
    /// `"#{class} (#{message}):"`, e.g. a pg error with its `LINE` and caret lines).
    static func closesRailsMessage(_ m: UnsafeRawBufferPointer) -> Bool {
        m.count >= 2 && m[0] == UInt8(ascii: ")") && m[1] == UInt8(ascii: ":")
            && m.dropFirst(2).allSatisfy { $0 == 0x20 || $0 == 0x0D }
    }

    /// The `}` (or `]`) that ends an object Node's util.inspect printed over indented lines, e.g. the
    /// properties of a node-postgres error after its stack.
    static func closesInspectedObject(_ m: UnsafeRawBufferPointer) -> Bool {
        guard let first = m.first, first == UInt8(ascii: "}") || first == UInt8(ascii: "]") else { return false }
        return m.dropFirst().allSatisfy { $0 == 0x20 || $0 == UInt8(ascii: ",") || $0 == 0x0D }
    }

    /// The second line of webpack's `ChunkLoadError` message (`Loading chunk 8912 failed.` then `(error: <url>)`,
    /// `(missing: …)` or `(timeout: …)`): a record of its own where a platform splits a message into its lines.
    static func namesFailedChunk(_ m: UnsafeRawBufferPointer, after line: [UInt8]) -> Bool {
        guard m.last == UInt8(ascii: ")"), line.suffix(8).elementsEqual(" failed.".utf8) else { return false }
        let kinds: [StaticString] = ["(error: ", "(missing: ", "(timeout: "]
        return kinds.contains { m.hasPrefix($0) }
    }

    /// The second line of GORM's error trace (`"%s %s\n[%.3fms] [rows:%v] %s"`): the query's time, rows and SQL
    /// after the `file:line error` line.
    static func isGormTrace(_ m: UnsafeRawBufferPointer) -> Bool {
        guard m.count > 12, m[0] == UInt8(ascii: "["), m[1] >= 0x30, m[1] <= 0x39 else { return false }
        var i = 2
        while i < m.count, i < 24, (m[i] >= 0x30 && m[i] <= 0x39) || m[i] == UInt8(ascii: ".") { i += 1 }
        return UnsafeRawBufferPointer(rebasing: m[i...]).hasPrefix("ms] [rows:")
    }

    static func startsTraceback(_ m: UnsafeRawBufferPointer) -> Bool {
        m.hasPrefix(tracebackHeader)
    }

    /// A Ruby backtrace line: `\tfrom shop.rb:39:in `each'`.
    static func isRubyFrame(_ m: UnsafeRawBufferPointer) -> Bool {
        m.count > 6 && m[0] == 0x09 && m[1] == UInt8(ascii: "f") && m[2] == UInt8(ascii: "r") && m[3] == UInt8(ascii: "o")
            && m[4] == UInt8(ascii: "m") && m[5] == 0x20
    }

    /// The first line Ruby prints for an exception: where it was raised, then its message and class,
    /// `…/database_statements.rb:49:in `exec': PG::UndefinedColumn: ERROR:  … (ActiveRecord::StatementInvalid)`
    /// (a quote instead of the backtick since Ruby 3.4).
    static func isRubyExceptionHead(_ line: DecodedLine) -> Bool {
        isRubyExceptionHead(line.message)
            || ((line.written.baseAddress != line.message.baseAddress || line.written.count != line.message.count)
                && isRubyExceptionHead(line.written))
    }

    static func isRubyExceptionHead(_ m: UnsafeRawBufferPointer) -> Bool {
        guard m.count > 12, m.last == UInt8(ascii: ")") else { return false }
        var i = 0
        while i + 4 < m.count {
            if m[i] == UInt8(ascii: "."), m[i + 1] == UInt8(ascii: "r"), m[i + 2] == UInt8(ascii: "b"), m[i + 3] == UInt8(ascii: ":") {
                var j = i + 4
                while j < m.count, m[j] &- 0x30 < 10 { j += 1 }
                if j > i + 4, j + 4 < m.count, m[j] == UInt8(ascii: ":"), m[j + 1] == UInt8(ascii: "i"), m[j + 2] == UInt8(ascii: "n"),
                   m[j + 3] == 0x20, m[j + 4] == UInt8(ascii: "`") || m[j + 4] == UInt8(ascii: "'") {
                    return true
                }
            }
            i += 1
        }
        return false
    }

    static func isIndented(_ m: UnsafeRawBufferPointer) -> Bool {
        m.count > 1 && (m[0] == 0x20 || m[0] == 0x09) && !startsWithNextStatus(m)
    }

    /// Next.js prints its own messages as ` ⨯ Error…`, ` ⚠ …`, ` ✓ Ready`, ` ○ …`, ` » …`: one space, a glyph,
    /// a space. Such a line starts a message of its own; it is not the indented line of the one before.
    static let nextStatusPrefixes: [[UInt8]] = ["⨯", "⚠", "✓", "○", "»"].map { Array(" \($0) ".utf8) }

    static func startsWithNextStatus(_ m: UnsafeRawBufferPointer) -> Bool {
        m.count > 3 && m[1] >= 0x80 && nextStatusPrefixes.contains { m.starts(with: $0) }
    }

    /// A context line of asyncio's default exception handler (`loop.call_exception_handler`), which logs
    /// the message, then `key: repr` per context entry, then the exception's traceback as one record.
    static func isAsyncioContext(_ m: UnsafeRawBufferPointer) -> Bool {
        guard let first = m.first, first == UInt8(ascii: "f") || first == UInt8(ascii: "t") || first == UInt8(ascii: "h") else { return false }
        return m.hasPrefix("future: <Future ") || m.hasPrefix("future: <Task ") || m.hasPrefix("task: <Task ")
            || m.hasPrefix("handle: <Handle ")
    }

    /// The lines Python prints between the tracebacks of a chained exception.
    static let chainHeaders: [StaticString] = ["The above exception was the direct cause", "During handling of the above exception"]

    static func isChainHeader(_ m: UnsafeRawBufferPointer) -> Bool {
        chainHeaders.contains { m.hasPrefix($0) }
    }

    static func isSQLAlchemyTrailer(_ m: UnsafeRawBufferPointer) -> Bool {
        m.hasPrefix("[parameters: ") || m.hasPrefix("(Background on this error")
            || m.hasPrefix("LINE ")
    }
}
