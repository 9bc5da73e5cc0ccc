extension Drafter {
    /// A missing column that a migration of the reference renamed (`ALTER TABLE … RENAME COLUMN old TO new`)
    /// while the live table still has the old name: the database never ran that migration, so the draft
    /// renames the column (its data stays) instead of adding an empty one. Nil when the history shows no
    /// rename of the column (other drafts decide then).
    func renamedColumn(_ name: String, of live: Relation, rule: String) throws -> Draft.Outcome? {
        guard !reference.history.renames.isEmpty, let table = try reference.table(named: live.name, schema: live.schema) else { return nil }
        let columns = try reference.columns(of: table)
        guard let column = columns.first(where: { $0.name == name }) ?? columns.first(where: { $0.name.lowercased() == name.lowercased() }) else { return nil }
        let chain = reference.history.renames(of: .column, oid: table.oid, number: column.number)
        guard let last = chain.last else { return nil }
        let path = "\(live.schema).\(live.name)"
        let files = Self.files(chain)
        let liveHas = { (column: String) in try self.target.columnExists(live.schema, live.name, column) }
        let earlier = chain.map(\.from).filter { $0 != column.name }
        let present = try earlier.filter(liveHas)
        if try liveHas(column.name) {
            let also = present.isEmpty ? "" : " and still has \(present.joined(separator: ", ")) too (both names: someone added \(column.name) by hand?)"
            return .notDrafted(reason: "\(files) renamed \(path).\(last.from) to \(column.name), and the live table has \(column.name) now\(also): not renamed — compare the two columns' data and move it by hand, then drop the one the code does not use")
        }
        guard let old = present.last else {
            return .notDrafted(reason: "\(files) renamed \(path).\(earlier.joined(separator: " → ")) to \(column.name), but the live table has neither \(earlier.joined(separator: " nor ")) nor \(column.name): nothing to rename — adding an empty \(column.name) would hide that its data is gone; find where the column went (a hand-made change, a restore) before adding it")
        }
        let qualified = try reference.quoted(live.schema, live.name)
        let quoted = try reference.row("SELECT format('%I', $1::text), format('%I', $2::text)", [old, column.name])
        let rename = "ALTER TABLE \(qualified) RENAME COLUMN \(quoted[0]) TO \(quoted[1])"
        let back = "ALTER TABLE \(qualified) RENAME COLUMN \(quoted[1]) TO \(quoted[0])"
        let companions = try self.companions(of: table, file: last.file, liveTable: (live.schema, live.name), renamedTable: qualified, except: last)
        let columnPath = "\(path).\(column.name)"
        let ran = try historyRecord(of: last.file, undone: "the rename was undone")?.said
        let pending = try pendingMigration(files: Self.files(of: chain, from: old), changes: true)
        let liveType = live.column(named: old)?.type
        let typeNote = liveType.map { Self.sameType($0, column.type) ? "" : " The live column is \($0) where the reference's is \(column.type): a later migration changes its type, which this draft does not." } ?? ""
        var drafted = DraftedPlaybook(
            id: Self.identifier(["rename", live.name, old]),
            title: "Rename column \(path).\(old) to \(column.name), as \(files) does",
            description: "Drafted by logmedic from the migration history: \(files) renamed \(path).\(old) to \(column.name). The live table still has \(old) and no \(column.name): the database is behind the code (\(ran ?? "that migration never ran here")), so the draft renames the column and its data stays (ADD COLUMN \(column.name) would add an empty one). \(Self.lockNote(path))\(companions.note)\(typeNote) Unvetted: review every file, then approve.",
            rule: rule, relations: nil, columns: [columnPath], absent: [], present: [qualified],
            absentColumns: [try reference.quoted(live.schema, live.name, column.name)],
            presentColumns: [],
            statements: [rename] + companions.statements, hazards: [],
            verify: try renameVerify(checks: [(live.schema, live.name, column.name, true), (live.schema, live.name, old, false)] + companions.checks),
            revert: revertText(back: companions.reverts.reversed() + [back], what: "\(path).\(column.name) back to \(old)"),
            note: pending.map { "renamed, not added, so the data in \(old) stays. \($0.note)" }
                ?? "the database is behind the code: \(files) renamed \(old) to \(column.name)\(ran.map { ", and \($0)" } ?? " and never ran here"); renamed, not added, so the data in \(old) stays")
        drafted.follow(pending)
        return try finish(drafted)
    }

    /// A missing column whose data is, most likely, in a live column under another name, with no migration history
    /// to say so: the live table has exactly one column the reference lacks with the same type and nullability, and
    /// the reference has no other column the live table lacks with those. Drafted as the rename, so that the data
    /// stays (ADD COLUMN would add an empty column beside it), and said to be inferred: if the database is right
    /// and the code is behind, the code is to change instead. Nil when the columns do not pair one to one.
    func inferredRename(of column: ReferenceCatalog.Column, in table: ReferenceCatalog.Table, referenceColumns: [ReferenceCatalog.Column],
                        live: Relation, rule: String) throws -> Draft.Outcome? {
        let referenceNames = Set(referenceColumns.map(\.name)), liveNames = Set(live.columns.map(\.name))
        func pairs(_ live: Column, _ reference: ReferenceCatalog.Column) -> Bool {
            Self.sameType(live.type, reference.type) && live.isNullable != reference.isNotNull
        }
        let candidates = live.columns.filter { !referenceNames.contains($0.name) && pairs($0, column) }
        guard candidates.count == 1, let old = candidates.first,
              !referenceColumns.contains(where: { $0.name != column.name && !liveNames.contains($0.name) && pairs(old, $0) }) else { return nil }
        let path = "\(live.schema).\(live.name)"
        let qualified = try reference.quoted(live.schema, live.name)
        let quoted = try reference.row("SELECT format('%I', $1::text), format('%I', $2::text)", [old.name, column.name])
        let shape = "\(old.type)\(old.isNullable ? "" : " NOT NULL")"
        return try finish(DraftedPlaybook(
            id: Self.identifier(["rename", live.name, old.name]),
            title: "Rename column \(path).\(old.name) to \(column.name) (inferred)",
            description: "Drafted by logmedic from the reference and the live table, with no migration that says so: the reference's \(path) has \(column.name) (\(shape)) and no \(old.name); the live table has \(old.name) (\(shape)) and no \(column.name), and no other column of either fits the other. Most likely one column under two names: the draft renames it and its data stays (ADD COLUMN \(column.name) would add an empty column beside \(old.name)). If the database is right and the code is behind, do not apply this: use \(old.name) in the code instead. \(Self.lockNote(path)) Unvetted: review every file, then approve.",
            rule: rule, relations: nil, columns: ["\(path).\(column.name)"], absent: [], present: [qualified],
            absentColumns: [try reference.quoted(live.schema, live.name, column.name)], presentColumns: [],
            statements: ["ALTER TABLE \(qualified) RENAME COLUMN \(quoted[0]) TO \(quoted[1])"], hazards: [],
            verify: try renameVerify(checks: [(live.schema, live.name, column.name, true), (live.schema, live.name, old.name, false)]),
            revert: revertText(back: ["ALTER TABLE \(qualified) RENAME COLUMN \(quoted[1]) TO \(quoted[0])"], what: "\(path).\(column.name) back to \(old.name)"),
            note: "inferred, not from a migration: \(old.name) is the live table's one column the reference lacks, of \(column.name)'s type (\(shape)); renamed, not added, so its data stays. If the code should use \(old.name), change the code instead"))
    }

    /// A missing table that a migration of the reference renamed (`ALTER TABLE old RENAME TO new`) while the
    /// live database still has the old one: renamed with its rows, not created empty. Nil when the history
    /// shows no rename of the table.
    func renamedTable(_ name: String, schema: String?, rule: String) throws -> Draft.Outcome? {
        guard !reference.history.renames.isEmpty, let table = try reference.table(named: name, schema: schema) else { return nil }
        let chain = reference.history.renames(of: .table, oid: table.oid)
        guard let last = chain.last else { return nil }
        let files = Self.files(chain)
        let path = "\(table.schema).\(table.name)"
        let earlier = chain.map(\.from).filter { $0 != table.name }
        let present = try earlier.filter { try target.relationExists(table.schema, $0) }
        if try target.relationExists(table.schema, table.name) {
            let also = present.isEmpty ? "" : " and still has \(present.map { "\(table.schema).\($0)" }.joined(separator: ", ")) too (both names: someone created \(table.name) by hand?)"
            return .notDrafted(reason: "\(files) renamed \(table.schema).\(last.from) to \(table.name), and the live database has \(path) now\(also): not renamed — compare the two tables' rows and move them by hand, then drop the one the code does not use")
        }
        guard let old = present.last else {
            return .notDrafted(reason: "\(files) renamed \(table.schema).\(earlier.joined(separator: " → ")) to \(table.name), but the live database has neither \(earlier.map { "\(table.schema).\($0)" }.joined(separator: " nor ")) nor \(path): nothing to rename — creating an empty \(path) would hide that its rows are gone; find where the table went before creating it")
        }
        let quoted = try reference.row("SELECT format('%I.%I', $1::text, $2::text), format('%I', $3::text), format('%I.%I', $1::text, $3::text), format('%I', $2::text)",
                                           [table.schema, old, table.name])
        let rename = "ALTER TABLE \(quoted[0]) RENAME TO \(quoted[1])"
        let back = "ALTER TABLE \(quoted[2]) RENAME TO \(quoted[3])"
        let companions = try self.companions(of: table, file: last.file, liveTable: (table.schema, old), renamedTable: quoted[2], except: last)
        let ran = try historyRecord(of: last.file, undone: "the rename was undone")?.said
        let pending = try pendingMigration(files: Self.files(of: chain, from: old), changes: true)
        var drafted = DraftedPlaybook(
            id: Self.identifier(["rename", old, "to", table.name]),
            title: "Rename \(table.schema).\(old) to \(table.name), as \(files) does",
            description: "Drafted by logmedic from the migration history: \(files) renamed \(table.schema).\(old) to \(table.name). The live database still has \(table.schema).\(old) and no \(path): the database is behind the code (\(ran ?? "that migration never ran here")), so the draft renames the table and its rows stay (CREATE TABLE would make an empty one). \(Self.lockNote("\(table.schema).\(old)"))\(companions.note) Unvetted: review every file, then approve.",
            rule: rule, relations: [schema.map { "\($0).\(name)" } ?? name], columns: nil, absent: [quoted[2]], present: [],
            absentColumns: [], presentColumns: [],
            statements: [rename] + companions.statements, hazards: [],
            verify: try renameVerify(checks: [(table.schema, table.name, nil, true), (table.schema, old, nil, false)] + companions.checks),
            revert: revertText(back: companions.reverts.reversed() + [back], what: "\(path) back to \(table.schema).\(old)"),
            note: pending.map { "renamed, not created, so its rows stay. \($0.note)" }
                ?? "the database is behind the code: \(files) renamed \(table.schema).\(old) to \(table.name)\(ran.map { ", and \($0)" } ?? " and never ran here"); renamed, not created, so its rows stay")
        drafted.follow(pending)
        return try finish(drafted)
    }

    /// What else the same migration file renamed on the table (columns, indexes, constraints) that the live
    /// table still has under the old name: renamed in the same playbook. The others are named in the note.
    private func companions(of table: ReferenceCatalog.Table, file: String, liveTable: (schema: String, name: String),
                            renamedTable: String, except primary: MigrationHistory.Rename)
        throws -> (statements: [String], reverts: [String], checks: [(String, String, String?, Bool)], note: String) {
        var statements: [String] = [], reverts: [String] = [], checks: [(String, String, String?, Bool)] = [], skipped: [String] = []
        for rename in reference.history.renames where rename.file == file && rename.tableOID == table.oid && rename != primary && rename.kind != .table {
            switch rename.kind {
            case .column:
                guard try target.columnExists(liveTable.schema, liveTable.name, rename.from),
                      try !target.columnExists(liveTable.schema, liveTable.name, rename.to) else { skipped.append("column \(rename.from) → \(rename.to)"); continue }
                let q = try reference.row("SELECT format('%I', $1::text), format('%I', $2::text)", [rename.from, rename.to])
                statements.append("ALTER TABLE \(renamedTable) RENAME COLUMN \(q[0]) TO \(q[1])")
                reverts.append("ALTER TABLE \(renamedTable) RENAME COLUMN \(q[1]) TO \(q[0])")
                checks.append((table.schema, table.name, rename.to, true))
            case .index:
                guard try target.indexExists(rename.schema, rename.from, onTable: liveTable.name),
                      try !target.relationExists(rename.schema, rename.to) else { skipped.append("index \(rename.from) → \(rename.to)"); continue }
                let q = try reference.row("SELECT format('%I.%I', $1::text, $2::text), format('%I', $3::text), format('%I.%I', $1::text, $3::text), format('%I', $2::text)",
                                              [rename.schema, rename.from, rename.to])
                statements.append("ALTER INDEX \(q[0]) RENAME TO \(q[1])")
                reverts.append("ALTER INDEX \(q[2]) RENAME TO \(q[3])")
                checks.append((rename.schema, rename.to, nil, true))
            case .constraint:
                guard try target.constraintExists(liveTable.schema, liveTable.name, rename.from),
                      try !target.constraintExists(liveTable.schema, liveTable.name, rename.to) else { skipped.append("constraint \(rename.from) → \(rename.to)"); continue }
                let q = try reference.row("SELECT format('%I', $1::text), format('%I', $2::text)", [rename.from, rename.to])
                statements.append("ALTER TABLE \(renamedTable) RENAME CONSTRAINT \(q[0]) TO \(q[1])")
                reverts.append("ALTER TABLE \(renamedTable) RENAME CONSTRAINT \(q[1]) TO \(q[0])")
            case .table, .label, .function, .default, .nullable:
                continue
            }
        }
        var note = ""
        if !statements.isEmpty { note += " Also renamed, as that migration does: \(statements.count) more statement(s) below." }
        if !skipped.isEmpty { note += " Not drafted (the live table does not have the old name, or already has the new one): \(skipped.joined(separator: ", "))." }
        return (statements, reverts, checks, note)
    }

    /// The files of a rename chain, for messages: `000007_rename.up.sql` or `a.sql, then b.sql`.
    static func files(_ chain: [MigrationHistory.Rename]) -> String {
        files(of: chain).joined(separator: ", then ")
    }

    /// The files of a rename chain in order, each once; from the rename of `old` on when given (the ones a draft
    /// renaming `old` stands for).
    static func files(of chain: [MigrationHistory.Rename], from old: String? = nil) -> [String] {
        var seen: [String] = []
        for rename in chain.drop(while: { old != nil && $0.from != old }) where !seen.contains(rename.file) { seen.append(rename.file) }
        return seen
    }

    static func lockNote(_ table: String) -> String {
        "ALTER TABLE … RENAME takes an ACCESS EXCLUSIVE lock on \(table) for a moment (a catalog change: no rewrite, no scan), but it queues behind running queries on the table and blocks new ones while it waits; the code still using the old name fails once it commits."
    }

    /// verify.sql for a rename: one row per name that is not (or still is) there; no rows means verified.
    /// Each check is (schema, relation, column or nil, must exist).
    private func renameVerify(checks: [(String, String, String?, Bool)]) throws -> String {
        let parts = try checks.map { schema, relation, column, exists in
            let (s, r) = (try literal(schema), try literal(relation))
            let found: String
            if let column {
                found = "EXISTS (SELECT FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = \(s) AND c.relname = \(r) AND a.attname = \(try literal(column)) AND a.attnum > 0 AND NOT a.attisdropped)"
            } else {
                found = "EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = \(s) AND c.relname = \(r))"
            }
            let what = try literal([schema, relation, column].compactMap { $0 }.joined(separator: "."))
            return "SELECT \(exists ? "'missing'" : "'still there'") AS problem, \(what) AS name WHERE \(exists ? "NOT " : "")\(found)"
        }
        return "-- One row per name that deploy.sql did not leave as the migration does; no rows means verified.\n" + parts.joined(separator: "\nUNION ALL\n")
    }

    private func revertText(back: [String], what: String) -> String {
        """
        -- Renames \(what), as the database was before deploy.sql (the data stays).
        -- The code that expects the new name fails again afterwards.
        \(back.map { $0 + ";" }.joined(separator: "\n"))

        """
    }
}

