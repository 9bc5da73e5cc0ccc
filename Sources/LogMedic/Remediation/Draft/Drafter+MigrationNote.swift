extension Drafter {
    /// What a user must do after applying a draft of what a folder's migration creates: the migration tool
    /// still counts that migration as pending, and its next run would fail on the table or column that now
    /// exists (`relation … already exists`). Nil when no migration folder's file created them.
    func pendingMigrationNote(tables: [ReferenceCatalog.Table] = [], columns: [(ReferenceCatalog.Table, ReferenceCatalog.Column)] = []) -> String? {
        var files: [String] = []
        let found = tables.map { reference.history.creatingFile(of: .table, oid: $0.oid) }
            + columns.map { reference.history.creatingFile(of: .column, oid: $0.0.oid, number: $0.1.number) }
        for case let file? in found where !files.contains(file) { files.append(file) }
        guard !files.isEmpty else { return nil }
        let one = files.count == 1
        return "\(one ? "Migration" : "Migrations") \(files.joined(separator: ", ")) \(one ? "creates" : "create") it and never ran here: once this is applied, mark \(one ? "that migration" : "those migrations") applied in your migration tool (after checking the draft covers all \(one ? "it does" : "they do")), or the tool's next run fails on what now exists."
    }

    /// A draft's note: what was left out, then what to do after applying it; nil when there is neither.
    static func notes(_ leftOut: [String], _ after: String?) -> String? {
        let parts = (leftOut.isEmpty ? [] : [leftOut.joined(separator: "; ") + "."]) + (after.map { [$0] } ?? [])
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
