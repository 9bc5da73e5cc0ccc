extension Drafter {
    /// A write overflowed a `character varying(n)` column that the reference declares wider (a longer
    /// varchar, an unbounded one, or text): a migration that widened it never ran here. Drafted as the
    /// reference declares it; widening a varchar changes only the catalog (no rewrite, no index rebuild),
    /// under a brief ACCESS EXCLUSIVE lock. Any other type change is not drafted.
    func narrowColumn(_ name: String, of live: Relation, rule: String) throws -> Draft.Outcome {
        let path = "\(live.schema).\(live.name).\(name)"
        guard let (liveColumn, table, column) = try referenceColumn(name, of: live) else {
            return .notDrafted(reason: "the reference schema has no column \(path) either — is it the schema the deployed code expects?")
        }
        guard column.type != liveColumn.type else {
            return .notDrafted(reason: "the reference declares \(path) as \(column.type) too: no migration widens it, so the code must keep the value within it")
        }
        guard let have = Self.varcharLength(liveColumn.type), Self.isWider(column.type, than: have) else {
            return .notDrafted(reason: "the reference declares \(path) as \(column.type), the live column is \(liveColumn.type): only widening a character varying is drafted")
        }
        let qualified = try reference.quoted(table.schema, table.name)
        let quotedColumn = try reference.quoted(name)
        let alter = "ALTER TABLE \(qualified) ALTER COLUMN \(quotedColumn) TYPE"
        let message = try literal("\(path): values longer than \(have) characters were written since the draft was applied; shorten them before reverting")
        let statement = "\(alter) \(column.type)"
        let expected = try expectedRows(relations: [qualified], removing: [], statements: [statement],
                                        filter: { $0.kind == "column" && $0.name == name }, redraft: { nil })
        let verify = try CatalogCheck.verifySQL(expected: expected.tuples, exact: [], partial: [qualified],
                                                searchPath: expected.searchPath, quote: literal)
        var drafted = DraftedPlaybook(
            id: Self.identifier(["widen", live.name, name]), title: "Widen \(path) to \(column.type)",
            description: """
                Drafted by logmedic from the reference schema: \(path) is \(column.type) there and \(liveColumn.type) \
                here, so a migration that widened it never ran, and longer values fail. Widening a character \
                varying changes only the catalog (no table rewrite or index rebuild), under a brief ACCESS \
                EXCLUSIVE lock on \(qualified). Unvetted: review every file, then approve.
                """,
            rule: rule, relations: nil, columns: nil, absent: [], present: [qualified],
            absentColumns: [], presentColumns: [try reference.quoted(live.schema, live.name, name)],
            statements: [statement], hazards: [], verify: verify,
            revert: """
                -- Puts the column back to \(liveColumn.type); refuses (and changes nothing) while a longer value is stored.
                \(Self.refusal(while: "EXISTS (SELECT FROM \(qualified) WHERE char_length(\(quotedColumn)) > \(have))", message))
                \(alter) \(liveColumn.type);

                """)
        // The message names only the type; the check pinned the column.
        drafted.captures = ["type": [liveColumn.type]]
        drafted.applied = try appliedWhenNoLonger(liveColumn.type, column: name, of: qualified)
        return try finish(drafted)
    }

    /// A write the live column's type rejects, and the reference declares another type: a migration that changes
    /// it never ran here. A varchar the reference widens is `narrowColumn`'s; any other type is drafted as
    /// `ALTER COLUMN … TYPE <reference type> USING <column>::<reference type>` (a table rewrite under an ACCESS
    /// EXCLUSIVE lock, which its hazards say), the live default dropped first and the reference's set after. The revert puts the live type back, and refuses, changing
    /// nothing, while a stored value would not convert back unchanged (`12.50` into integer).
    func retypeColumn(_ name: String, of live: Relation, captures: [String: [String]], rule: String) throws -> Draft.Outcome {
        let path = "\(live.schema).\(live.name).\(name)"
        guard let (liveColumn, table, column) = try referenceColumn(name, of: live) else {
            return .notDrafted(reason: "the reference schema has no column \(path) either — is it the schema the deployed code expects?")
        }
        guard column.type != liveColumn.type else {
            return .notDrafted(reason: "the reference declares \(path) as \(column.type) too: no migration changes it, so the code must send \(column.type)")
        }
        if let have = Self.varcharLength(liveColumn.type), Self.isWider(column.type, than: have) {
            return try narrowColumn(name, of: live, rule: rule)
        }
        let qualified = try reference.quoted(table.schema, table.name)
        let quotedColumn = try reference.quoted(name)
        // A default goes first and comes back as the other side declares it: the server cannot always cast it
        // (`default for column "returned" cannot be cast automatically to type boolean`).
        func change(to type: String, droppingDefault: Bool, default newDefault: String?) -> String {
            let column = "ALTER COLUMN \(quotedColumn)"
            return "ALTER TABLE \(qualified) " + ((droppingDefault ? ["\(column) DROP DEFAULT"] : [])
                + ["\(column) TYPE \(type) USING \(quotedColumn)::\(type)"] + (newDefault.map { ["\(column) SET DEFAULT \($0)"] } ?? []))
                .joined(separator: ", ")
        }
        let statement = change(to: column.type, droppingDefault: liveColumn.defaultExpression != nil, default: column.defaultExpression)
        let back = change(to: liveColumn.type, droppingDefault: column.defaultExpression != nil, default: liveColumn.defaultExpression)
        let expected = try expectedRows(relations: [qualified], removing: [], statements: [statement],
                                        filter: { $0.kind == "column" && $0.name == name }, redraft: { nil })
        let verify = try CatalogCheck.verifySQL(expected: expected.tuples, exact: [], partial: [qualified],
                                                searchPath: expected.searchPath, quote: literal)
        let message = try literal("\(path): values stored since the draft was applied would not convert back to \(liveColumn.type) unchanged; change or remove them before reverting")
        var drafted = DraftedPlaybook(
            id: Self.identifier(["retype", live.name, name]), title: "Change \(path) from \(liveColumn.type) to \(column.type)",
            description: """
                Drafted by logmedic from the reference schema: \(path) is \(column.type) there and \(liveColumn.type) \
                here, so a migration that changed its type never ran, and values of the new type fail. Changing the \
                type rewrites \(qualified) and its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait \
                until it commits. Unvetted: review every file, then approve.
                """,
            rule: rule, relations: nil, columns: nil, absent: [], present: [qualified],
            absentColumns: [], presentColumns: [try reference.quoted(live.schema, live.name, name)],
            statements: [statement], hazards: [], verify: verify,
            revert: """
                -- Puts the column back to \(liveColumn.type); refuses (and changes nothing) while a stored value would not convert back unchanged.
                DO $$
                BEGIN
                    IF EXISTS (SELECT FROM \(qualified) WHERE \(quotedColumn)::\(liveColumn.type)::\(column.type) IS DISTINCT FROM \(quotedColumn)) THEN
                        RAISE EXCEPTION USING MESSAGE = \(message);
                    END IF;
                EXCEPTION WHEN data_exception THEN
                    RAISE EXCEPTION USING MESSAGE = \(message);
                END
                $$;
                \(back);

                """)
        drafted.captures = captures
        drafted.applied = try appliedWhenNoLonger(liveColumn.type, column: name, of: qualified)
        return try finish(drafted)
    }

    /// `applied.sql` of a type change: whether the column is no longer `type`.
    private func appliedWhenNoLonger(_ type: String, column name: String, of qualified: String) throws -> String {
        """
        -- Whether deploy.sql already ran: the column is no longer \(type).
        SELECT coalesce((SELECT format_type(a.atttypid, a.atttypmod) <> \(try literal(type))
                         FROM pg_attribute a WHERE a.attrelid = to_regclass(\(try literal(qualified))) AND a.attname = \(try literal(name))
                           AND NOT a.attisdropped), false)

        """
    }

    /// n of `character varying(n)`; nil for any other type.
    static func varcharLength(_ type: String) -> Int? {
        guard type.hasPrefix("character varying("), type.hasSuffix(")") else { return nil }
        return Int(type.dropFirst("character varying(".count).dropLast())
    }

    /// Text, an unbounded character varying, or one longer than `length`.
    static func isWider(_ type: String, than length: Int) -> Bool {
        type == "text" || type == "character varying" || (varcharLength(type).map { $0 > length } ?? false)
    }
}
