/// Checks each problem group against the schema snapshot (and, when given, the source tree).
/// Without a snapshot nothing about the database is guessed: such checks say "not checked".
public struct Correlator: Sendable {
    public let snapshot: SchemaSnapshot?
    public let source: SourceTree?

    public init(snapshot: SchemaSnapshot?, source: SourceTree? = nil) {
        self.snapshot = snapshot
        self.source = source
    }

    public func correlate(_ group: FindingGroup, check: Rule.Check?) -> Correlation {
        switch check {
        case .missingRelation: return missingRelation(group)
        case .missingColumn: return missingColumn(group)
        case .modelAttribute: return modelAttribute(group)
        case .textualSQL: return textualSQL(group)
        case .responseShape: return responseShape(group)
        case nil: return Correlation(check: nil, status: .notApplicable, summary: "No database check applies to this rule.")
        }
    }

    static func notChecked(_ check: Rule.Check, _ what: String) -> Correlation {
        Correlation(check: check, status: .notChecked,
                    summary: "Not checked against the database (no --db or --schema given): \(what).")
    }

    static func qualified(_ relation: Relation) -> String { "\(relation.schema).\(relation.name)" }

    static func describe(_ column: Column) -> String {
        "\(column.name) \(column.type)\(column.isNullable ? "" : " not null")\(column.defaultExpression.map { " default \($0)" } ?? "")"
    }

    /// Existing relations whose names resemble `name`, best first.
    func similarRelations(to name: String, limit: Int = 3) -> [String] {
        guard let snapshot else { return [] }
        return snapshot.relations
            .map { ($0, NameSimilarity.related($0.name, name)) }
            .filter { $0.1 >= 0.6 }
            .sorted { ($1.1, $0.0.name) < ($0.1, $1.0.name) }
            .prefix(limit).map { Self.qualified($0.0) }
    }
}
