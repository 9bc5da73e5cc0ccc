extension Drafter {
    /// A missing table: the table with its columns, keys, checks, indexes and comments, plus whatever of its
    /// dependency closure the target lacks (schemas, extensions, enum and domain types, sequences, tables it
    /// references), in dependency order; foreign keys come last so tables may reference each other.
    func missingTable(_ name: String, schema: String?, rule: String) throws -> Draft.Outcome {
        // A migration the database never ran renamed it: rename it here too (its rows stay).
        if let renamed = try renamedTable(name, schema: schema, rule: rule) { return renamed }
        let first: TableParts
        switch try tableParts(name, schema: schema) {
        case .failure(let reason):
            // A view the migrations create: drafted from its definition.
            if try reference.table(named: name, schema: schema) == nil, let view = try missingView(name, schema: schema, rule: rule) {
                return view
            }
            return try missingSequence(name, schema: schema, rule: rule) ?? .notDrafted(reason: reason.text)
        case .success(let parts): first = parts
        }
        let created = first.created
        // The statements are drafted again from the replayed catalog, so that the reference's form (`IN (…)` or
        // its deparsed `= ANY (…)`) does not change the draft.
        // A trigger left out (its function is an extension's the target lacks) is not expected either.
        let triggers = Set(first.triggers.names)
        let expected = try expectedRows(relations: created, removing: ["DROP TABLE \(created.joined(separator: ", ")) CASCADE"],
                                        statements: first.statements, filter: { $0.kind != "trigger" || triggers.contains($0.name) }) {
            try? self.tableParts(name, schema: schema).get().statements
        }
        let parts = TableParts(statements: expected.statements ?? first.statements, created: created, dropLast: first.dropLast,
                               present: first.present, tables: first.tables, triggers: first.triggers)
        return try playbook(for: parts, name: name, schema: schema, rule: rule, expected: expected)
    }

    struct Reason: Error { var text: String }

    /// What a table draft consists of, read from the reference (and the target, for what it lacks).
    struct TableParts {
        var statements: [String]
        var created: [String]
        var dropLast: [String]
        var present: [String]
        var tables: [ReferenceCatalog.Table]
        /// The tables' triggers (and the functions the target lacks), after everything else.
        var triggers = TriggerParts()
    }

    func tableParts(_ name: String, schema: String?) throws -> Result<TableParts, Reason> {
        guard let root = try reference.table(named: name, schema: schema) else {
            if let other = try reference.nonTable(named: name, schema: schema) {
                return .failure(Reason(text: "the reference has \(other.schema).\(other.name) as \(other.kind), not a table: only tables, views, sequences, columns and unique indexes are drafted — create it by hand as the reference's migration does"))
            }
            if let behind = try codeBehind(table: name, schema: schema) { return .failure(Reason(text: behind)) }
            return .failure(Reason(text: "the reference schema has no table \(schema.map { "\($0)." } ?? "")\(name) either — is it the schema the deployed code expects?"))
        }
        var tables: [ReferenceCatalog.Table] = []
        var missingReferences: [String] = []
        try collect(root, into: &tables, missing: &missingReferences)
        if !missingReferences.isEmpty {
            return .failure(Reason(text: "\(root.schema).\(root.name) references \(missingReferences.joined(separator: ", ")), which neither the target nor the reference has"))
        }
        if let partitioned = tables.first(where: \.isPartitioned) {
            return .failure(Reason(text: "\(partitioned.schema).\(partitioned.name) is partitioned: partitioned tables are not drafted, create it by hand"))
        }

        var before: [String] = [], creates: [String] = [], after: [String] = [], foreignKeys: [String] = []
        var dropFirst: [String] = [], dropLast: [String] = [], present: [String] = []
        var triggers = TriggerParts()
        for table in tables {
            let qualified = try reference.quoted(table.schema, table.name)
            if try !target.schemaExists(table.schema) {
                before.append(try createSchemaIfAbsent(table.schema))
                dropLast.insert(try dropSchemaUnlessUsed(table.schema), at: 0)
            }
            for ext in try reference.extensions(of: table) where try !target.extensionInstalled(ext.name) {
                guard try target.extensionAvailable(ext.name) else {
                    return .failure(Reason(text: "\(table.schema).\(table.name) needs extension \(ext.name), which the target server does not have installed or available — install its package on the server first"))
                }
                before.append(try reference.strings("SELECT format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I', $1::text, $2::text)", [ext.name, ext.schema])[0])
                dropLast.insert(try dropExtensionUnlessUsed(ext.name), at: 0)
            }
            for type in try reference.types(of: table) where try !target.typeExists(type.schema, type.name) {
                guard let create = type.create else {
                    return .failure(Reason(text: "\(table.schema).\(table.name) uses type \(type.schema).\(type.name) (kind \(type.kind)), which only enum and domain drafts create — create it by hand first"))
                }
                before.append(try createTypeIfAbsent(type.schema, type.name, create: create))
                dropLast.insert(try dropTypeUnlessUsed(type.schema, type.name), at: 0)
            }
            for sequence in try reference.sequences(of: table) where try !target.relationExists(sequence.schema, sequence.name) {
                before.append(sequence.create)
                if let ownedBy = sequence.ownedBy { after.append(ownedBy) } else {
                    dropLast.insert(try reference.strings("SELECT format('DROP SEQUENCE %I.%I', $1::text, $2::text)", [sequence.schema, sequence.name])[0], at: 0)
                }
            }
            let columns = try reference.columns(of: table).map { "    " + $0.definition }
            var inline: [String] = []
            for constraint in try reference.constraints(of: table) {
                if constraint.type == "f" {
                    foreignKeys.append("ALTER TABLE \(qualified) ADD \(constraint.definition)")
                    if let schema = constraint.referencedSchema, let name = constraint.referencedTable,
                       !tables.contains(where: { $0.schema == schema && $0.name == name }) {
                        present.append(try reference.quoted(schema, name))
                    }
                } else {
                    inline.append("    " + constraint.definition)
                }
            }
            creates.append("CREATE TABLE \(qualified) (\n\((columns + inline).joined(separator: ",\n"))\n)")
            after += try reference.indexes(of: table).map(\.definition)
            after += try reference.comments(of: table).map(\.statement)
            dropFirst.append(qualified)
            triggers.append(try triggerParts(of: table))
        }
        // DROP TABLE drops the triggers; the functions created for them go after, before types and schemas.
        return .success(TableParts(statements: Self.deduplicated(before + creates + after + foreignKeys + triggers.statements),
                                   created: dropFirst, dropLast: triggers.functionDrops + dropLast,
                                   present: Array(Set(present)).sorted(), tables: tables, triggers: triggers))
    }

    private func playbook(for parts: TableParts, name: String, schema: String?, rule: String,
                          expected: (searchPath: String, tuples: [String], statements: [String]?)) throws -> Draft.Outcome {
        let created = parts.created, tables = parts.tables, dropLast = parts.dropLast
        let root = tables[tables.count - 1]
        let verify = try CatalogCheck.verifySQL(expected: expected.tuples, exact: created, partial: [], searchPath: expected.searchPath, quote: literal)
        let relationsList = created.joined(separator: ", ")
        let message = try literal("\(relationsList): rows were written since the draft was applied; export them before reverting")
        let revert = """
            -- Removes exactly what deploy.sql created; refuses (and changes nothing) if any row was written since.
            \(Self.refusal(while: created.map { "EXISTS (SELECT FROM \($0))" }.joined(separator: " OR "), message))
            DROP TABLE \(created.reversed().joined(separator: ", "));
            \(dropLast.map { $0 + ";" }.joined(separator: "\n"))
            """
        let title = tables.count == 1 ? "Create \(root.schema).\(root.name)"
            : "Create \(root.schema).\(root.name) and the \(tables.count - 1) table(s) it references"
        let withTriggers = parts.triggers.names.isEmpty ? "" : ", their triggers \(parts.triggers.names.joined(separator: ", "))"
        let notes = parts.triggers.notes.map { " Not drafted: \($0)." }.joined()
        var drafted = DraftedPlaybook(
            id: Self.identifier(["create", root.name]), title: title,
            description: "Drafted by logmedic from the reference schema: \(tables.map { "\($0.schema).\($0.name)" }.joined(separator: ", ")) exactly as the reference declares, with what the target lacks of their dependencies\(withTriggers).\(notes) Unvetted: review every file, then approve.",
            rule: rule, relations: [schema.map { "\($0).\(name)" } ?? name], columns: nil, absent: created, present: parts.present,
            absentColumns: [], presentColumns: [],
            statements: parts.statements, hazards: [], verify: verify,
            revert: revert.trimmingCharacters(in: .whitespacesAndNewlines) + "\n")
        let pending = try pendingMigration(tables: tables)
        drafted.note = Self.notes(parts.triggers.notes, pending?.note)
        drafted.follow(pending)
        return try finish(drafted)
    }

    /// Depth-first over foreign keys: referenced tables the target lacks come before the tables that use them.
    private func collect(_ table: ReferenceCatalog.Table, into tables: inout [ReferenceCatalog.Table], missing: inout [String]) throws {
        guard !tables.contains(table) else { return }
        tables.append(table)  // placed now so a cycle ends here; moved to its final position below
        for constraint in try reference.constraints(of: table) where constraint.type == "f" && !constraint.referencesItself {
            guard let schema = constraint.referencedSchema, let name = constraint.referencedTable,
                  try !target.relationExists(schema, name) else { continue }
            guard let referenced = try reference.table(named: name, schema: schema) else { missing.append("\(schema).\(name)"); continue }
            try collect(referenced, into: &tables, missing: &missing)
        }
        tables.removeAll { $0 == table }
        tables.append(table)
    }

    static func deduplicated(_ statements: [String]) -> [String] {
        var seen: Set<String> = []
        return statements.filter { seen.insert($0).inserted }
    }
}
