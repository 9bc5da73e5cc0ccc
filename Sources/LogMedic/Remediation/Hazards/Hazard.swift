/// One risk of running a statement on a live database, named as Stripe's pg-schema-diff names them where it
/// has a name (`ACQUIRES_ACCESS_EXCLUSIVE_LOCK`, `INDEX_BUILD`, `DELETES_DATA`, …). Some are refused outright:
/// logmedic will not draft or run them as one step, and says what to do instead.
public struct Hazard: Sendable, Codable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, Equatable {
        case accessExclusiveLock = "ACQUIRES_ACCESS_EXCLUSIVE_LOCK"
        case shareRowExclusiveLock = "ACQUIRES_SHARE_ROW_EXCLUSIVE_LOCK"
        case shareLock = "ACQUIRES_SHARE_LOCK"
        case tableRewrite = "TABLE_REWRITE"
        case tableScan = "TABLE_SCAN"
        case indexBuild = "INDEX_BUILD"
        case foreignKeyValidation = "FOREIGN_KEY_VALIDATION"
        case deletesData = "DELETES_DATA"
        case indexDropped = "INDEX_DROPPED"
        case notNullWithoutDefault = "NOT_NULL_WITHOUT_DEFAULT"
        case nonTransactional = "NON_TRANSACTIONAL"
    }

    public var kind: Kind
    /// e.g. `ACCESS EXCLUSIVE on public.invoices`.
    public var message: String
    /// How to get the same result safely, for refused hazards.
    public var alternative: String?

    public init(_ kind: Kind, _ message: String, alternative: String? = nil) {
        self.kind = kind
        self.message = message
        self.alternative = alternative
    }

    /// Refused: logmedic will not run this as one statement in its transaction.
    public var refuses: Bool { kind == .notNullWithoutDefault || kind == .nonTransactional }

    public var description: String { "\(kind.rawValue): \(message)\(refuses ? " (refused)" : "")" }
}

/// What the classifier knows about an existing table on the target; nil for a table that does not exist
/// (created earlier in the same script: nobody else can see it, so its locks and builds cost nothing).
public struct TableFacts: Sendable, Equatable {
    /// `pg_class.reltuples`, nil when the table was never analyzed.
    public var estimatedRows: Int?
    /// Whether it holds at least one row (exact).
    public var hasRows: Bool
    /// Each column's type as `format_type` prints it (`character varying(30)`), by column name.
    public var columnTypes: [String: String]

    public init(estimatedRows: Int?, hasRows: Bool, columnTypes: [String: String] = [:]) {
        self.estimatedRows = estimatedRows
        self.hasRows = hasRows
        self.columnTypes = columnTypes
    }

    var rowsText: String {
        if let estimatedRows { return "\(estimatedRows) row\(estimatedRows == 1 ? "" : "s") (pg_class.reltuples)" }
        return hasRows ? "rows not yet counted (never analyzed)" : "no rows"
    }
}
