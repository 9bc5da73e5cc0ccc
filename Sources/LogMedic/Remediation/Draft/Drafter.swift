import Foundation

/// Drafts playbooks from a reference schema for the confirmed missing-table and missing-column problems of
/// a diagnosis: it cuts out of the reference exactly the objects each problem needs (with what they depend
/// on that the target lacks), in dependency order, as DDL the reference server printed, and names each
/// statement's hazards on the target. Nothing here writes to the target.
public struct Drafter {
    let reference: ReferenceCatalog
    let target: TargetFacts
    let snapshot: SchemaSnapshot
    let hazards: HazardAnalyzer
    /// The migration tools (read only for a migration folder), and those whose history
    /// table the target holds, each with that table as the server quotes it.
    let tools: MigrationTools?
    let recording: [String: String]
    /// False without `--reference-sql`/`--reference-db`: only drafts that follow the live database are made.
    var hasReference = true

    public init(reference: ReferenceCatalog, target: PostgresConnection, snapshot: SchemaSnapshot) throws {
        self.reference = reference
        self.target = TargetFacts(connection: target)
        self.snapshot = snapshot
        self.hazards = HazardAnalyzer(connection: target)
        tools = reference.history.files.isEmpty ? nil : try MigrationTools.builtin.get()
        recording = try tools?.recording(on: target) ?? [:]
    }

