extension Relation {
    /// A UNIQUE constraint (not a bare unique index: those are in `indexes`).
    public struct UniqueConstraint: Codable, Sendable, Equatable {
        public var name: String
        public var columns: [String]

        public init(name: String, columns: [String]) {
            self.name = name
            self.columns = columns
        }
    }

    /// A CHECK constraint: its name and its definition as `pg_get_constraintdef` prints it
    /// (`CHECK ((status = ANY (ARRAY['new'::text, 'paid'::text])))`).
    public struct CheckConstraint: Codable, Sendable, Equatable {
        public var name: String
        public var definition: String

        public init(name: String, definition: String) {
            self.name = name
            self.definition = definition
        }
    }

    /// An index; `columns` are its key columns, with expressions shown as SQL text.
    public struct Index: Codable, Sendable, Equatable {
        public var name: String
        public var columns: [String]
        public var isUnique: Bool
        public var isPrimary: Bool
        /// The full `CREATE INDEX` statement (`pg_get_indexdef`).
        public var definition: String

        public init(name: String, columns: [String], isUnique: Bool = false, isPrimary: Bool = false, definition: String) {
            self.name = name
            self.columns = columns
            self.isUnique = isUnique
            self.isPrimary = isPrimary
            self.definition = definition
        }

        enum CodingKeys: String, CodingKey {
            case name, columns, definition
            case isUnique = "is_unique"
            case isPrimary = "is_primary"
        }
    }

    /// A FOREIGN KEY constraint from `columns` to `referencedColumns` of another relation.
    public struct ForeignKey: Codable, Sendable, Equatable {
        public var name: String
        public var columns: [String]
        public var referencedSchema: String
        public var referencedTable: String
        public var referencedColumns: [String]
        public var onDelete: Action
        public var onUpdate: Action

        public init(
            name: String, columns: [String], referencedSchema: String, referencedTable: String,
            referencedColumns: [String], onDelete: Action = .noAction, onUpdate: Action = .noAction
        ) {
            self.name = name
            self.columns = columns
            self.referencedSchema = referencedSchema
            self.referencedTable = referencedTable
            self.referencedColumns = referencedColumns
            self.onDelete = onDelete
            self.onUpdate = onUpdate
        }

        /// What happens to referencing rows when the referenced row is deleted or updated.
        public enum Action: String, Codable, Sendable {
            case noAction = "no action"
            case restrict
            case cascade
            case setNull = "set null"
            case setDefault = "set default"
        }

        enum CodingKeys: String, CodingKey {
            case name, columns
            case referencedSchema = "referenced_schema"
            case referencedTable = "referenced_table"
            case referencedColumns = "referenced_columns"
            case onDelete = "on_delete"
            case onUpdate = "on_update"
        }
    }
}
