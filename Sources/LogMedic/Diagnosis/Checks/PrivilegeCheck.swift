/// `permission denied for table orders` (42501, also `sequence`, `schema`): does the role that failed lack
/// the privilege on the server given with --db now? The role is the one the server logged (`%u`), else the
/// role --db connects as. A table needs what the logged statement does (its `STATEMENT:` or `[SQL: …]`:
/// SELECT, INSERT, UPDATE, DELETE, and SELECT for RETURNING), else any of the four; a sequence USAGE, a
/// schema USAGE. Asked with `has_*_privilege`, every value bound. Not applicable when the object does not
/// exist (a missing relation, another check's). Facts: `role`, `object` (schema-qualified, quoted as SQL),
/// `schema` and `name` (as stored; a schema has no `name`), `kind`, `lacking`.
struct PrivilegeCheck: Check {
    let name = "privilege"
    let requiredCaptures: [String] = []
    let facts = ["role", "object", "schema", "name", "kind", "lacking"]

    private static let tableCommands = ["SELECT", "INSERT", "UPDATE", "DELETE"]

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let object = group.capture("object"), let kind = group.capture("kind"),
              ["table", "sequence", "schema"].contains(kind) else {
            return result(.inconclusive, "The message names no table, sequence or schema.")
        }
        guard let database = context.database else {
            return context.snapshot == nil ? notChecked("whether the role may use \(kind) \(object)") : needsLiveDatabase("a role's privileges")
        }
        do {
            let logged = group.samples.compactMap(\.user).first
            guard let role = try logged ?? database.rows("SELECT current_user::text").first?[0] else {
                return result(.inconclusive, "The log names no role.")
            }
            let whose = logged == nil ? "\(role) (the role --db connects as; the log names none)" : role
            guard try database.rows("SELECT FROM pg_roles WHERE rolname = $1", [role]).count == 1 else {
                return result(.inconclusive, "No role \(role) on this server: the log comes from another one.")
            }
            guard let (oid, shown, schema) = try Self.resolve(object, kind: kind, on: database) else {
                return result(.notApplicable, "No \(kind) \(object) on this database: it is missing, not forbidden.")
            }
            let statementNeeds = Self.needed(kind: kind, statements: group.samples.map(\.text))
            let wanted = statementNeeds ?? (kind == "table" ? Self.tableCommands : ["USAGE"])
            let function = "has_\(kind)_privilege"
            let lacking = try wanted.filter { privilege in
                try database.rows("SELECT \(function)($1::name, $2::oid, $3)::text", [role, oid, privilege]).first?[0] != "true"
            }
            let what = statementNeeds == nil && kind == "table" ? "" : " (what the statement needs)"
            var correlation = lacking.isEmpty
                ? result(.resolved, "\(whose) has \(wanted.joined(separator: ", ")) on \(kind) \(shown) now\(what): the failures came before it was granted.")
                : result(.confirmed, "\(whose) lacks \(lacking.joined(separator: ", ")) on \(kind) \(shown)\(what): it was never granted here.")
            correlation.facts = ["role": role, "object": shown, "schema": schema, "kind": kind]
            if kind != "schema" { correlation.facts["name"] = object }
            if !lacking.isEmpty { correlation.facts["lacking"] = lacking.joined(separator: ", ") }
            if kind != "schema" { correlation.table = shown }
            return correlation
        } catch {
            return result(.inconclusive, "Could not read the role's privileges: \(error).")
        }
    }

    /// The object the server named (it prints a relation without its schema): the one on the search path,
    /// else the only one of that name; its oid, its name quoted as SQL and its schema.
    static func resolve(_ object: String, kind: String, on database: LiveDatabase) throws -> (String, String, String)? {
        if kind == "schema" {
            return try database.rows("SELECT oid::text, format('%I', nspname) FROM pg_namespace WHERE nspname = $1", [object]).first
                .flatMap { row in row[0].map { ($0, row[1] ?? object, object) } }
        }
        let rows = try database.rows("""
            SELECT c.oid::text, format('%I.%I', n.nspname, c.relname), n.nspname = ANY (current_schemas(false)), n.nspname::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = $1 AND c.relkind = ANY ($2::"char"[])
            ORDER BY array_position(current_schemas(false), n.nspname::name)
            """, [object, kind == "sequence" ? "{S}" : "{r,p,v,m,f}"])
        guard let row = rows.first(where: { $0[2] == "t" }) ?? (rows.count == 1 ? rows[0] : nil), let oid = row[0] else { return nil }
        return (oid, row[1] ?? object, row[3] ?? "")
    }

    /// The table privileges the logged statements need, nil when none is logged (or for a sequence or schema).
    static func needed(kind: String, statements texts: [String]) -> [String]? {
        guard kind == "table" else { return nil }
        var needed: [String] = []
        for text in texts {
            for statement in StatementRelations.loggedStatements(in: text) {
                let words = statement.uppercased().split(whereSeparator: { !$0.isLetter && $0 != "_" })
                guard let verb = words.first.map(String.init), tableCommands.contains(verb) else { continue }
                let reads = verb != "SELECT" && (words.contains("RETURNING") || (verb != "INSERT" && words.contains("WHERE")))
                for privilege in [verb] + (reads ? ["SELECT"] : []) where !needed.contains(privilege) { needed.append(privilege) }
            }
        }
        return needed.isEmpty ? nil : tableCommands.filter(needed.contains)
    }
}
