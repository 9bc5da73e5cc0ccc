extension Drafter {
    /// A write sent a label the live enum lacks, and the reference's enum has it: a migration that adds it
    /// never ran. Drafted as `ALTER TYPE … ADD VALUE` for every label the reference has and the live enum
    /// lacks, each placed after its predecessor in the reference's order. PostgreSQL cannot remove a label
    /// again, so the revert refuses and says so.
    func missingEnumLabel(_ value: String, type: String, logged: String, rule: String) throws -> Draft.Outcome {
        guard let live = try target.enumType(type) else {
            return .notDrafted(reason: "the target has no enum \(type) on its search_path")
        }
        let path = "\(live.schema).\(live.name)"
        let wanted = try reference.strings("""
            SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = $1 AND t.typname = $2 ORDER BY e.enumsortorder
            """, [live.schema, live.name])
        guard !wanted.isEmpty else {
            return .notDrafted(reason: "the reference schema has no enum \(path) — is it the schema the deployed code expects?")
        }
        guard wanted.contains(value) else {
            return .notDrafted(reason: "the reference's \(path) has no label \(value) either (it has \(wanted.joined(separator: ", "))): no migration adds it, so the code must not send it")
        }
        let qualified = try reference.quoted(live.schema, live.name)
        let missing = wanted.filter { !live.labels.contains($0) }
        var present = Set(live.labels), statements: [String] = []
        for label in missing {
            let index = wanted.firstIndex(of: label)!
            var position = ""
            if let before = wanted[..<index].last(where: present.contains) {
                position = " AFTER \(try literal(before))"
            } else if let after = wanted[(index + 1)...].first(where: present.contains) {
                position = " BEFORE \(try literal(after))"
            }
            statements.append("ALTER TYPE \(qualified) ADD VALUE \(try literal(label))\(position)")
            present.insert(label)
        }
        let labels = "ARRAY[\(try missing.map(literal).joined(separator: ", "))]::text[]"
        let type = try literal(qualified)
        let refusal = try literal("\(path): PostgreSQL cannot remove a label from an enum (there is no ALTER TYPE … DROP VALUE); recreate the type by hand if the labels must go")
        var drafted = DraftedPlaybook(
            id: Self.identifier(["label", live.name, value]), title: "Add label\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) to enum \(path)",
            description: """
                Drafted by logmedic from the reference schema: \(path) has \(wanted.joined(separator: ", ")) there and \
                lacks \(missing.joined(separator: ", ")) here, so a migration that adds \(missing.count == 1 ? "it" : "them") never ran. \
                ADD VALUE changes only the catalog; a label added in a transaction can be written only after it \
                commits. It cannot be reverted: PostgreSQL has no way to remove an enum label. Unvetted: review \
                every file, then approve.
                """,
            rule: rule, relations: nil, columns: nil, absent: [], present: [],
            absentColumns: [], presentColumns: [],
            statements: statements, hazards: [],
            verify: """
                -- One row per label deploy.sql adds that the enum lacks; no rows means verified.
                SELECT 'missing label' AS problem, label FROM unnest(\(labels)) AS label
                WHERE NOT EXISTS (SELECT FROM pg_enum e WHERE e.enumtypid = to_regtype(\(type)) AND e.enumlabel = label)

                """,
            revert: """
                -- An enum label cannot be removed: this refuses, and changes nothing.
                DO $$
                BEGIN
                    RAISE EXCEPTION USING MESSAGE = \(refusal);
                END
                $$;

                """)
        drafted.captures = ["type": [logged]]
        let added = try missing.flatMap { label in
            try reference.strings("""
                SELECT e.oid::text FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = $1 AND t.typname = $2 AND e.enumlabel = $3
                """, [live.schema, live.name, label])
        }
        let pending = try pendingMigration(parts: Set(added.compactMap { Int($0) }))
        drafted.note = pending?.note
        drafted.follow(pending)
        drafted.applied = """
            -- Whether deploy.sql already ran: the enum has every label it adds.
            SELECT count(*) = \(missing.count) FROM pg_enum WHERE enumtypid = to_regtype(\(type)) AND enumlabel = ANY (\(labels))

            """
        return try finish(drafted)
    }
}
