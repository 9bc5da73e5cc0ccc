extension Drafter {
    /// A write broke a CHECK constraint that the reference declares otherwise (a migration widened it, to
    /// allow a new status) or no longer has (a migration dropped it): that migration never ran here. Drafted
    /// as the reference declares it: the constraint replaced in one ALTER TABLE, or dropped. When the
    /// reference declares the same check, the code writes what it forbids and nothing is drafted.
    func checkConstraint(_ name: String, of live: Relation, liveDefinition: String, rule: String) throws -> Draft.Outcome {
        let path = "\(live.schema).\(live.name)"
        guard let table = try reference.table(named: live.name, schema: live.schema) else {
            return .notDrafted(reason: "the reference schema has no table \(path) either — is it the schema the deployed code expects?")
        }
        let wanted = try reference.constraints(of: table).first { $0.name == name }
        if let wanted, wanted.type != "c" {
            return .notDrafted(reason: "the reference's \(name) on \(path) is not a CHECK constraint")
        }
        let qualified = try reference.quoted(table.schema, table.name)
        let quotedName = try reference.quoted(name)
        let current = "CONSTRAINT \(quotedName) \(liveDefinition)"
        if let wanted, wanted.definition == current {
            return .notDrafted(reason: "the reference declares \(name) on \(path) as the live database does (\(liveDefinition)): no migration changes it, so the code writes what it forbids — validate the value in the code")
        }
        let statement = wanted.map { "ALTER TABLE \(qualified) DROP CONSTRAINT \(quotedName), ADD \($0.definition)" }
            ?? "ALTER TABLE \(qualified) DROP CONSTRAINT \(quotedName)"
        let change = wanted.map { "as the reference declares it, \($0.definition)" } ?? "dropped, as the reference has no such constraint"
        let definitionNow = "(SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.conrelid = to_regclass(\(try literal(qualified))) AND c.conname = \(try literal(name)))"
        let verify: String
        var deployed: String?
        if wanted != nil {
            // Replayed on the reference: the definition as it reads after this very statement (deparsed
            // text does not always survive a round trip), for verify.sql and applied.sql alike.
            let expected = try expectedRows(relations: [qualified], removing: [], statements: [statement], filter: { row in
                guard row.kind == "constraint" && row.name == name else { return false }
                deployed = row.detail
                return true
            }, redraft: { nil })
            verify = try CatalogCheck.verifySQL(expected: expected.tuples, exact: [], partial: [qualified],
                                                searchPath: expected.searchPath, quote: literal)
        } else {
            verify = "-- One row while \(name) is still there; no rows means verified.\nSELECT 'constraint still there' AS problem, \(definitionNow) AS definition\nWHERE \(definitionNow) IS NOT NULL\n"
        }
        var drafted = DraftedPlaybook(
            id: Self.identifier(["check", live.name, name]), title: "Alter \(name) on \(path) as the reference declares it",
            description: """
                Drafted by logmedic from the reference schema: \(name) on \(path) \(change) (the live one is \
                \(liveDefinition)). A migration that changed it never ran here, and writes it now forbids fail. \
                Adding a CHECK reads every row under an ACCESS EXCLUSIVE lock on \(qualified): on a large, busy \
                table add it NOT VALID and VALIDATE it later by hand. Unvetted: review every file, then approve.
                """,
            rule: rule, relations: [path], columns: nil, absent: [], present: [qualified],
            absentColumns: [], presentColumns: [],
            statements: [statement], hazards: [],
            verify: verify,
            revert: """
                -- Puts \(name) back as it was; fails (and changes nothing) if rows written since break it.
                ALTER TABLE \(qualified) \(wanted == nil ? "" : "DROP CONSTRAINT \(quotedName), ")ADD \(current);

                """)
        drafted.captures = ["constraint": [name]]
        let pending = try wanted == nil ? nil : pendingMigration(parts: try reference.identities(of: [name], on: table))
        drafted.note = pending?.note
        drafted.follow(pending)
        drafted.applied = """
            -- Whether deploy.sql already ran: \(name) is \(deployed == nil ? "gone" : "as deploy.sql leaves it").
            SELECT \(try deployed.map { "coalesce(\(definitionNow) = \(try literal($0)), false)" } ?? "\(definitionNow) IS NULL")

            """
        return try finish(drafted)
    }
}
