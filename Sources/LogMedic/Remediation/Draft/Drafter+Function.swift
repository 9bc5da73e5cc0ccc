import Foundation

extension Drafter {
    /// One of the application's own functions that a migration creates and the target lacks
    /// (`function invoice_total(integer) does not exist`): its definition as the reference server prints it
    /// (`pg_get_functiondef`, schema-qualified), the overload whose argument types are the log's when it gives
    /// them, after the enum and domain types it takes or returns that the target lacks. Tables its body reads
    /// are not created: when the target lacks one, nothing is drafted and the reason names it.
    /// An extension's function is not drafted here (the create_extension playbook installs the extension).
    /// `procedure`: the log says `procedure x(…) does not exist` (a CALL): the reference's procedure of that name.
    func missingFunction(_ logged: String, arguments: String?, procedure: Bool = false, rule: String) throws -> Draft.Outcome {
        let noun = procedure ? "procedure" : "function"
        let parts = logged.split(separator: ".", maxSplits: 1).map(String.init)
        let (schema, name) = parts.count == 2 ? (Optional(parts[0]), parts[1]) : (nil, logged)
        let rows = try reference.connection.query("""
            SELECT p.oid, n.nspname, p.proname,
                   array_to_string(ARRAY(SELECT format_type(a.t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, i) ORDER BY a.i), ', '),
                   format('%I.%I', n.nspname, p.proname), pg_get_functiondef(p.oid),
                   EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prokind = $3 AND (p.proname = $1 OR lower(p.proname) = lower($1)) AND ($2::text IS NULL OR n.nspname = $2)
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            ORDER BY p.proname = $1 DESC, n.nspname = 'public' DESC, n.nspname, p.pronargs, p.oid
            """, [name, schema, procedure ? "p" : "f"])
        struct Candidate { var oid: Int; var schema: String; var name: String; var types: String; var quoted: String; var definition: String; var fromExtension: Bool }
        let all = (0..<rows.rowCount).compactMap { row -> Candidate? in
            guard let oid = rows.int(row, 0), let schema = rows[row, 1], let name = rows[row, 2], let quoted = rows[row, 4],
                  let definition = rows[row, 5] else { return nil }
            return Candidate(oid: oid, schema: schema, name: name, types: rows[row, 3] ?? "", quoted: quoted,
                             definition: definition, fromExtension: rows.bool(row, 6))
        }
        let shown = "\(logged)(\(arguments ?? ""))"
        guard !all.isEmpty else {
            return .notDrafted(reason: "the reference schema has no \(noun) \(logged) either — is it the schema the deployed code expects, or does an extension the map does not know provide it?")
        }
        // The log's argument types as the server printed them under the application's search_path (`unknown`
        // for an untyped literal, which matches any type); the reference prints them schema-qualified.
        let wanted = arguments.map { $0.isEmpty ? [] : Self.splitTypes($0) }
        func matches(_ candidate: Candidate) -> Bool {
            guard let wanted else { return true }
            let have = candidate.types.isEmpty ? [] : Self.splitTypes(candidate.types)
            return have.count == wanted.count && zip(have, wanted).allSatisfy { ref, log in
                log == "unknown" || ref == log || ref.split(separator: ".").last.map(String.init) == log.split(separator: ".").last.map(String.init)
            }
        }
        let fitting = all.filter(matches)
        guard fitting.count == 1, let function = fitting.first else {
            let listed = all.map { "\($0.quoted)(\($0.types))" }.joined(separator: ", ")
            return .notDrafted(reason: fitting.isEmpty
                ? "the reference has \(listed), none taking \(shown)'s argument types: the call may need casts"
                : "several of the reference's functions fit \(shown): \(fitting.map { "\($0.quoted)(\($0.types))" }.joined(separator: ", ")) — create the one the code calls by hand")
        }
        if function.fromExtension {
            return .notDrafted(reason: "\(function.quoted) belongs to an extension in the reference: install that extension on the target (CREATE EXTENSION), do not copy its function")
        }
        let signature = "\(function.quoted)(\(function.types))"

        // Tables its body reads (its dependencies for a BEGIN ATOMIC body; otherwise the reference's tables whose
        // name its source text mentions as a word) that the target lacks: needed first, not created here.
        let read = try reference.connection.query("""
            SELECT DISTINCT n.nspname, c.relname, format('%I.%I', n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, pg_proc p
            WHERE p.oid = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND (EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                AND d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid)
                   OR p.prosrc ~ ('\\m' || regexp_replace(c.relname, '([^A-Za-z0-9_])', '\\\\\\1', 'g') || '\\M'))
            ORDER BY 3
            """, [String(function.oid)])
        var lacking: [String] = []
        for row in 0..<read.rowCount {
            guard let tableSchema = read[row, 0], let table = read[row, 1], let quoted = read[row, 2] else { continue }
            if try !target.relationExists(tableSchema, table) { lacking.append(quoted) }
        }
        if !lacking.isEmpty {
            return .notDrafted(reason: "\(signature) reads \(lacking.joined(separator: ", ")), which the target lacks: a \(noun) draft does not create tables — create \(lacking.count == 1 ? "it" : "them") first (draft it from its own `relation … does not exist`, or run its migration), then draft again")
        }

        var before: [String] = [], dropLast: [String] = []
        if try !target.schemaExists(function.schema) {
            before.append(try createSchemaIfAbsent(function.schema))
            dropLast.insert(try dropSchemaUnlessUsed(function.schema), at: 0)
        }
        for type in try reference.types(ofFunction: function.oid) where try !target.typeExists(type.schema, type.name) {
            guard let create = type.create else {
                return .notDrafted(reason: "\(signature) uses type \(type.schema).\(type.name) (kind \(type.kind)), which only enum and domain drafts create — create it by hand first")
            }
            before.append(try createTypeIfAbsent(type.schema, type.name, create: create))
            dropLast.insert(try dropTypeUnlessUsed(type.schema, type.name), at: 0)
        }
        // CREATE, not CREATE OR REPLACE: a function of that signature that appeared meanwhile makes it fail.
        var create = function.definition.trimmingCharacters(in: .whitespacesAndNewlines)
        for kind in ["FUNCTION", "PROCEDURE"] where create.hasPrefix("CREATE OR REPLACE \(kind) ") {
            create = "CREATE \(kind) " + create.dropFirst("CREATE OR REPLACE \(kind) ".count)
        }
        let statements = before + [create]
        let verify = """
            -- The \(noun) exists with the reference's signature; a row says it does not.
            SELECT 'missing: ' || \(try literal(signature)) WHERE to_regprocedure(\(try literal(signature))) IS NULL
            """
        let revert = """
            -- Removes exactly what deploy.sql created; the server refuses while anything (a view, a default, a trigger) uses it.
            DROP \(procedure ? "PROCEDURE" : "FUNCTION") \(signature);
            \(dropLast.map { $0 + ";" }.joined(separator: "\n"))
            """
        var playbook = DraftedPlaybook(
            id: Self.identifier(["create", function.name]), title: "Create \(noun) \(signature)",
            description: "Drafted by logmedic from the reference schema: the \(noun) \(signature) as the reference server prints it (pg_get_functiondef), with what the target lacks of the types it takes and returns. Unvetted: review every file, then approve.",
            rule: rule, relations: nil, columns: nil, absent: [], present: [],
            absentColumns: [], presentColumns: [],
            statements: statements, hazards: [], verify: verify + "\n",
            revert: revert.trimmingCharacters(in: .whitespacesAndNewlines) + "\n")
        // Offered for its own problem only, not for every missing function of the rule.
        playbook.captures = ["function": [logged]]
        let pending = try pendingMigration(parts: [function.oid])
        playbook.note = pending?.note
        playbook.follow(pending)
        playbook.applied = "-- Whether deploy.sql already ran: the \(noun) exists with that signature.\nSELECT to_regprocedure(\(try literal(signature))) IS NOT NULL\n"
        return try finish(playbook)
    }

    /// `character varying, numeric(10,2), "My Type"` → its types, split on top-level commas.
    static func splitTypes(_ list: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0, quoted = false
        for character in list {
            switch character {
            case "\"": quoted.toggle()
            case "(" where !quoted: depth += 1
            case ")" where !quoted: depth -= 1
            case "," where !quoted && depth == 0:
                parts.append(current.trimmingCharacters(in: .whitespaces)); current = ""; continue
            default: break
            }
            current.append(character)
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }
}
