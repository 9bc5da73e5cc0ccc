/// A line with its envelope removed: the message bytes plus what the envelope or header said.
///
/// Layouts are detected per line, so they may mix in one stream: a platform wrapper (`docker compose
/// logs -t`, `kubectl logs --prefix --timestamps`, Heroku), then a JSON record (Railway, Docker, journald,
/// PostgreSQL `jsonlog`), a PostgreSQL `csvlog` record, a PostgreSQL stderr line with any
/// `log_line_prefix`, or plain text with a leading timestamp, level and logger name.
struct DecodedLine {
    var message: UnsafeRawBufferPointer
    var timestamp: String?
    var epoch: Double?
    var level: String?
    var service: String?
    /// Owns decoded or rendered message bytes so that `message` stays valid.
    var storage: [UInt8]?
    var malformedJSON = false
    /// The line as read, wrapper and all.
    var raw = UnsafeRawBufferPointer(start: nil, count: 0)
    /// The line as the app wrote it: inside a platform's wrapper, before its header was read (a Ruby exception's
    /// `…rb:49:in `exec': ERROR:  …` reads as a header `…: ERROR:` and a message).
    var written = UnsafeRawBufferPointer(start: nil, count: 0)
    /// The server process of a PostgreSQL line (`[%p]`), so that continuation lines join their own error.
    var processID: Int?
    /// A PostgreSQL `DETAIL:`/`HINT:`/`STATEMENT:`/… line, which belongs to the line before it.
    var isServerContinuation = false
    var user: String?
    var database: String?
    var application: String?
    var logger: String?
    /// A `csvlog` record whose quoted field goes on on the next line.
    var opensCSVRecord = false

    /// A scanner passes its `memo` so that consecutive lines with one PostgreSQL prefix read it once.
    static func decode(_ line: UnsafeRawBufferPointer, memo: ServerPrefixMemo? = nil, body: (inout DecodedLine) -> Void) {
        if memo?.holdsHead == true, readRepeatedHead(line, memo: memo, body: body) { return }
        // Read once here: the Heroku and csvlog layouts both start with one.
        let leadingTimestamp = Timestamp.parseISO(line)
        guard let wrapper = PlatformWrapper.parse(line, leadingTimestamp: leadingTimestamp) else {
            decodeInner(line, leadingTimestamp: leadingTimestamp, memo: memo) { decoded in
                decoded.raw = line
                if decoded.written.baseAddress == nil { decoded.written = line }
                body(&decoded)
            }
            return
        }
        func decodeWrapped(_ inner: UnsafeRawBufferPointer) {
            decodeInner(inner, leadingTimestamp: Timestamp.parseISO(inner), memo: memo) { decoded in
                decoded.raw = line
                if decoded.written.baseAddress == nil { decoded.written = inner }
                let headless = decoded.timestamp == nil && decoded.level == nil
                if decoded.service == nil { decoded.service = wrapper.service }
                // A time of day alone (Elixir's `09:31:07.554 [error] …`) gives way to the platform's instant.
                if decoded.timestamp == nil || (decoded.epoch == nil && wrapper.epoch != nil) {
                    decoded.timestamp = wrapper.timestamp; decoded.epoch = wrapper.epoch
                }
                guard wrapper.trimmed, headless, let indented = PlatformWrapper.reindented(decoded.message) else { return body(&decoded) }
                indented.withUnsafeBytes { bytes in
                    decoded.message = bytes
                    decoded.storage = indented
                    body(&decoded)
                }
            }
        }
        guard let joined = wrapper.joined else { return decodeWrapped(UnsafeRawBufferPointer(rebasing: line[wrapper.innerStart...])) }
        joined.withUnsafeBytes(decodeWrapped)
    }

    /// A server line whose head (timestamp and prefix) the memo holds, read without reading that head again.
    private static func readRepeatedHead(_ line: UnsafeRawBufferPointer, memo: ServerPrefixMemo?, body: (inout DecodedLine) -> Void) -> Bool {
        guard let memo, let (end, processID) = memo.recallHead(line),
              let word = PostgresServerLine.severityWord(in: line, from: max(3, memo.heldHead.timestampLength, end - 2)),
              word.start == end else { return false }
        var decoded = DecodedLine(message: UnsafeRawBufferPointer(rebasing: line[end...]), timestamp: memo.heldHead.timestamp,
                                  epoch: memo.heldHead.epoch, level: word.meaning.level, service: nil)
        decoded.raw = line
        decoded.written = line
        decoded.processID = processID
        decoded.isServerContinuation = word.meaning.isContinuation
        decoded.user = memo.heldHead.user; decoded.database = memo.heldHead.database
        decoded.application = memo.heldHead.application
        body(&decoded)
        return true
    }