extension Drafter {
    /// The code uses a name that a migration renamed away, and the rename is in the database already: the
    /// code is the side behind. Nil when the history shows no rename from `name` (columns: of the live
    /// table's reference counterpart).
    func codeBehind(column name: String, of live: Relation) throws -> String? {
        guard !reference.history.renames.isEmpty, let table = try reference.table(named: live.name, schema: live.schema) else { return nil }
        guard let rename = reference.history.renames.last(where: { $0.kind == .column && $0.oid == table.oid && $0.from == name }),
              let current = try reference.columns(of: table).first(where: { $0.number == rename.number }),
              try target.columnExists(live.schema, live.name, current.name) else { return nil }
        return "\(rename.file) renamed \(live.schema).\(live.name).\(name) to \(current.name), and the live table has \(current.name): the code is behind the migrations, not the database — use \(current.name) where the code uses \(name) (the model's column name, or raw SQL); no DDL is needed"
    }

    func codeBehind(table name: String, schema: String?) throws -> String? {
        guard let rename = reference.history.renames.last(where: { $0.kind == .table && $0.from == name && (schema == nil || $0.schema == schema) }),
              let current = try reference.connection.query("SELECT c.relname FROM pg_class c WHERE c.oid = $1::oid", [String(rename.oid)])[0, 0],
              try target.relationExists(rename.schema, current) else { return nil }
        return "\(rename.file) renamed \(rename.schema).\(name) to \(current), and the live database has \(rename.schema).\(current): the code is behind the migrations, not the database — use \(current) where the code uses \(name); no DDL is needed"
    }
}
