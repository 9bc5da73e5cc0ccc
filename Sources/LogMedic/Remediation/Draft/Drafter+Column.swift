extension Drafter {
    /// A missing column: `ALTER TABLE … ADD COLUMN` as the reference declares it, with the constraints and
    /// indexes that involve it — unless the reference's migrations renamed it from a name the live table still
    /// has (drafted as the rename), the live table already has it under another name (its indexes tell), or
    /// most likely has (`inferredRename`).
    func missingColumn(_ name: String, of live: Relation, rule: String) throws -> Draft.Outcome {
        // A migration the database never ran renamed it: rename it here too (its data stays).
        if let renamed = try renamedColumn(name, of: live, rule: rule) { return renamed }
        let first: ColumnParts
        switch try columnParts(name, of: live) {
        case .outcome(let outcome): return outcome
        case .parts(let parts): first = parts
        }
        // No migration renamed it and no index or constraint tells, but its data may be in a column of another name.
        if let inferred = try inferredRename(of: first.column, in: first.table, referenceColumns: try reference.columns(of: first.table), live: live, rule: rule) {
            return inferred
        }
        // A generated column computed from columns the live table lacks too: those first, in one playbook
        // (ADD COLUMN … GENERATED ALWAYS AS (b * 2) fails while b is missing).
        var all: [ColumnParts] = []
        for source in try generationSources(of: first) where live.column(named: source) == nil {
            switch try columnParts(source, of: live) {
            case .outcome(let outcome):
                let why: String
                switch outcome {
                case .notDrafted(let reason): why = reason
                case let .rename(_, from, to, _): why = "it was renamed from \(from) to \(to)"
                case .playbook, .refused: why = "no ADD COLUMN for it"
                }
                return .notDrafted(reason: "\(name) is generated from \(source), which the target lacks too and cannot be drafted: \(why)")
            case .parts(let parts): all.append(parts)
            }
        }
        all.append(first)
        let names = all.map { $0.column.name }
        let (table, qualified) = (first.table, first.qualified)
        let addedParts = all.flatMap(\.addedParts)
        // The reference's triggers about these columns that the live table lacks (a set_updated_at() that
        // stamps updated_at), after the columns, with their function when the target lacks it.
        let triggers = try triggerParts(of: table, columns: Set(all.map(\.column.number)))
        let expected = try expectedRows(
            relations: [qualified],
            removing: all.reversed().map { "ALTER TABLE \(qualified) DROP COLUMN IF EXISTS \($0.quotedColumn) CASCADE" },
            statements: Self.deduplicated(all.flatMap(\.statements) + triggers.statements), filter: { row in
                (row.kind == "column" && names.contains(row.name))
                    || (row.kind == "trigger" ? triggers.names.contains(row.name) : addedParts.contains(row.name))
            }, redraft: {
                var statements: [String] = []
                for column in names {
                    guard case .parts(let again)? = try? self.columnParts(column, of: live) else { return nil }
                    statements += again.statements
                }
                return Self.deduplicated(statements + triggers.statements)
            })
        let statements = expected.statements ?? Self.deduplicated(all.flatMap(\.statements) + triggers.statements)
        let present = Array(Set(all.flatMap(\.present))).sorted()
        let verify = try CatalogCheck.verifySQL(expected: expected.tuples, exact: [], partial: [qualified], searchPath: expected.searchPath, quote: literal)
        let id = Self.identifier(["add", table.name, first.column.name])
        // Dropped in reverse order: a generated column before the columns it is computed from.
        let revert = """
            -- Removes exactly what deploy.sql added (its indexes and constraints go with the column);
            -- refuses (and changes nothing) if values were written to it.
            \(triggers.triggerDrops.map { $0 + ";" }.joined(separator: "\n"))
            \(try all.reversed().map { try revertColumn($0, of: live, playbook: id) }.joined(separator: "\n"))
            \((triggers.functionDrops + all.flatMap(\.drops)).map { $0 + ";" }.joined(separator: "\n"))
            """
        let columnPaths = all.map { "\(table.schema).\(table.name).\($0.column.name)" }
        // Preconditions are read by the server's parse_ident, which folds unquoted names: quoted where they need it.
        let quotedPaths = try all.map { try reference.quoted(table.schema, table.name, $0.column.name) }
        let columnPath = columnPaths.last!
        let withParts = (addedParts.isEmpty ? "no constraint or index" : addedParts.joined(separator: ", "))
            + (triggers.names.isEmpty ? "" : ", and trigger(s) \(triggers.names.joined(separator: ", "))")
            + triggers.notes.map { ". Not drafted: \($0)" }.joined()
        let sources = columnPaths.dropLast().isEmpty ? "" : ", after \(columnPaths.dropLast().joined(separator: ", ")), which it is generated from"
        var drafted = DraftedPlaybook(
            id: id, title: "Add column \(columnPath)" + (all.count > 1 ? " (and \(names.dropLast().joined(separator: ", ")))" : ""),
            description: "Drafted by logmedic from the reference schema: \(columnPath) as the reference declares it\(sources), with \(withParts). Unvetted: review every file, then approve.",
            rule: rule, relations: nil, columns: columnPaths, absent: [], present: present,
            absentColumns: quotedPaths, presentColumns: [],
            statements: statements,
            hazards: [], verify: verify, revert: revert.trimmingCharacters(in: .whitespacesAndNewlines) + "\n")
        let pending = try pendingMigration(columns: all.map { ($0.table, $0.column) }, parts: try reference.identities(of: addedParts, on: table))
        drafted.note = Self.notes(triggers.notes, pending?.note)
        drafted.follow(pending)
        return try finish(drafted)
    }

    /// The reference's columns a generated column is computed from (none for another column), by name.
    func generationSources(of parts: ColumnParts) throws -> [String] {
        guard parts.column.isGenerated else { return [] }
        return try reference.strings("""
            SELECT a.attname FROM pg_attribute a
            WHERE a.attrelid = $1::oid AND a.attnum <> $2::int AND a.attnum IN (
                SELECT d.refobjsubid FROM pg_depend d
                WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = $1::oid AND d.refobjsubid > 0
                  AND ((d.classid = 'pg_class'::regclass AND d.objid = $1::oid AND d.objsubid = $2::int)
                       OR (d.classid = 'pg_attrdef'::regclass
                           AND d.objid IN (SELECT oid FROM pg_attrdef WHERE adrelid = $1::oid AND adnum = $2::int))))
            ORDER BY a.attnum
            """, [String(parts.table.oid), String(parts.column.number)])
    }

    /// The guard and DROP COLUMN of one added column, for revert.sql.
    func revertColumn(_ parts: ColumnParts, of live: Relation, playbook id: String) throws -> String {
        let (column, qualified, quotedColumn) = (parts.column, parts.qualified, parts.quotedColumn)
        let drop = "ALTER TABLE \(qualified) DROP COLUMN \(quotedColumn);"
        // Computed from other columns: dropping it loses nothing the application wrote.
        if column.isGenerated { return drop }
        let guardSQL: String
        let perRow = column.hasVolatileDefault || column.isIdentity
        let applyTime = !perRow && column.hasApplyTimeDefault
        if perRow || applyTime {
            // Either way the column's values cannot be told from values written since the apply, whose transaction
            // also wrote the journal row: rows with another xmin were written since.
            // - now(), CURRENT_DATE: every row that existed got the one value of the apply's transaction
            //   (attmissingval), which no expression at revert time reproduces: nothing was written since when no
            //   row's xmin is newer than the apply's, and one value remains.
            // - a per-row default (gen_random_uuid(), nextval, an identity, clock_timestamp()) filled every existing
            //   row when the column was added.
            let written = applyTime
                ? "EXISTS (SELECT FROM \(qualified) t WHERE age(t.xmin) < age(applied)) OR (SELECT count(DISTINCT \(quotedColumn)) FROM \(qualified)) > 1"
                : "EXISTS (SELECT FROM \(qualified) t WHERE NOT t.xmin = applied)"
            let message = try literal(applyTime
                ? "\(live.schema).\(live.name) has rows written since the draft was applied, or \(column.name) holds more than its apply-time value; export them before reverting"
                : "\(live.schema).\(live.name) has rows written since the draft was applied, and \(column.name)'s per-row default cannot be told from values written since; export them before reverting")
            let idLiteral = try literal(id)
            let noJournal = try literal("logmedic.journal has no apply of \(id): \(live.schema).\(live.name).\(column.name) was not added by this playbook; revert it by hand")
            guardSQL = """
                    IF to_regclass('logmedic.journal') IS NULL THEN
                        RAISE EXCEPTION USING MESSAGE = \(noJournal);
                    END IF;
                    SELECT j.xmin INTO applied FROM logmedic.journal j
                    WHERE j.playbook = \(idLiteral) AND j.action = 'apply' ORDER BY j.id DESC LIMIT 1;
                    IF applied IS NULL THEN
                        RAISE EXCEPTION USING MESSAGE = \(noJournal);
                    END IF;
                    IF \(written) THEN
                        RAISE EXCEPTION USING MESSAGE = \(message);
                    END IF;
                """
        } else {
            let written = column.hasDefault
                ? "\(quotedColumn) IS DISTINCT FROM \(column.defaultExpression ?? "NULL")" : "\(quotedColumn) IS NOT NULL"
            let message = try literal("\(live.schema).\(live.name).\(column.name) holds values written since the draft was applied; export them before reverting")
            guardSQL = """
                    IF EXISTS (SELECT FROM \(qualified) WHERE \(written)) THEN
                        RAISE EXCEPTION USING MESSAGE = \(message);
                    END IF;
                """
        }
        return """
            DO $$
            \(perRow || applyTime ? "DECLARE\n    applied xid;\n" : "")BEGIN
            \(guardSQL)
            END
            $$;
            \(drop)
            """
    }

    enum ColumnDraft {
        case parts(ColumnParts)
        case outcome(Draft.Outcome)
    }

    /// What a column draft consists of, read from the reference (and the live table, for what it has).
    struct ColumnParts {
        var table: ReferenceCatalog.Table
        var column: ReferenceCatalog.Column
        var qualified: String
        var quotedColumn: String
        var statements: [String]
        var addedParts: [String]
        var present: [String]
        var drops: [String]
    }

    func columnParts(_ name: String, of live: Relation) throws -> ColumnDraft {
        guard let table = try reference.table(named: live.name, schema: live.schema) else {
            return .outcome(.notDrafted(reason: "the reference schema has no table \(live.schema).\(live.name)"))
        }
        let columns = try reference.columns(of: table)
        guard let column = columns.first(where: { $0.name == name }) ?? columns.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            if let behind = try codeBehind(column: name, of: live) { return .outcome(.notDrafted(reason: behind)) }
            return .outcome(.notDrafted(reason: "the reference's \(live.schema).\(live.name) has no column \(name) either: the code and the reference disagree — fix the code, or regenerate the reference from it"))
        }
        let names = Dictionary(columns.map { ($0.number, $0.name) }, uniquingKeysWith: { a, _ in a })
        let constraints = try reference.constraints(of: table).filter { $0.columnNumbers.contains(column.number) }
        // Indexes that use the column as a key, in an expression or in their predicate (a partial unique index).
        let indexes = try reference.indexes(of: table).filter { $0.usedColumnNumbers.contains(column.number) }
        if let rename = renamed(column, live: live, referenceColumns: columns,
                                parts: constraints.map { ($0.name, $0.columnNumbers) } + indexes.map { ($0.name, $0.columnNumbers) },
                                names: names) {
            return .outcome(rename)
        }
        let liveColumns = Set(live.columns.map(\.name))
        let qualified = try reference.quoted(table.schema, table.name)
        var before: [String] = [], after: [String] = [], drops: [String] = [], present = [qualified]
        // The column's own serial sequence, and a shared one its default calls (CREATE SEQUENCE + DEFAULT nextval).
        let called = try reference.sequences(ofDefault: table, column: column.number)
        for sequence in try reference.sequences(of: table)
        where sequence.ownerColumn == column.number || called.contains("\(sequence.schema).\(sequence.name)") {
            guard try !target.relationExists(sequence.schema, sequence.name) else { continue }
            before.append(sequence.create)
            if sequence.ownerColumn == column.number, let ownedBy = sequence.ownedBy {
                after.append(ownedBy)  // dropped with the column
            } else {
                drops.append(try reference.strings("SELECT format('DROP SEQUENCE %I.%I', $1::text, $2::text)", [sequence.schema, sequence.name])[0])
            }
        }
        for type in try reference.types(of: table) where try !target.typeExists(type.schema, type.name) {
            let quotedType = try reference.quoted(type.schema, type.name)
            guard column.type == quotedType || column.type == quotedType + "[]", let create = type.create else { continue }
            before.append(try createTypeIfAbsent(type.schema, type.name, create: create))
            drops.append(try dropTypeUnlessUsed(type.schema, type.name))
        }
        var addedParts: [String] = []
        for constraint in constraints {
            let others = constraint.columnNumbers.filter { $0 != column.number }.compactMap { names[$0] }
            guard others.allSatisfy(liveColumns.contains) else { continue }
            if constraint.type == "f", let schema = constraint.referencedSchema, let referenced = constraint.referencedTable {
                guard try target.relationExists(schema, referenced) else {
                    return .outcome(.notDrafted(reason: "\(name) references \(schema).\(referenced), which the target does not have: draft that table first"))
                }
                present.append(try reference.quoted(schema, referenced))
            }
            after.append("ALTER TABLE \(qualified) ADD \(constraint.definition)")
            addedParts.append(constraint.name)
        }
        let liveIndexes = Set(live.indexes.map(\.name))
        for index in indexes where !liveIndexes.contains(index.name) {
            after.append(index.definition)
            addedParts.append(index.name)
        }
        after += try reference.comments(of: table).filter { $0.column == column.number }.map(\.statement)

        let quotedColumn = try reference.quoted(column.name)
        let statements = Self.deduplicated(before + ["ALTER TABLE \(qualified) ADD COLUMN \(column.definition)"] + after)
        return .parts(ColumnParts(table: table, column: column, qualified: qualified, quotedColumn: quotedColumn, statements: statements,
                                  addedParts: addedParts, present: Array(Set(present)).sorted(), drops: drops))
    }

    /// The reference's constraints and indexes on the column that the live table has by the same name on
    /// one column of the same type that the reference does not know: the column was renamed, not left out.
    private func renamed(_ column: ReferenceCatalog.Column, live: Relation, referenceColumns: [ReferenceCatalog.Column],
                         parts: [(name: String, numbers: [Int])], names: [Int: String]) -> Draft.Outcome? {
        let referenceNames = Set(referenceColumns.map(\.name))
        var liveParts: [String: [String]] = [:]
        for index in live.indexes { liveParts[index.name] = index.columns }
        for unique in live.uniqueConstraints { liveParts[unique.name] = unique.columns }
        for key in live.foreignKeys { liveParts[key.name] = key.columns }
        for part in parts {
            guard let liveColumns = liveParts[part.name], let position = part.numbers.firstIndex(of: column.number),
                  liveColumns.indices.contains(position) else { continue }
            let candidate = liveColumns[position]
            guard !referenceNames.contains(candidate), let liveColumn = live.column(named: candidate),
                  Self.sameType(liveColumn.type, column.type) else { continue }
            return .rename(table: "\(live.schema).\(live.name)", from: column.name, to: candidate,
                           evidence: "\(part.name) is on \(live.schema).\(live.name).\(candidate) (\(liveColumn.type)), where the reference has it on \(column.name)")
        }
        return nil
    }

    /// Types as `format_type` prints them on two servers with different search paths: equal, or equal once
    /// the reference's schema qualification is dropped.
    static func sameType(_ live: String, _ reference: String) -> Bool {
        if live == reference { return true }
        guard let dot = reference.firstIndex(of: ".") else { return false }
        return live == String(reference[reference.index(after: dot)...])
    }
}