    /// One draft per confirmed problem that a schema change can fix; other problems are not drafted.
    public func drafts(for diagnosis: Diagnosis) throws -> [Draft] {
        var drafts: [Draft] = []
        var usedIDs: Set<String> = []
        for problem in diagnosis.problems where problem.correlation.status == .confirmed {
            var draft: Draft
            let check = problem.correlation.check ?? ""
            guard hasReference || Self.followsTheLiveDatabase.contains(check) else {
                if Self.followsTheReference.contains(check) {
                    drafts.append(Draft(problemID: problem.id, problem: problem.group.title, outcome: .notDrafted(
                        reason: "drafting it needs the schema the code expects: add --reference-sql FILE|DIR or --reference-db DSN")))
                }
                continue
            }
            switch check {  // every case but partition_for_key is one of `followsTheReference`
            case "missing_relation":
                guard let name = problem.group.capture("relation") else { continue }
                let shown = "relation \"\(problem.group.capture("schema").map { "\($0)." } ?? "")\(name)\" does not exist"
                draft = Draft(problemID: problem.id, problem: shown,
                              outcome: try missingTable(name, schema: problem.group.capture("schema"), rule: problem.group.ruleID))
            case "missing_column":
                guard let column = problem.group.capture("column") else { continue }
                let shown = "column \"\(column)\"\(problem.correlation.table.map { " of \($0)" } ?? "") does not exist"
                let candidates = try tablesLacking(column, named: problem.correlation.table)
                guard candidates.count == 1, let relation = candidates.first else {
                    let reason = candidates.isEmpty
                        ? "no table of the target lacks a column \(column) that the reference has"
                        : "the log names no table and several lack \(column): \(candidates.map { "\($0.schema).\($0.name)" }.joined(separator: ", "))"
                    drafts.append(Draft(problemID: problem.id, problem: shown, outcome: .notDrafted(reason: reason)))
                    continue
                }
                draft = Draft(problemID: problem.id, problem: shown, outcome: try missingColumn(column, of: relation, rule: problem.group.ruleID))
            case "on_conflict_target":
                guard let (_, columns) = OnConflictTargetCheck.upsert(in: problem.group.samples.map(\.text)),
                      let table = problem.correlation.table, let live = snapshot.relation(printed: table) else { continue }
                let shown = "no unique index on \(table) (\(columns.joined(separator: ", "))) for ON CONFLICT"
                draft = Draft(problemID: problem.id, problem: shown,
                              outcome: try missingUniqueIndex(columns: columns, of: live, rule: problem.group.ruleID))
            case "not_null_column":
                guard let column = problem.group.capture("column"), let table = problem.correlation.table,
                      let live = snapshot.relation(printed: table) else { continue }
                draft = Draft(problemID: problem.id, problem: "null value in column \"\(column)\" of \(table) violates not-null constraint",
                              outcome: try notNullColumn(column, of: live, rule: problem.group.ruleID))
            case "constraint_definition":
                // A row a live CHECK forbids (a unique or foreign key is no definition to relax; a migration's failing
                // ADD CONSTRAINT left no live constraint to confirm).
                guard let name = problem.group.capture("constraint"), let definition = problem.correlation.facts["definition"],
                      definition.hasPrefix("CHECK "), let table = problem.correlation.facts["table"],
                      let live = snapshot.relation(printed: table) else { continue }
                draft = Draft(problemID: problem.id, problem: "new row for \(table) violates check constraint \"\(name)\"",
                              outcome: try checkConstraint(name, of: live, liveDefinition: definition, rule: problem.group.ruleID))
            case "string_length":
                guard let column = problem.correlation.facts["column"], let table = problem.correlation.table,
                      let live = snapshot.relation(printed: table) else { continue }
                draft = Draft(problemID: problem.id, problem: "value too long for \(table).\(column)",
                              outcome: try narrowColumn(column, of: live, rule: problem.group.ruleID))
            case "column_type":
                guard let column = problem.correlation.facts["column"], let table = problem.correlation.table,
                      let live = snapshot.relation(printed: table) else { continue }
                let captures = problem.group.capture("column") != nil ? ["column": [column]] : ["type": [problem.group.capture("type") ?? ""]]
                draft = Draft(problemID: problem.id, problem: "\(table).\(column) rejects the value written (\(problem.correlation.facts["live_type"] ?? ""))",
                              outcome: try retypeColumn(column, of: live, captures: captures, rule: problem.group.ruleID))
            case "enum_label":
                guard let value = problem.group.capture("value"), let logged = problem.group.capture("type"),
                      let type = problem.correlation.facts["enum"] else { continue }
                draft = Draft(problemID: problem.id, problem: "invalid input value for enum \(type): \"\(value)\"",
                              outcome: try missingEnumLabel(value, type: type, logged: logged, rule: problem.group.ruleID))
            case "privilege":
                guard let role = problem.correlation.facts["role"], let kind = problem.correlation.facts["kind"],
                      let schema = problem.correlation.facts["schema"], let object = problem.group.capture("object") else { continue }
                let name = problem.correlation.facts["name"] ?? schema
                draft = Draft(problemID: problem.id, problem: "permission denied for \(kind) \(object) (role \(role))",
                              outcome: try missingPrivilege(kind: kind, schema: schema, name: name, role: role, logged: object, rule: problem.group.ruleID))
            case "partition_for_key":
                guard let value = problem.group.capture("value"), let logged = problem.group.capture("relation"),
                      let table = problem.correlation.table, let live = snapshot.relation(printed: table) else { continue }
                draft = Draft(problemID: problem.id, problem: "no partition of \(table) accepts \(value)",
                              outcome: try missingPartition(value, of: live, rule: problem.group.ruleID, logged: logged))
            case "missing_extension":
                // The application's own function; an extension's is the create_extension playbook's.
                guard problem.correlation.facts["extension_available"] == "no", problem.correlation.facts["extension"] == nil else { continue }
                if let function = problem.group.capture("function") {
                    // `procedure x(…) does not exist`: a CALL, drafted the same way from the reference's procedure.
                    let procedure = problem.group.capture("routine") == "procedure"
                    draft = Draft(problemID: problem.id, problem: "\(procedure ? "procedure" : "function") \(function)(\(problem.group.capture("arguments") ?? "")) does not exist",
                                  outcome: try missingFunction(function, arguments: problem.group.capture("arguments"), procedure: procedure, rule: problem.group.ruleID))
                } else if let type = problem.group.capture("type") ?? (problem.group.capture("kind") == "type" ? problem.group.capture("name") : nil) {
                    // The application's own type (an enum or domain a migration creates).
                    draft = Draft(problemID: problem.id, problem: "type \"\(type)\" does not exist",
                                  outcome: try missingType(type, rule: problem.group.ruleID))
                } else {
                    continue
                }
            default:
                continue
            }
            if case .playbook(var playbook) = draft.outcome {
                playbook.id = Self.unique(playbook.id, among: &usedIDs)
                draft.outcome = .playbook(playbook)
            }
            drafts.append(draft)
        }
        return Self.mergingCovered(drafts)
    }

