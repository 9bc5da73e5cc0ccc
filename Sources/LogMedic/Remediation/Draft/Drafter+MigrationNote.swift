extension Drafter {
    /// What a user must do after applying a draft of what a folder's migration creates: the migration tool
    /// still counts that migration as pending, and its next run would fail on the table, column or index that now
    /// exists (`relation … already exists`). The note for the draft and the line `fix --apply` prints once it
    /// is applied, both naming the tool's command when the target's history table or the folder's layout
    /// shows the tool (`advice/migration-tools.yaml`). `parts`: the identities of the indexes and constraints a
    /// column's draft adds with it. Nil when no migration folder's file created them.
    func pendingMigration(tables: [ReferenceCatalog.Table] = [], columns: [(ReferenceCatalog.Table, ReferenceCatalog.Column)] = [],
                          parts: Set<Int> = []) -> (note: String, afterApply: String)? {
        let files = reference.history.creatingFiles(tables: Set(tables.map(\.oid)), columns: columns.map { ($0.0.oid, $0.1.number) }, parts: parts)
        guard !files.isEmpty else { return nil }
        let one = files.count == 1
        let named = "\(one ? "Migration" : "Migrations") \(files.joined(separator: ", "))"
        let tool = tools?.tool(of: files.map { ($0, reference.history.files[$0]?.text ?? "") }, recording: recording)
        let how = tool.flatMap { $0.instruction(for: files, dir: files.last.flatMap { reference.history.files[$0]?.folder }, among: Array(reference.history.files.keys)) }
        let head = "\(named) \(one ? "creates" : "create") it and never ran here"
        guard let tool, let how else {
            return ("\(head): once this is applied, mark \(one ? "that migration" : "those migrations") applied in your migration tool (after checking the draft covers all \(one ? "it does" : "they do")), or the tool's next run fails on what now exists.",
                    "Mark \(named.prefix(1).lowercased() + named.dropFirst()) applied in your migration tool now, or its next run fails on what now exists.")
        }
        let why = recording.contains(tool.name) ? "its \(tool.history.schema.map { "\($0)." } ?? "")\(tool.history.table) table is in this database" : "the folder is laid out for it"
        guard tool.mark != nil else { return ("\(head) (\(tool.name): \(why)). \(how)", how) }
        return ("\(head): once this is applied, mark \(one ? "it" : "them") applied in \(tool.name) (\(why)) after checking the draft covers all \(one ? "it does" : "they do"), or its next run fails on what now exists: \(how)",
                "Mark \(named.prefix(1).lowercased() + named.dropFirst()) applied in \(tool.name) now, or its next run fails on what now exists: \(how)")
    }

    /// A draft's note: what was left out, then what to do after applying it; nil when there is neither.
    static func notes(_ leftOut: [String], _ after: String?) -> String? {
        let parts = (leftOut.isEmpty ? [] : [leftOut.joined(separator: "; ") + "."]) + (after.map { [$0] } ?? [])
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