    /// Decodes a JSON record when the line looks like one, else the plain-text layouts.
    /// A line that starts like JSON but does not parse keeps what can be salvaged of its message
    /// (else its raw text) and is flagged.
    /// `leadingTimestamp` is `Timestamp.parseISO(line)`.
    private static func decodeInner(_ line: UnsafeRawBufferPointer, leadingTimestamp: Timestamp.ISO?, memo: ServerPrefixMemo?,
                                    body: (inout DecodedLine) -> Void) {
        var first = 0
        while first < line.count, line[first] == 0x20 || line[first] == 0x09 { first += 1 }
        var malformed = false
        if first < line.count, line[first] == UInt8(ascii: "{") {
            let envelope = JSONEnvelope.decode(line)
            if let envelope, let message = envelope.postgres?.rendered() ?? envelope.message {
                var decoded = DecodedLine(
                    message: line, timestamp: envelope.timestamp,
                    epoch: envelope.timestamp.flatMap(Timestamp.epoch(of:)),
                    level: envelope.level.map(normalizedLevel), service: envelope.service)
                decoded.logger = envelope.logger
                if let record = envelope.postgres {
                    decoded.user = record.user; decoded.database = record.database; decoded.application = record.application
                }
                message.withUnsafeBytes { bytes in
                    decoded.message = bytes
                    decoded.written = bytes
                    decoded.readServerPrefix(keepingHeader: true, storage: message, leadingTimestamp: nil, memo: memo, body: body)
                }
                return
            }
            malformed = envelope == nil
            if malformed, let salvaged = JSONEnvelope.salvageMessage(line) {
                salvaged.withUnsafeBytes { bytes in
                    var decoded = DecodedLine(message: bytes, storage: salvaged, malformedJSON: true)
                    body(&decoded)
                }
                return
            }
        }
        if PostgresCSVLog.opensRecord(line, leadingTimestamp: leadingTimestamp) {
            if PostgresCSVLog.isOpen(line) {
                var decoded = DecodedLine(message: line, opensCSVRecord: true)
                decoded.malformedJSON = malformed
                body(&decoded)
                return
            }
            if let record = PostgresCSVLog.record(line) {
                withRecord(record, body: body)
                return
            }
        }
        var decoded = DecodedLine(message: line)
        decoded.malformedJSON = malformed
        decoded.readServerPrefix(keepingHeader: false, storage: nil, leadingTimestamp: leadingTimestamp, memo: memo, body: body)
    }

    /// A rendered `csvlog` record with its fields.
    static func withRecord(_ record: PostgresRecord, body: (inout DecodedLine) -> Void) {
        let text = record.rendered()
        text.withUnsafeBytes { bytes in
            var decoded = DecodedLine(
                message: bytes, timestamp: record.timestamp, epoch: record.timestamp.flatMap(Timestamp.epoch(of:)),
                level: record.severity.map(normalizedLevel), service: nil, storage: text)
            decoded.processID = record.processID
            decoded.user = record.user; decoded.database = record.database; decoded.application = record.application
            body(&decoded)
        }
    }

