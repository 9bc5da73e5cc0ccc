/// `function uuid_generate_v4() does not exist` (42883), `type "citext" does not exist` (42704): is the
/// function or type one that a known extension provides (checks/extensions.yaml), is that extension
/// available on this server and not installed? Reads `function`, or `name` when `kind` is `type` (or a
/// `type` capture). Needs a live database: a schema file does not list extensions.
/// Facts: `object`, `extension`, `extension_version` (the version CREATE EXTENSION would install),
/// `extension_available` (`yes`/`no`). Actionable only when the extension can be created here.
struct MissingExtensionCheck: Check {
    let name = "missing_extension"
    let requiredCaptures: [String] = []
    let facts = ["object", "extension", "extension_version", "extension_available"]

    /// An extension that can be created here; or the application's own function or type, confirmed missing
    /// (no extension provides it): a playbook drafted from the reference creates it.
    func isActionable(_ correlation: Correlation) -> Bool {
        correlation.status == .confirmed
            && (correlation.facts["extension_available"] == "yes"
                || (correlation.facts["extension"] == nil && correlation.facts["object"] != nil))
    }

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        let typeName = group.capture("type") ?? (group.capture("kind") == "type" ? group.capture("name") : nil)
        guard let object = group.capture("function") ?? typeName else {
            return result(.notApplicable, "The message names no function or type.")
        }
        let map: ExtensionMap
        switch ExtensionMap.builtin {
        case .success(let loaded): map = loaded
        case .failure(let error): return result(.inconclusive, "The extension map could not be read: \(error).")
        }
        guard let extensions = map.providers[object] else {
            let inconclusive = result(.inconclusive, "No known extension provides \(object) (checks/extensions.yaml): a migration that creates it may not have run, or the arguments need casts.")
            guard let database = context.database else { return inconclusive }
            if group.capture("function") == nil {
                // The application's own type (an enum a migration creates): confirmed missing when the database
                // has no type of that name in any schema (one off the search_path: left inconclusive).
                do {
                    let parts = object.split(separator: ".", maxSplits: 1).map(String.init)
                    let (schema, name) = parts.count == 2 ? (Optional(parts[0]), parts[1]) : (nil, object)
                    let found = try database.rows("""
                        SELECT EXISTS (SELECT FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                                       WHERE t.typname = $1 AND ($2::text IS NULL OR n.nspname = $2)),
                               to_regtype($3) IS NOT NULL
                        """, [name, schema, (schema.map { SQLText.identifier($0) + "." } ?? "") + SQLText.identifier(name)]).first
                    if found?[1] == "t" {
                        var correlation = result(.resolved, "Type \(object) exists now: the errors are from before it was created.")
                        correlation.facts = ["object": object, "extension_available": "no"]
                        return correlation
                    }
                    guard found?[0] != "t" else { return inconclusive }
                    var correlation = result(.confirmed, "Type \(object) does not exist in this database in any schema, and no known extension provides it: the migration that creates it has not run here.")
                    correlation.facts = ["object": object, "extension_available": "no"]
                    return correlation
                } catch {
                    return inconclusive
                }
            }
            // The application's own function: confirmed missing when the database has no function of that name
            // at all, in any schema (one of another signature or off the search_path: the arguments may need
            // casts or the schema qualification, left inconclusive).
            do {
                let parts = object.split(separator: ".", maxSplits: 1).map(String.init)
                let (schema, name) = parts.count == 2 ? (Optional(parts[0]), parts[1]) : (nil, object)
                let any = try database.rows("""
                    SELECT EXISTS (SELECT FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                                   WHERE p.proname = $1 AND ($2::text IS NULL OR n.nspname = $2))
                    """, [name, schema]).first?.first == "t"
                if any, let arguments = group.capture("arguments"),
                   try database.rows("SELECT to_regprocedure($1) IS NOT NULL", ["\(object)(\(arguments))"]).first?.first == "t" {
                    // The logged signature resolves now (the call's argument types as the server printed them).
                    var correlation = result(.resolved, "\(object)(\(arguments)) exists now: the errors are from before it was created.")
                    correlation.facts = ["object": object, "extension_available": "no"]
                    return correlation
                }
                guard !any else { return inconclusive }
                var correlation = result(.confirmed, "\(object)() does not exist in this database under any argument types, and no known extension provides it: the migration that creates it has not run here.")
                correlation.facts = ["object": object, "extension_available": "no"]
                return correlation
            } catch {
                return inconclusive
            }
        }
        guard let database = context.database else {
            var correlation = context.snapshot == nil ? notChecked("whether extension \(extensions[0]) is installed") : needsLiveDatabase("which extensions are installed")
            correlation.facts = ["object": object, "extension": extensions[0]]
            return correlation
        }
        do {
            return try correlate(object: object, isType: typeName != nil && group.capture("function") == nil, extensions: extensions, database)
        } catch {
            return result(.inconclusive, "Could not read pg_available_extensions: \(error).")
        }
    }

    private func correlate(object: String, isType: Bool, extensions: [String], _ database: LiveDatabase) throws -> Correlation {
        let visible = isType
            ? "SELECT to_regtype($1) IS NOT NULL"
            : "SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = $1 AND pg_function_is_visible(oid))"
        let exists = try database.rows(visible, [isType ? SQLText.identifier(object) : object]).first?.first == "t"
        let rows = try database.rows("SELECT name, default_version, installed_version, (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = a.name) FROM pg_available_extensions a WHERE name = ANY($1::text[]) ORDER BY name",
                                     ["{" + extensions.map { "\"\($0)\"" }.joined(separator: ",") + "}"])
        let shown = isType ? "type \(object)" : "\(object)()"
        var facts = ["object": object, "extension": extensions[0], "extension_available": "no"]
        if exists {
            var correlation = result(.resolved, "\(shown) exists now\(rows.first { $0[2] != nil }.map { " (extension \($0[0] ?? "") \($0[2] ?? "") is installed)" } ?? ""): the errors are from before.")
            correlation.facts = facts
            return correlation
        }
        if let installed = rows.first(where: { $0[2] != nil }), let extensionName = installed[0] {
            facts["extension"] = extensionName
            var correlation = result(.inconclusive, "Extension \(extensionName) \(installed[2] ?? "") is installed in schema \(installed[3] ?? "?"), but \(shown) is not visible: that schema is not on the search_path, or the arguments need casts.")
            correlation.facts = facts
            return correlation
        }
        guard let available = rows.first, let extensionName = available[0] else {
            var correlation = result(.confirmed, "\(shown) does not exist and extension \(extensions.joined(separator: " or ")), which provides it, is not available on this server: install its package (e.g. postgresql-contrib or the extension's own) first.")
            correlation.facts = facts
            return correlation
        }
        facts["extension"] = extensionName
        facts["extension_version"] = available[1] ?? ""
        facts["extension_available"] = "yes"
        var correlation = result(.confirmed, "\(shown) does not exist: extension \(extensionName) provides it, is available (version \(available[1] ?? "?")) and is not installed in this database.")
        correlation.evidence = ["pg_available_extensions: \(extensionName) default_version \(available[1] ?? "?"), installed_version NULL"]
        correlation.facts = facts
        return correlation
    }
}
