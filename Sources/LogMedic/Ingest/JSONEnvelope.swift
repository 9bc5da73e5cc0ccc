/// The fields logmedic reads from a JSON log record (Railway, Docker json-file, journald, generic).
public struct Envelope: Sendable {
    public var message: [UInt8]?
    public var level: String?
    public var timestamp: String?
    public var service: String?
    public var logger: String?
    /// The fields of a PostgreSQL `jsonlog` record, when the record has `error_severity`.
    var postgres: PostgresRecord?
}

/// A small, allocation-light reader for one JSON object per line. It never recurses on the input,
/// so deeply nested or huge records cannot exhaust the stack; anything malformed returns nil.
public enum JSONEnvelope {
    /// Key → field, earlier entries winning when a record has several (e.g. `message` and `log`).
    /// `event` is structlog's.
    static let messageKeys = ["message", "msg", "log", "MESSAGE", "textPayload", "event"]
    /// Where JSON logging libraries put the traceback of a logged exception, apart from the message:
    /// python-json-logger `exc_info`, structlog `exception`, logstash-logback-encoder `stack_trace`,
    /// the `error` string of zap and logrus, and an `err` (or `error`) object: pino/bunyan `stack`, ECS
    /// `stack_trace` with `type` and `message`.
    /// It is read as the message's next lines.
    static let exceptionKeys = ["exc_info", "exception", "stack_trace", "stacktrace", "traceback", "exc_text", "stack", "error", "err"]
    static let errorObjectKeys: Set<String> = ["err", "error"]
    /// The same error object's fields as flat dotted keys (ECS's `error.message` and `error.stack_trace` as ecs-logging
    /// writes them flat, a logger that flattens `err`).
    static let flatErrorKeys: [String: FlatError.Part] = [
        "error.stack_trace": .stack, "error.stack": .stack, "err.stack": .stack,
        "error.message": .message, "err.message": .message, "error.type": .type, "err.type": .type,
    ]
    struct FlatError {
        enum Part { case stack, message, type }
        var stack: [UInt8]?, message: [UInt8]?, type: [UInt8]?

        mutating func set(_ part: Part, _ value: [UInt8]?) {
            switch part {
            case .stack: stack = value
            case .message: message = value
            case .type: type = value
            }
        }
    }
    /// Where `error` and `err` start in `exceptionKeys`: a string there is an error's text (zap, logrus).
    static let errorStringRank = exceptionKeys.firstIndex(of: "error")!
    /// `log.level` is Elastic Common Schema's (ecs-logging).
    static let levelKeys = ["level", "severity", "levelname", "lvl", "PRIORITY", "log.level"]
    /// `asctime` is Python `logging`'s (python-json-logger).
    static let timestampKeys = ["timestamp", "time", "ts", "@timestamp", "__REALTIME_TIMESTAMP", "datetime", "asctime"]
    static let serviceKeys = ["service", "serviceName", "service_name", "_SYSTEMD_UNIT", "SYSLOG_IDENTIFIER", "container_name", "app"]
    /// The logger's name: structlog's `logger`, logstash-logback-encoder's `logger_name`, ECS's `log.logger`,
    /// python-json-logger's `name` (`%(name)s`).
    static let loggerKeys = ["logger", "logger_name", "log.logger", "name"]
    /// A request an app logs as a structured record (structlog's `log.info("request", method=…, path=…,
    /// status=…)`, a JSON access-log middleware): its method, path and status, all three or none.
    static let requestKeys = (method: ["method", "http_method", "request_method"], path: ["path", "request_path", "url_path"],
                              status: ["status", "status_code", "statusCode"])
    static let httpMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    /// Whether `key` may be one of `loggerKeys`: by its first byte, as most keys of a record are not.
    @inline(__always)
    static func mayNameLogger(_ key: String) -> Bool {
        let first = key.utf8.first
        return first == UInt8(ascii: "l") || first == UInt8(ascii: "n")
    }

    /// Nested objects searched (one level) for service, level and logger when the top level lacks them;
    /// `log` is ECS's object of `logger` and `origin` (ecs-logging writes `log.level` dotted, the rest nested).
    static let nestedKeys: Set<String> = ["tags", "attributes", "labels", "fields", "resource", "kubernetes", "log"]
    /// Objects that hold the app's own record, read like the top level below it: Google Cloud Logging's
    /// `jsonPayload` (a structured app log on Cloud Run, GKE, App Engine).
    static let payloadKeys: Set<String> = ["jsonPayload"]
    /// The field of a PostgreSQL `jsonlog` record (PostgreSQL 15+) a key holds, besides `message` and
    /// `timestamp`. Asked only for keys no other field claims, so most records never get here.
    static func postgresField(_ key: String) -> WritableKeyPath<PostgresRecord, String?>? {
        switch key {
        case "error_severity": \.severity
        case "state_code": \.sqlstate
        case "detail": \.detail
        case "hint": \.hint
        case "statement": \.statement
        case "context": \.context
        case "internal_query": \.internalQuery
        case "user": \.user
        case "dbname": \.database
        case "application_name": \.application
        default: nil
        }
    }

