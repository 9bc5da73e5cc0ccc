/// One log event: a single line or an assembled multi-line record such as a traceback.
///
/// Optional fields are spelled `Optional<…>`: a `T?` var starts as an implicit nil, so the init would
/// assign over it, and that made it build the event, copy it out and destroy the first (once per finding).
public struct LogEvent: Sendable, Codable, Equatable {
    public var source: String
    public var firstLine: Int
    public var lastLine: Int
    public var timestamp: Optional<String>
    public var epoch: Optional<Double>
    public var level: Optional<String>
    public var service: Optional<String>
    /// The message text; lines of a multi-line event are joined with `\n`.
    public var text: String
    /// Database user, database and application of a PostgreSQL server record, when its layout says them.
    public var user: Optional<String>
    public var database: Optional<String>
    public var application: Optional<String>
    /// The Python `logging` logger that wrote the event.
    public var logger: Optional<String>

    public init(source: String, firstLine: Int, lastLine: Int, timestamp: String? = nil, epoch: Double? = nil,
                level: String? = nil, service: String? = nil, text: String, user: String? = nil,
                database: String? = nil, application: String? = nil, logger: String? = nil) {
        self.source = source; self.firstLine = firstLine; self.lastLine = lastLine
        self.timestamp = timestamp; self.epoch = epoch; self.level = level; self.service = service
        self.text = text
        self.user = user; self.database = database; self.application = application; self.logger = logger
    }
}

/// One stack frame found in an event: Python `File "…", line N, in f` or JS `at f (file:line:col)`.
public struct CodeFrame: Sendable, Codable, Equatable, Hashable {
    public var file: String
    public var line: Int
    public var function: String?
    /// Frames in installed packages (site-packages, node_modules, the standard library) and generated or
    /// built-in frames (`<…>`, `node:internal/…`) are not the app's code.
    public var isLibrary: Bool
}
