import Foundation

/// A table-like relation (table, view, materialized view, partitioned or foreign table) and its structure.
public struct Relation: Codable, Sendable, Equatable {
    public var schema: String
    public var name: String
    public var kind: Kind
    /// In ordinal order.
    public var columns: [Column]
    /// Column names of the primary key in key order; empty when there is none.
    public var primaryKey: [String]
    public var uniqueConstraints: [UniqueConstraint]
    public var indexes: [Index]
    public var foreignKeys: [ForeignKey]
    public var checkConstraints: [CheckConstraint]

    public init(
        schema: String, name: String, kind: Kind, columns: [Column], primaryKey: [String] = [],
        uniqueConstraints: [UniqueConstraint] = [], indexes: [Index] = [], foreignKeys: [ForeignKey] = [],
        checkConstraints: [CheckConstraint] = []
    ) {
        self.schema = schema
        self.name = name
        self.kind = kind
        self.columns = columns
        self.primaryKey = primaryKey
        self.uniqueConstraints = uniqueConstraints.sorted { $0.name < $1.name }
        self.indexes = indexes.sorted { $0.name < $1.name }
        self.foreignKeys = foreignKeys.sorted { $0.name < $1.name }
        self.checkConstraints = checkConstraints.sorted { $0.name < $1.name }
    }

    /// Snapshots written before CHECK constraints were recorded decode with none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            schema: try container.decode(String.self, forKey: .schema),
            name: try container.decode(String.self, forKey: .name),
            kind: try container.decode(Kind.self, forKey: .kind),
            columns: try container.decode([Column].self, forKey: .columns),
            primaryKey: try container.decode([String].self, forKey: .primaryKey),
            uniqueConstraints: try container.decode([UniqueConstraint].self, forKey: .uniqueConstraints),
            indexes: try container.decode([Index].self, forKey: .indexes),
            foreignKeys: try container.decode([ForeignKey].self, forKey: .foreignKeys),
            checkConstraints: try container.decodeIfPresent([CheckConstraint].self, forKey: .checkConstraints) ?? [])
    }

    /// What kind of relation this is, named as in the JSON.
    public enum Kind: String, Codable, Sendable {
        case table
        case view
        case materializedView = "materialized_view"
        case partitionedTable = "partitioned_table"
        case foreignTable = "foreign_table"

        /// Words for messages, e.g. "materialized view".
        public var displayName: String { rawValue.replacingOccurrences(of: "_", with: " ") }
    }

    enum CodingKeys: String, CodingKey {
        case schema, name, kind, columns, indexes
        case primaryKey = "primary_key"
        case uniqueConstraints = "unique_constraints"
        case foreignKeys = "foreign_keys"
        case checkConstraints = "check_constraints"
    }

    /// `schema.name`, as it would be written in SQL when both are plain identifiers.
    public var qualifiedName: String { "\(schema).\(name)" }

    /// The column with this name; exact match first, then case-insensitive.
    public func column(named name: String) -> Column? {
        columns.first { $0.name == name } ?? columns.first { $0.name.lowercased() == name.lowercased() }
    }
}

/// A column of a relation.
public struct Column: Codable, Sendable, Equatable {
    public var name: String
    /// As `format_type` prints it, e.g. "timestamp with time zone" or "character varying(255)".
    public var type: String
    public var isNullable: Bool
    /// The default as SQL text (`pg_get_expr`), e.g. "now()"; for a generated column, its generation
    /// expression; nil when the column has neither.
    public var defaultExpression: String?

    public init(name: String, type: String, isNullable: Bool = true, defaultExpression: String? = nil) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.defaultExpression = defaultExpression
    }

    enum CodingKeys: String, CodingKey {
        case name, type
        case isNullable = "is_nullable"
        case defaultExpression = "default_expression"
    }
}