    /// A missing table that another table's draft already creates (a table it references) is fixed by that
    /// draft: two playbooks creating the same table cannot both apply (the second finds it present and
    /// refuses as partially applied). The larger draft takes the smaller one's logged names in `fixes.relations`
    /// and stands for both problems.
    /// The same for a column that a generated column's draft adds first (the column it is computed from):
    /// the generated column's draft takes its `fixes.columns`.
    static func mergingCovered(_ drafts: [Draft]) -> [Draft] {
        mergingCovered(mergingCovered(drafts, columns: false), columns: true)
    }

    private static func mergingCovered(_ drafts: [Draft], columns: Bool) -> [Draft] {
        func table(_ draft: Draft) -> DraftedPlaybook? {
            guard case .playbook(var playbook) = draft.outcome else { return nil }
            // Only a draft that creates tables: a changed CHECK names its table in `relations` and creates nothing,
            // and nothing is a subset of every other draft's tables.
            if !columns { return playbook.relations != nil && !playbook.absent.isEmpty ? playbook : nil }
            guard playbook.columns != nil, !playbook.absentColumns.isEmpty else { return nil }  // adds columns
            // Compared by the columns each adds, through the same code as tables' absent relations.
            playbook.absent = playbook.absentColumns
            playbook.relations = playbook.columns
            return playbook
        }
        var drafts = drafts
        var coveredBy: [Int: Int] = [:]
        for (i, draft) in drafts.enumerated() {
            guard let own = table(draft) else { continue }
            let cover = drafts.indices.filter { j in
                guard j != i, let other = table(drafts[j]) else { return false }
                return other.absent.count > own.absent.count && Set(own.absent).isSubset(of: other.absent)
            }.max { table(drafts[$0])!.absent.count < table(drafts[$1])!.absent.count }
            if let cover { coveredBy[i] = cover }
        }
        for (i, j) in coveredBy.sorted(by: { $0.key < $1.key }) {
            guard case .playbook(var cover) = drafts[j].outcome, let own = table(drafts[i]) else { continue }
            if columns {
                for name in own.relations ?? [] where !(cover.columns ?? []).contains(name) { cover.columns?.append(name) }
            } else {
                for name in own.relations ?? [] where !(cover.relations ?? []).contains(name) { cover.relations?.append(name) }
            }
            drafts[j].outcome = .playbook(cover)
        }
        for (i, j) in coveredBy { drafts[i].outcome = drafts[j].outcome }
        return drafts
    }

    /// The live table a missing column belongs to: the one the diagnosis names, else every live table whose
    /// reference counterpart has the column while the live one does not (logs often name no table).
    func tablesLacking(_ column: String, named table: String?) throws -> [Relation] {
        if let table { return snapshot.relation(printed: table).map { [$0] } ?? [] }
        let owners = try reference.connection.query("""
            SELECT n.nspname, c.relname FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE a.attname = $1 AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            """, [column])
        return (0..<owners.rowCount).compactMap { row in
            guard let schema = owners[row, 0], let name = owners[row, 1],
                  let live = snapshot.relation(exactly: name, schema: schema), live.column(named: column) == nil else { return nil }
            return live
        }
    }

    /// Statements' hazards, and the outcome they allow: a playbook, or a refusal with the alternative.
    func finish(_ playbook: DraftedPlaybook) throws -> Draft.Outcome {
        var playbook = playbook
        playbook.hazards = try playbook.statements.map(hazards.hazards(of:))
        if let refusal = playbook.hazards.joined().first(where: \.refuses) {
            return .refused(playbook: playbook, reason: refusal.message, alternative: refusal.alternative ?? "")
        }
        return .playbook(playbook)
    }