    /// The message of a damaged record (cut off mid-way, as crashed exporters leave them), decoded
    /// up to where it ends, so a finding in it is not lost.
    public static func salvageMessage(_ line: UnsafeRawBufferPointer) -> [UInt8]? {
        var reader = JSONReader(line)
        guard reader.seek(toValueOf: messageKeys) else { return nil }
        return reader.readStringBytes(lenient: true)
    }

    /// An error object's text: its stack, then `type: message` unless the stack already says it (pino's
    /// stack starts with the message; ECS's `stack_trace` holds the frames only).
    static func errorText(stack: [UInt8]?, message: [UInt8]?, type: [UInt8]?) -> [UInt8]? {
        var text = stack ?? []
        guard let message, !message.isEmpty, !contains(text, message) else { return text.isEmpty ? nil : text }
        text = withoutLineEnds(text, spaces: true)
        if !text.isEmpty { text.append(0x0A) }
        if let type, !type.isEmpty { text += type + Array(": ".utf8) }
        return text + message
    }

    private static func contains(_ text: [UInt8], _ part: [UInt8]) -> Bool {
        guard part.count <= text.count else { return false }
        return text.withUnsafeBytes { t in part.withUnsafeBytes { p in ByteSearch.contains(t, p) } }
    }

    /// A record whose message is itself one JSON record (an app logging JSON to stdout under Docker's
    /// json-file `log`, journald's `MESSAGE`, a collector's `message`) reads as the inner record: its
    /// message, traceback, level and PostgreSQL fields (journald's PRIORITY for a service's stdout is 6 whatever
    /// the app logged); the outer record's time and service stay where it has them (the engine's time, the
    /// container's name), the inner one fills the rest. One level only.
    public static func decode(_ line: UnsafeRawBufferPointer) -> Envelope? {
        guard var outer = decodeRecord(line) else { return nil }
        guard let message = outer.message, outer.postgres == nil, opensObject(message) else { return outer }
        let inner: Envelope? = message.withUnsafeBytes { decodeRecord($0) }
        guard let inner, inner.message != nil || inner.postgres != nil else { return outer }
        outer.message = inner.message
        outer.postgres = inner.postgres
        outer.level = inner.level ?? outer.level
        outer.logger = inner.logger ?? outer.logger
        outer.timestamp = outer.timestamp ?? inner.timestamp
        outer.service = outer.service ?? inner.service
        if var record = outer.postgres { record.timestamp = outer.timestamp; outer.postgres = record }
        return outer
    }

    /// structlog's `dict_tracebacks` (`"exception": [{"exc_type", "exc_value", "is_cause", "frames": [{"filename",
    /// "lineno", "name"}]}, …]`: the exception logged first, then what caused it) as the traceback Python prints,
    /// the first cause first; nil unless every exception has a type.
    static func traceback(ofExceptionList reader: inout JSONReader) -> [UInt8]? {
        var blocks: [(text: [UInt8], isCause: Bool)] = []
        let read = reader.readArray { reader in
            var type: [UInt8]?, value: [UInt8]?, isCause = false
            var text = Array("Traceback (most recent call last):".utf8)
            let read = reader.readObject { key, reader in
                switch key {
                case "exc_type": type = reader.readStringBytes(); return type != nil
                case "exc_value": value = reader.readStringBytes(); return value != nil || reader.skipValue()
                case "is_cause": isCause = reader.readScalarText() == "true"; return true
                case "frames": return reader.readArray { reader in frame(&reader, into: &text) }
                default: return reader.skipValue()
                }
            }
            guard read, let type else { return false }
            text += [0x0A] + type + (value.map { $0.isEmpty ? [] : Array(": ".utf8) + $0 } ?? [])
            blocks.append((text, isCause))
            return true
        }
        guard read, !blocks.isEmpty else { return nil }
        var text: [UInt8] = []
        for (cause, block) in blocks.reversed().enumerated() {
            if cause > 0 {
                let header = blocks[blocks.count - cause].isCause
                    ? "The above exception was the direct cause of the following exception:"
                    : "During handling of the above exception, another exception occurred:"
                text += Array("\n\n\(header)\n\n".utf8)
            }
            text += block.text
        }
        return text
    }

