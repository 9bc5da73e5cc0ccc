extension Drafter {
    /// What a user must do after applying a draft of what a folder's migration creates: the migration tool
    /// still counts that migration as pending, and its next run would fail on the table, column or index that now
    /// exists (`relation … already exists`). The note for the draft and the line `fix --apply` prints once it
    /// is applied, both naming the tool's command when the target's history table or the folder's layout
    /// shows the tool (`advice/migration-tools.yaml`). When that history table records the migration (applied,
    /// failed or rolled back), the note says so, and one recorded as applied is not to be marked again: it ran,
    /// and what it created went missing since. `parts`: the identities of the indexes and constraints a column's
    /// draft adds with it, or the functions and column defaults (`pg_attrdef`) it creates; `nullable`: the columns
    /// (table oid, number) it makes nullable. `changes`: the draft changes what exists rather than creating it.
    /// Nil when no migration folder's file created them.
    func pendingMigration(tables: [ReferenceCatalog.Table] = [], columns: [(ReferenceCatalog.Table, ReferenceCatalog.Column)] = [],
                          parts: Set<Int> = [], nullable: [(oid: Int, number: Int)] = [],
                          changes: Bool = false) throws -> PendingMigration? {
        try pendingMigration(files: reference.history.creatingFiles(tables: Set(tables.map(\.oid)), columns: columns.map { ($0.0.oid, $0.1.number) },
                                                                    parts: parts, nullable: nullable), changes: changes)
    }

    /// The note and the after-apply line of a draft of what the folder's migration files `created` make (a rename's).
    struct PendingMigration {
        var note: String
        var afterApply: String?
        /// The files to mark applied (those the history table does not record as applied).
        var files: [String]
    }

    func pendingMigration(files created: [String], changes: Bool) throws -> PendingMigration? {
        guard !created.isEmpty else { return nil }
        let tool = tools?.tool(of: created.map { ($0, reference.history.files[$0]?.text ?? "") }, recording: Set(recording.keys))
        // Read from the history table once: the folder the files lie in when they lie in none of their own.
        let folder = try tool.flatMap { try self.folder(by: $0) }
        let records = try tool.map { try self.records(of: created, by: $0, folder: folder) } ?? [:]
        let verb = changes ? (created.count == 1 ? "makes this change" : "make this change") : (created.count == 1 ? "creates it" : "create it")
        var head = "\(created.count == 1 ? "Migration" : "Migrations") \(created.joined(separator: ", ")) \(verb)"
        if let tool, !records.isEmpty {
            func said(_ which: String, _ record: MigrationTool.Record?) -> String {
                record.map { "\(which) as \($0.state)\($0.at.map { " on \($0)" } ?? "")" } ?? "\(which) not at all"
            }
            let alike = records.count == created.count && Set(records.values.map { [$0.state, $0.at ?? ""] }).count == 1
            let said = created.count == 1 ? [said("it", records[created[0]])]
                : alike ? [said("them all", records[created[0]])] : created.map { said($0, records[$0]) }
            head += ", and this database's \(tool.history.schema.map { "\($0)." } ?? "")\(tool.history.table) records \(said.joined(separator: ", "))"
        } else {
            head += " and never ran here"
        }
        let files = created.filter { records[$0]?.state != "applied" }
        guard !files.isEmpty else {
            let one = created.count == 1
            return PendingMigration(note: "\(head): \(one ? "it" : "they") ran here, and what \(one ? "it" : "they") \(changes ? "changed was undone" : "created was removed") since (by hand, or by a restore of an older backup). Do not mark \(one ? "it" : "them") applied again: once this is applied, the database matches its history.", files: [])
        }
        let one = files.count == 1, all = files == created
        let lowered = "\(one ? "migration" : "migrations") \(files.joined(separator: ", "))"
        let how = tool.flatMap {
            $0.instruction(for: files, dir: files.last.flatMap { reference.history.files[$0]?.folder }, among: Array(reference.history.files.keys),
                           folder: folder, revisions: reference.history.revisions(from:))
        }
        guard let tool, let how else {
            return PendingMigration(
                note: "\(head): once this is applied, mark \(all ? (one ? "that migration" : "those migrations") : lowered) applied in your migration tool (after checking the draft covers all \(one ? "it does" : "they do")), or the tool's next run fails on what now exists.",
                afterApply: "Mark \(lowered) applied in your migration tool now, or its next run fails on what now exists.", files: files)
        }
        let why = recording[tool.name] != nil ? "its \(tool.history.schema.map { "\($0)." } ?? "")\(tool.history.table) table is in this database" : "the folder is laid out for it"
        guard tool.mark != nil else { return PendingMigration(note: "\(head) (\(tool.name): \(why)). \(how)", afterApply: how, files: files) }
        return PendingMigration(
            note: "\(head): once this is applied, mark \(all ? (one ? "it" : "them") : lowered) applied in \(tool.name) (\(why)) after checking the draft covers all \(one ? "it does" : "they do"), or its next run fails on what now exists: \(how)",
            afterApply: "Mark \(lowered) applied in \(tool.name) now, or its next run fails on what now exists: \(how)", files: files)
    }

    /// What the target's history table records of a folder's migration `file` that changed what a draft puts back
    /// (`undone`: what was undone since, if it ran), and whether that is applied; nil when no history table records it.
    func historyRecord(of file: String, undone: String) throws -> (said: String, applied: Bool)? {
        guard let text = reference.history.files[file]?.text, let tool = tools?.tool(of: [(file, text)], recording: Set(recording.keys)),
              let record = try records(of: [file], by: tool, folder: try folder(by: tool))[file] else { return nil }
        let said = "this database's \(tool.history.schema.map { "\($0)." } ?? "")\(tool.history.table) records \(file) as \(record.state)\(record.at.map { " on \($0)" } ?? "")"
        return record.state == "applied" ? ("\(said), so \(undone) since, by hand or by a restore of an older backup", true) : (said, false)
    }

    /// What the tool's history table in the target records of each of `files` (those it records).
    private func records(of files: [String], by tool: MigrationTool, folder: String?) throws -> [String: MigrationTool.Record] {
        guard let table = recording[tool.name] else { return [:] }
        var records: [String: MigrationTool.Record] = [:]
        for file in files {
            records[file] = try tool.record(of: file, dir: reference.history.files[file]?.folder, among: Array(reference.history.files.keys),
                                            folder: folder, revisions: reference.history.revisions(from: file), in: table, on: target.connection)
        }
        return records
    }

    /// The folder the tool's history table in the target names for reference files that lie in none (`MigrationTool.folder`).
    private func folder(by tool: MigrationTool) throws -> String? {
        guard let table = recording[tool.name] else { return nil }
        return try tool.folder(among: Array(reference.history.files.keys), in: table, on: target.connection)
    }

    /// A draft's note: what was left out, then what to do after applying it; nil when there is neither.
    static func notes(_ leftOut: [String], _ after: String?) -> String? {
        let parts = (leftOut.isEmpty ? [] : [leftOut.joined(separator: "; ") + "."]) + (after.map { [$0] } ?? [])
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