    /// The checks whose drafts follow the live database alone, made without a reference.
    static let followsTheLiveDatabase: Set<String> = ["partition_for_key"]
    /// The checks whose drafts take what the code expects from the reference.
    static let followsTheReference: Set<String> = ["missing_relation", "missing_column", "on_conflict_target", "not_null_column",
                                                   "constraint_definition", "string_length", "column_type", "enum_label",
                                                   "privilege", "missing_extension"]
    /// Of those, the checks of a rule the database enforces as it should when no migration changes it: then the code
    /// writes what it forbids (a NULL, a value a CHECK or a length refuses), and no draft can be made.
    static let mayBeTheCodes: Set<String> = ["not_null_column", "constraint_definition", "string_length", "column_type", "enum_label"]

    /// A playbook id from names: lowercase letters, digits and underscores, at most 60 characters.
    static func identifier(_ parts: [String]) -> String {
        let raw = parts.joined(separator: "_").lowercased()
        let cleaned = String(raw.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        return String(cleaned.prefix(60))
    }

    static func unique(_ id: String, among used: inout Set<String>) -> String {
        var candidate = id, n = 2
        while used.contains(candidate) { candidate = "\(id)_\(n)"; n += 1 }
        used.insert(candidate)
        return candidate
    }

    /// The catalog rows verify.sql expects, deparsed under the target's search_path. On a scratch reference the
    /// drafted statements are first replayed there, in a transaction that is rolled back, after `removing` what
    /// they create: deparsed text does not always survive a round trip (`IN (…)` on varchar comes back as a
    /// different `= ANY (…)` tree), so the expectation is what deploy.sql itself produces. A reference database
    /// is only read: its CHECK constraints are read back on the target instead (`checksAsTheTargetPrintsThem`).
    /// `redraft`, run after the replay, drafts the statements again from the replayed catalog (nil: keep them).
    func expectedRows(relations: [String], removing: [String], statements: [String],
                      filter: (CatalogCheck.Row) -> Bool = { _ in true },
                      redraft: () throws -> [String]?) throws -> (searchPath: String, tuples: [String], statements: [String]?) {
        let path = try target.searchPath()
        let connection = reference.connection
        func rows() throws -> [String] {
            try connection.query("SELECT set_config('search_path', $1, true)", [path])
            let expected = try CatalogCheck.expectedTuples(relations: relations, on: connection)
            return try (reference.mayReplay ? expected : checksAsTheTargetPrintsThem(expected, searchPath: path)).filter(filter).map(\.tuple)
        }
        try connection.execute("BEGIN")
        defer { _ = try? connection.execute("ROLLBACK") }
        guard reference.mayReplay else { return (path, try rows(), nil) }
        do {
            for statement in removing { try connection.execute(statement) }
            for statement in statements {
                try connection.execute("SAVEPOINT replay")
                do {
                    try connection.execute(statement)
                } catch let error as PostgresError where ["42P07", "42710", "42P06", "42723"].contains(error.sqlState?.code ?? "") {
                    try connection.execute("ROLLBACK TO SAVEPOINT replay")  // it already exists in the reference: kept as it is
                }
            }
            let again = try redraft()
            return (path, try rows(), again)
        } catch is PostgresError {
            try connection.execute("ROLLBACK")
            try connection.execute("BEGIN")
            return (path, try rows(), nil)
        }
    }

    /// A column of a live table, the reference's table and its column of the same name; nil when the
    /// reference lacks either.
    func referenceColumn(_ name: String, of live: Relation) throws -> (live: Column, table: ReferenceCatalog.Table, column: ReferenceCatalog.Column)? {
        guard let liveColumn = live.column(named: name), let table = try reference.table(named: live.name, schema: live.schema),
              let column = try reference.columns(of: table).first(where: { $0.name == name }) else { return nil }
        return (liveColumn, table, column)
    }

    /// A SQL string literal, quoted by the server.
    func literal(_ value: String) throws -> String {
        try reference.connection.query("SELECT quote_literal($1::text)", [value])[0, 0] ?? "NULL"
    }
}