    /// One frame of `traceback(ofExceptionList:)` as Python prints it (`  File "…", line N, in name`), after a newline.
    private static func frame(_ reader: inout JSONReader, into text: inout [UInt8]) -> Bool {
        var file: [UInt8]?, line: String?, function: [UInt8]?
        let read = reader.readObject { key, reader in
            switch key {
            case "filename": file = reader.readStringBytes(); return file != nil
            case "lineno": line = reader.readScalarText(); return true
            case "name": function = reader.readStringBytes(); return function != nil
            default: return reader.skipValue()
            }
        }
        if let file {
            text += Array("\n  File \"".utf8) + file + Array("\", line \(line ?? "0"), in ".utf8) + (function ?? Array("<module>".utf8))
        }
        return read
    }

    private static func opensObject(_ text: [UInt8]) -> Bool {
        guard let first = text.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), text[first] == UInt8(ascii: "{") else { return false }
        return text.last(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) == UInt8(ascii: "}")
    }

    static func decodeRecord(_ line: UnsafeRawBufferPointer) -> Envelope? {
        var reader = JSONReader(line)
        var envelope = Envelope()
        var ranks = (message: Int.max, level: Int.max, timestamp: Int.max, service: Int.max, exception: Int.max, logger: Int.max)
        var exception: [UInt8]?
        var errorString: [UInt8]?
        var flatError = FlatError()
        var postgres = PostgresRecord()
        var request: (method: String?, path: String?, status: String?) = (nil, nil, nil)
        let ok = reader.readObject { key, reader in
            if let rank = messageKeys.firstIndex(of: key), rank < ranks.message, let value = reader.readStringBytes() {
                envelope.message = value; ranks.message = rank; return true
            }
            // journalctl -o json: a MESSAGE with a control character (a colour code) or invalid UTF-8 is an array of its bytes.
            if key == "MESSAGE", let rank = messageKeys.firstIndex(of: key), rank < ranks.message, reader.peek == UInt8(ascii: "[") {
                var probe = reader
                if let value = probe.readByteArray() { reader = probe; envelope.message = value; ranks.message = rank; return true }
            }
            if let rank = levelKeys.firstIndex(of: key), rank < ranks.level, let value = reader.readScalarText() {
                envelope.level = value; ranks.level = rank; return true
            }
            if let rank = timestampKeys.firstIndex(of: key), rank < ranks.timestamp, let value = reader.readScalarText() {
                envelope.timestamp = value; ranks.timestamp = rank; return true
            }
            if let rank = serviceKeys.firstIndex(of: key), rank < ranks.service, let value = reader.readScalarText() {
                envelope.service = value; ranks.service = rank; return true
            }
            if Self.mayNameLogger(key), let rank = loggerKeys.firstIndex(of: key), rank < ranks.logger, reader.peek == UInt8(ascii: "\""),
               let value = reader.readScalarText() {
                envelope.logger = value; ranks.logger = rank; return true
            }
            if let rank = exceptionKeys.firstIndex(of: key), reader.peek == UInt8(ascii: "\"") {
                if rank < ranks.exception, let value = reader.readStringBytes() {
                    exception = value; ranks.exception = rank
                    if rank >= errorStringRank { errorString = value }
                    return true
                }
                // zap's `error` next to its `stacktrace`: the error's text, which the stack lacks.
                if rank >= errorStringRank, let value = reader.readStringBytes() { errorString = value; return true }
            }
            if let rank = exceptionKeys.firstIndex(of: key), rank < ranks.exception, reader.peek == UInt8(ascii: "[") {
                var probe = reader
                if let text = Self.traceback(ofExceptionList: &probe) { reader = probe; exception = text; ranks.exception = rank; return true }
            }
            if key.utf8.first == UInt8(ascii: "e"), reader.peek == UInt8(ascii: "\""), let part = flatErrorKeys[key] {
                let value = reader.readStringBytes()
                flatError.set(part, value)
                return value != nil
            }
            if errorObjectKeys.contains(key), reader.peek == UInt8(ascii: "{") {
                var stack: [UInt8]?, text: [UInt8]?, type: [UInt8]?
                let read = reader.readObject { inner, reader in
                    guard reader.peek == UInt8(ascii: "\"") else { return reader.skipValue() }
                    switch inner {
                    case "stack", "stack_trace": stack = reader.readStringBytes(); return stack != nil
                    case "message": text = reader.readStringBytes(); return text != nil
                    case "type": type = reader.readStringBytes(); return type != nil
                    default: return reader.skipValue()
                    }
                }
                if exception == nil { exception = Self.errorText(stack: stack, message: text, type: type) }
                return read
            }
            if payloadKeys.contains(key), reader.peek == UInt8(ascii: "{") {
                return reader.readObject { inner, reader in
                    // Ranked after every top-level key, so that a record's own message wins.
                    if let rank = messageKeys.firstIndex(of: inner).map({ $0 + messageKeys.count }), rank < ranks.message,
                       let value = reader.readStringBytes() {
                        envelope.message = value; ranks.message = rank; return true
                    }
                    if let rank = exceptionKeys.firstIndex(of: inner).map({ $0 + exceptionKeys.count }), rank < ranks.exception,
                       reader.peek == UInt8(ascii: "\""), let value = reader.readStringBytes() {
                        exception = value; ranks.exception = rank; return true
                    }
                    return reader.skipValue()
                }
            }
            if nestedKeys.contains(key), reader.peek == UInt8(ascii: "{") {
                return reader.readObject { inner, reader in
                    if envelope.service == nil, serviceKeys.contains(inner), let value = reader.readScalarText() {
                        envelope.service = value; return true
                    }
                    if envelope.level == nil, levelKeys.contains(inner), let value = reader.readScalarText() {
                        envelope.level = value; return true
                    }
                    if envelope.logger == nil, Self.mayNameLogger(inner), loggerKeys.contains(inner), reader.peek == UInt8(ascii: "\""),
                       let value = reader.readScalarText() {
                        envelope.logger = value; return true
                    }
                    return reader.skipValue()
                }
            }
            if let field = postgresField(key) {
                postgres[keyPath: field] = reader.readScalarText(); return true
            }
            if requestKeys.method.contains(key), let value = reader.readScalarText() { request.method = value; return true }
            if requestKeys.path.contains(key), let value = reader.readScalarText() { request.path = value; return true }
            if requestKeys.status.contains(key), let value = reader.readScalarText() { request.status = value; return true }
            return reader.skipValue()
        }
        guard ok, reader.atEndIgnoringWhitespace else { return nil }
        if exception == nil { exception = Self.errorText(stack: flatError.stack, message: flatError.message, type: flatError.type) }
        if let errorString, let stack = exception, ranks.exception < errorStringRank, !errorString.isEmpty,
           stack.firstRange(of: errorString) == nil {
            exception = errorString + [0x0A] + stack
        }
        // A record with both (a traceback not in the message) reads as the logging line and the traceback under it.
        if let exception = exception.map({ withoutLineEnds($0, spaces: true) }), postgres.severity == nil {
            if !exception.isEmpty {
                // The request an error record names (structlog's bound method and path): said on its logging line, where
                // `ingest/request-names.yaml` reads it.
                // With its status too when the record is the request's response as well (pino's one record per failed
                // request: method, path, status 500 and the error), which the scanner puts on the time line.
                if let named = requestLine(method: request.method, path: request.path, status: request.status)
                    ?? requestWords(method: request.method, path: request.path), let message = envelope.message {
                    envelope.message = withoutLineEnds(message) + named
                }
                if let message = envelope.message.map({ withoutLineEnds($0) }), !message.isEmpty {
                    if !message.suffix(exception.count).elementsEqual(exception) { envelope.message = message + [0x0A] + exception }
                } else {
                    envelope.message = exception
                }
            }
        }
        if let word = postgres.severity, let message = envelope.message {
            postgres.severity = SeverityWords.english(word) ?? word
            postgres.message = String(decoding: message, as: UTF8.self)
            postgres.timestamp = envelope.timestamp
            envelope.postgres = postgres
            envelope.level = postgres.severity
        }
        // Docker's json-file keeps the line terminator inside "log".
        envelope.message = envelope.message.map { withoutLineEnds($0) }
        if exception == nil, postgres.severity == nil, let message = envelope.message,
           let line = requestLine(method: request.method, path: request.path, status: request.status) {
            envelope.message = message + line
        }
        return envelope
    }

    /// A structured request's fields as the access-log words `http_request` reads (` method=GET path="/x" status=500`),
    /// after the record's message; nil unless the method is an HTTP method, the path absolute and the status 100–599.
    static func requestLine(method: String?, path: String?, status: String?) -> [UInt8]? {
        guard let words = requestWords(method: method, path: path), let status, let code = Int(status), (100...599).contains(code) else { return nil }
        return words + Array(" status=\(code)".utf8)
    }

    /// ` method=GET path="/x"`; nil unless the method is an HTTP method and the path absolute.
    static func requestWords(method: String?, path: String?) -> [UInt8]? {
        guard let method, httpMethods.contains(method), let path, path.hasPrefix("/"), !path.contains("\""), !path.contains(" ") else { return nil }
        return Array(" method=\(method) path=\"\(path)\"".utf8)
    }

    /// `bytes` without the line ends (and, with `spaces`, the spaces) it ends in.
    private static func withoutLineEnds(_ bytes: [UInt8], spaces: Bool = false) -> [UInt8] {
        var bytes = bytes
        while let last = bytes.last, last == 0x0A || last == 0x0D || (spaces && last == 0x20) { bytes.removeLast() }
        return bytes
    }
}
