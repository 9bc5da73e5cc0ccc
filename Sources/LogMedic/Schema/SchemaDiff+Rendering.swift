extension SchemaDiff: CustomStringConvertible {
    /// A human-readable listing: `+` added, `-` removed, `~` changed, one line per change.
    public var description: String {
        // Said as what the diff compares: a function, an enum label or an extension a playbook creates is not in it.
        guard !isEmpty else { return "schema changes: none to tables, columns, indexes or constraints (the diff compares only these; functions, types, sequences, extensions and grants are for verify to check)" }
        var lines = ["schema changes: \(addedRelations.count) added, \(removedRelations.count) removed, "
            + "\(changedRelations.count) changed"]
        lines += addedRelations.map { "+ \($0.kind.displayName) \($0.qualifiedName) (\(Self.count($0.columns.count, "column")))" }
        lines += removedRelations.map { "- \($0.kind.displayName) \($0.qualifiedName)" }
        for change in changedRelations {
            let kind = change.previousKind.map { "\($0.displayName) → " } ?? ""
            lines.append("~ \(kind)\(change.kind.displayName) \(change.qualifiedName)")
            lines += change.addedColumns.map { "    + column \($0.name) \(Self.describe($0))" }
            lines += change.removedColumns.map { "    - column \($0.name) \(Self.describe($0))" }
            lines += change.changedColumns.map {
                "    ~ column \($0.after.name): \(Self.describe($0.before)) → \(Self.describe($0.after))"
            }
            lines += change.removedIndexes.map { "    - index \($0.name): \($0.definition)" }
            lines += change.addedIndexes.map { "    + index \($0.name): \($0.definition)" }
            lines += change.removedForeignKeys.map { "    - foreign key \(Self.describe($0))" }
            lines += change.addedForeignKeys.map { "    + foreign key \(Self.describe($0))" }
            lines += change.removedChecks.map { "    - check \($0.name): \($0.definition)" }
            lines += change.addedChecks.map { "    + check \($0.name): \($0.definition)" }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ column: Column) -> String {
        column.type + (column.isNullable ? " NULL" : " NOT NULL")
            + (column.defaultExpression.map { " DEFAULT \($0)" } ?? "")
    }

    static func describe(_ key: Relation.ForeignKey) -> String {
        var text = "\(key.name): (\(key.columns.joined(separator: ", "))) → "
            + "\(key.referencedSchema).\(key.referencedTable) (\(key.referencedColumns.joined(separator: ", ")))"
        if key.onDelete != .noAction { text += " ON DELETE \(key.onDelete.rawValue.uppercased())" }
        if key.onUpdate != .noAction { text += " ON UPDATE \(key.onUpdate.rawValue.uppercased())" }
        return text
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
