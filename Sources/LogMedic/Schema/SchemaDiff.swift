/// What changed between two snapshots: relations added or removed, and per relation the columns,
/// indexes, foreign keys and CHECK constraints added, removed or (columns only) changed. Relations are
/// matched by schema and name, their parts by name; an index, foreign key or check whose definition
/// changed counts as removed and added. Remediation prints it around a fix.
public struct SchemaDiff: Sendable, Equatable {
    public var addedRelations: [Relation]
    public var removedRelations: [Relation]
    public var changedRelations: [RelationChange]

    public var isEmpty: Bool { addedRelations.isEmpty && removedRelations.isEmpty && changedRelations.isEmpty }

    public init(from old: SchemaSnapshot, to new: SchemaSnapshot) {
        let oldByName = Dictionary(old.relations.map { ($0.qualifiedName, $0) }, uniquingKeysWith: { first, _ in first })
        let newByName = Dictionary(new.relations.map { ($0.qualifiedName, $0) }, uniquingKeysWith: { first, _ in first })
        addedRelations = new.relations.filter { oldByName[$0.qualifiedName] == nil }
        removedRelations = old.relations.filter { newByName[$0.qualifiedName] == nil }
        changedRelations = new.relations.compactMap { relation in
            guard let before = oldByName[relation.qualifiedName], before != relation else { return nil }
            let change = RelationChange(from: before, to: relation)
            return change.isEmpty ? nil : change
        }
    }
}

/// The changes to one relation that exists in both snapshots.
public struct RelationChange: Sendable, Equatable {
    public var schema: String
    public var name: String
    public var kind: Relation.Kind
    /// The kind before, when it changed (e.g. a view replaced by a table).
    public var previousKind: Relation.Kind?
    public var addedColumns: [Column]
    public var removedColumns: [Column]
    public var changedColumns: [ColumnChange]
    public var addedIndexes: [Relation.Index]
    public var removedIndexes: [Relation.Index]
    public var addedForeignKeys: [Relation.ForeignKey]
    public var removedForeignKeys: [Relation.ForeignKey]
    public var addedChecks: [Relation.CheckConstraint]
    public var removedChecks: [Relation.CheckConstraint]

    public init(from before: Relation, to after: Relation) {
        schema = after.schema
        name = after.name
        kind = after.kind
        previousKind = before.kind == after.kind ? nil : before.kind
        let oldColumns = Dictionary(before.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(after.columns.map(\.name))
        addedColumns = after.columns.filter { oldColumns[$0.name] == nil }
        removedColumns = before.columns.filter { !newNames.contains($0.name) }
        changedColumns = after.columns.compactMap { column in
            guard let old = oldColumns[column.name], old != column else { return nil }
            return ColumnChange(before: old, after: column)
        }
        addedIndexes = after.indexes.filter { !before.indexes.contains($0) }
        removedIndexes = before.indexes.filter { !after.indexes.contains($0) }
        addedForeignKeys = after.foreignKeys.filter { !before.foreignKeys.contains($0) }
        removedForeignKeys = before.foreignKeys.filter { !after.foreignKeys.contains($0) }
        addedChecks = after.checkConstraints.filter { !before.checkConstraints.contains($0) }
        removedChecks = before.checkConstraints.filter { !after.checkConstraints.contains($0) }
    }

    public var qualifiedName: String { "\(schema).\(name)" }

    public var isEmpty: Bool {
        previousKind == nil && addedColumns.isEmpty && removedColumns.isEmpty && changedColumns.isEmpty
            && addedIndexes.isEmpty && removedIndexes.isEmpty && addedForeignKeys.isEmpty && removedForeignKeys.isEmpty
            && addedChecks.isEmpty && removedChecks.isEmpty
    }
}

/// A column present in both snapshots whose type, nullability or default changed.
public struct ColumnChange: Sendable, Equatable {
    public var before: Column
    public var after: Column

    public init(before: Column, after: Column) {
        self.before = before
        self.after = after
    }
}
