extension Drafter {
    // What a draft brings along that other drafts of the same run may bring too: a schema, an enum or domain
    // type, a trigger function (`set_updated_at()`), an extension. Each is created only where it is absent
    // when deploy.sql runs, and each revert drops it only when nothing uses it any more (the server refuses
    // the drop, 2BP01, while another draft's table, column or trigger depends on it), so such drafts apply
    // and revert in any order. The statements stay as the reference printed them, dollar-quoted.

    /// A revert's guard: a block that raises `message` (an SQL literal), and so changes nothing, while `condition`
    /// holds (rows written since the apply that the revert would lose or break).
    static func refusal(while condition: String, _ message: String) -> String {
        """
        DO $$
        BEGIN
            IF \(condition) THEN
                RAISE EXCEPTION USING MESSAGE = \(message);
            END IF;
        END
        $$;
        """
    }

    /// `statement`, run only when `absent` (a boolean SQL expression, evaluated when deploy.sql runs) holds.
    func createIfAbsent(_ statement: String, absent: String) -> String {
        let outer = Self.dollarTag("draft", avoiding: statement + absent), inner = Self.dollarTag("create", avoiding: statement)
        return """
            DO \(outer)
            BEGIN
                -- Shared: another draft (or migration) may have created it since; then it is kept as it is.
                IF \(absent) THEN
                    EXECUTE \(inner)\(statement)\(inner);
                END IF;
            END
            \(outer)
            """
    }

    /// `drop` (a `DROP … IF EXISTS`), kept back while anything still depends on what it drops.
    func dropUnlessUsed(_ drop: String, shown: String) throws -> String {
        let message = try literal("\(shown) kept: something still uses it (another draft's table or trigger?)")
        let tag = Self.dollarTag("draft", avoiding: drop + message)
        return """
            DO \(tag)
            BEGIN
                \(drop);
            EXCEPTION WHEN dependent_objects_still_exist THEN
                RAISE NOTICE USING MESSAGE = \(message);
            END
            \(tag)
            """
    }

    /// `CREATE FUNCTION` of a trigger function (`signature`: `schema.f()`) where no function of that signature exists.
    func createFunctionIfAbsent(_ signature: String, definition: String) throws -> String {
        createIfAbsent(definition, absent: "to_regprocedure(\(try literal(signature))) IS NULL")
    }

    func dropFunctionUnlessUsed(_ signature: String) throws -> String {
        try dropUnlessUsed("DROP FUNCTION IF EXISTS \(signature)", shown: signature)
    }

    func createSchemaIfAbsent(_ schema: String) throws -> String {
        let quoted = try reference.quoted(schema)
        return createIfAbsent("CREATE SCHEMA \(quoted)", absent: "to_regnamespace(\(try literal(quoted))) IS NULL")
    }

    /// Dropped only when empty: the server refuses to drop a schema that still holds anything.
    func dropSchemaUnlessUsed(_ schema: String) throws -> String {
        let quoted = try reference.quoted(schema)
        return try dropUnlessUsed("DROP SCHEMA IF EXISTS \(quoted)", shown: "schema \(schema)")
    }

    /// `create`: the reference's `CREATE TYPE` / `CREATE DOMAIN` of `schema.name`.
    func createTypeIfAbsent(_ schema: String, _ name: String, create: String) throws -> String {
        createIfAbsent(create, absent: "to_regtype(\(try literal(try reference.quoted(schema, name)))) IS NULL")
    }

    func dropTypeUnlessUsed(_ schema: String, _ name: String) throws -> String {
        let quoted = try reference.quoted(schema, name)
        return try dropUnlessUsed("DROP TYPE IF EXISTS \(quoted)", shown: "type \(schema).\(name)")
    }

    func dropExtensionUnlessUsed(_ name: String) throws -> String {
        let quoted = try reference.quoted(name)
        return try dropUnlessUsed("DROP EXTENSION IF EXISTS \(quoted)", shown: "extension \(name)")
    }

    /// `$name$`, or `$name_2$` … when the text contains it.
    static func dollarTag(_ name: String, avoiding text: String) -> String {
        var tag = "$\(name)$", n = 2
        while text.contains(tag) { tag = "$\(name)_\(n)$"; n += 1 }
        return tag
    }
}