    /// Cuts a PostgreSQL `log_line_prefix` off the message and reads it; other lines get the plain header
    /// (unless `keepingHeader`: a JSON record's fields say it already). A SQLSTATE printed by `%e` is put
    /// where the server's verbose form has it (`ERROR:  42P01: …`). `leadingTimestamp` is
    /// `Timestamp.parseISO(message)` when the caller has it (`.some(nil)`: there is none), so it is not parsed twice.
    private mutating func readServerPrefix(keepingHeader: Bool, storage: [UInt8]?, leadingTimestamp: Timestamp.ISO??,
                                           memo: ServerPrefixMemo?, body: (inout DecodedLine) -> Void) {
        let m = message
        let leadingLength = leadingTimestamp??.length ?? 0
        guard var server = PostgresServerLine.parse(m, memo: memo, timestampLength: leadingLength),
              server.severityStart == 0 || !Self.isBlank(m[0]) else {
            if !keepingHeader { readPlainHeader(leadingTimestamp: leadingTimestamp) } else { readWrappedPlainHeader() }
            body(&self)
            return
        }
        if server.severityStart > 0, timestamp == nil {
            if leadingLength > 0, leadingLength < server.severityStart {
                // What `PlainHeader` reads from a prefix that starts with an ISO timestamp (the Ruby and
                // bracketed forms start otherwise).
                let head = UnsafeRawBufferPointer(rebasing: m[0..<server.severityStart])
                timestamp = memo?.timestamp(ofHead: head, length: leadingLength, epoch: leadingTimestamp??.epoch,
                                            holding: server.prefix.sqlstate == nil)
                    ?? String(decoding: UnsafeRawBufferPointer(rebasing: m[0..<leadingLength]), as: UTF8.self)
                epoch = leadingTimestamp??.epoch
            } else {
                // A timestamp ending before the prefix does reads the same from the prefix alone (which ends in a
                // non-word byte), so the line's leading one stands for it.
                var known: Timestamp.ISO?? = nil
                if case .some(let iso) = leadingTimestamp, (iso?.length ?? 0) < server.severityStart { known = leadingTimestamp }
                // The memo holds this prefix now.
                var header = memo?.timestampHeader(leadingTimestamp: known)
                    ?? PlainHeader(UnsafeRawBufferPointer(rebasing: m[0..<server.severityStart]), readingLevel: false, reusing: nil, leadingTimestamp: known)
                timestamp = header.timestamp.take(); epoch = header.epoch
            }
        }
        // Fields are moved out of `server` (take), not copied: this runs for every decoded line.
        if level == nil || !keepingHeader {
            level = server.level
        }
        processID = server.prefix.processID
        isServerContinuation = server.isContinuation
        if user == nil { user = server.prefix.user.take() }
        if database == nil { database = server.prefix.database.take() }
        if application == nil { application = server.prefix.application.take() }
        let rest = UnsafeRawBufferPointer(rebasing: m[server.severityStart...])
        if let code = server.prefix.sqlstate, !server.isContinuation, !Self.starts(m, at: server.messageStart, with: code) {
            var text = [UInt8](UnsafeRawBufferPointer(rebasing: m[server.severityStart..<server.messageStart]))
            text += code.utf8
            text += ": ".utf8
            text += UnsafeRawBufferPointer(rebasing: m[server.messageStart...])
            text.withUnsafeBytes { bytes in
                message = bytes
                self.storage = text
                body(&self)
            }
            return
        }
        message = rest
        self.storage = storage
        body(&self)
    }

    private mutating func readPlainHeader(leadingTimestamp: Timestamp.ISO??) {
        let header = PlainHeader(message, readingLevel: true, reusing: nil, leadingTimestamp: leadingTimestamp)
        message = UnsafeRawBufferPointer(rebasing: message[header.messageStart...])
        timestamp = header.timestamp; epoch = header.epoch; level = header.level; logger = header.logger
    }

    /// The header of a plain line a JSON record carries as its message (Docker json-file's `log`, journald's
    /// `MESSAGE`, Railway's or Render's `message`), read as it reads unwrapped: a leading timestamp is cut
    /// from the message and stands for the record's (as under `docker compose logs -t`) unless the two are
    /// more than `clockSkew` apart, and a logging line's level and logger (`… ERROR [app.jobs] …`) say the
    /// event's. A level word alone (`Error connecting…`) only fills a level the record lacks: the record's
    /// own level is the logger's.
    private mutating func readWrappedPlainHeader() {
        guard let first = message.first, !Self.isBlank(first) else { return }
        let header = PlainHeader(message)
        if header.timestamp != nil {
            message = UnsafeRawBufferPointer(rebasing: message[header.messageStart...])
            if let app = header.epoch, abs(app - (epoch ?? app)) <= Self.clockSkew { timestamp = header.timestamp; epoch = app }
        }
        if let word = header.level, level == nil || header.timestamp != nil || header.logger != nil { level = word }
        if let name = header.logger { logger = name }
    }

    /// An app's line time without a zone is read as UTC; further than this from the platform's own time of
    /// the record, it is the app's local time (a container's TZ), and the platform's exact time is kept.
    static let clockSkew: Double = 300

    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    private static func starts(_ m: UnsafeRawBufferPointer, at i: Int, with code: String) -> Bool {
        var k = i
        for byte in code.utf8 {
            guard k < m.count, m[k] == byte else { return false }
            k += 1
        }
        return true
    }

    static func normalizedLevel(_ level: String) -> String {
        if let named = PlainHeader.levels[level.uppercased()] { return named }
        // journald PRIORITY: 0–3 error and worse, 4 warning, 5–6 info, 7 debug. pino and bunyan: 10 trace,
        // 20 debug, 30 info, 40 warn, 50 error, 60 fatal.
        switch Int(level) {
        case .some(0...2), .some(60): return "critical"
        case .some(3), .some(50): return "error"
        case .some(4), .some(40): return "warning"
        case .some(5...6), .some(30): return "info"
        case .some(7), .some(10), .some(20): return "debug"
        default: return level.lowercased()
        }
    }
}
