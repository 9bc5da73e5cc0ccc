/// `relation "x" does not exist`: is the relation still missing now? The name in a server message is the
/// stored name (already case-folded by the parser), so it is compared exactly, in the logged schema or
/// along the search path as the server resolves it; `pg_temp` relations are one session's and are
/// reported as not actionable.
/// Facts: `qualified` (as logged, schema-qualified when it was), `schema` (logged, else the first schema
/// on the search path), `regclass` (schema and name as SQL identifiers), `similar` (the closest existing
/// name), `table` (the relation that exists now, when resolved), `temporary` (the `pg_temp` schema as
/// logged, when the relation is a session's temporary one).
struct MissingRelationCheck: Check {
    let name = "missing_relation"
    let requiredCaptures = ["relation"]
    let facts = ["qualified", "schema", "regclass", "similar", "table", "temporary"]

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let relationName = group.capture("relation") else {
            return result(.inconclusive, "The message names no relation.")
        }
        let schemaName = group.capture("schema")
        let shown = schemaName.map { "\($0).\(relationName)" } ?? relationName
        let schemaForSQL = schemaName ?? context.snapshot?.searchPath.first ?? "public"
        var facts = ["qualified": shown, "schema": schemaForSQL,
                     "regclass": SQLText.identifier(schemaForSQL) + "." + SQLText.identifier(relationName)]
        if let schemaName, schemaName == "pg_temp" || schemaName.hasPrefix("pg_temp_") {
            var correlation = result(.inconclusive, "\(shown) is a temporary relation of one database session (pg_temp): nothing in the schema to check or create.")
            facts["temporary"] = schemaName
            correlation.facts = facts
            return correlation
        }
        guard let snapshot = context.snapshot else {
            var correlation = notChecked("whether \(shown) exists")
            correlation.facts = facts
            return correlation
        }
        let found = snapshot.relation(exactly: relationName, schema: schemaName)
        if let ambiguity = Self.ambiguity(of: shown, read: (schemaName, relationName), found: found, in: snapshot) {
            var correlation = result(.inconclusive, ambiguity)
            correlation.facts = facts
            return correlation
        }
        if let relation = found {
            var correlation = result(
                .resolved,
                "\(CheckText.qualified(relation)) exists now (\(relation.kind.rawValue), \(relation.columns.count) columns): the error is from before it was created.")
            correlation.table = CheckText.qualified(relation)
            correlation.evidence = ["\(relation.kind.rawValue) \(CheckText.qualified(relation)) found in database \(snapshot.database)"]
            facts["table"] = correlation.table
            correlation.facts = facts
            return correlation
        }
        if let sequence = snapshot.sequence(exactly: relationName, schema: schemaName) {
            let qualified = "\(sequence.schema).\(sequence.name)"
            var correlation = result(
                .resolved, "\(qualified) exists now (sequence): the error is from before it was created.")
            correlation.table = qualified
            correlation.evidence = ["sequence \(qualified) found in database \(snapshot.database)"]
            facts["table"] = qualified
            correlation.facts = facts
            return correlation
        }
        var correlation = result(
            .confirmed,
            "\(shown) does not exist in database \(snapshot.database) (searched \(schemaName.map { "schema \($0)" } ?? "search_path " + snapshot.searchPath.joined(separator: ", "))).")
        let similar = snapshot.similarRelations(to: relationName)
        correlation.similarRelations = similar
        correlation.evidence = ["no table, view, materialized view or sequence named \(shown) among \(snapshot.relations.count) relations and \(snapshot.sequences.count) sequences"]
        let elsewhere = snapshot.relations.filter { $0.name == relationName && $0.schema != schemaName }
        if schemaName == nil, !elsewhere.isEmpty {
            correlation.evidence.append("a relation of that name exists in \(elsewhere.map { "schema \($0.schema)" }.joined(separator: ", ")), which is not on the search_path")
        }
        if !similar.isEmpty {
            correlation.evidence.append("similar names that do exist: \(similar.joined(separator: ", "))")
            facts["similar"] = similar[0]
        }
        correlation.facts = facts
        return correlation
    }

    /// The server prints a qualified name as `schema.name`, unquoted: `a.b.c` is `a."b.c"`, `"a.b".c` or
    /// an unqualified `"a.b.c"`. When another reading than the one taken exists now, or the taken one
    /// exists while another could be meant (its schema exists) and does not, the verdict would be about a
    /// guess: the summary saying so, or nil when the name reads one way only or the readings agree.
    static func ambiguity(
        of shown: String, read taken: (schema: String?, name: String), found: Relation?, in snapshot: SchemaSnapshot
    ) -> String? {
        guard shown.contains(".") else { return nil }
        var readings: [(schema: String?, name: String)] = [(nil, shown)]
        var dot = shown.startIndex
        while let next = shown[dot...].firstIndex(of: ".") {
            readings.append((String(shown[..<next]), String(shown[shown.index(after: next)...])))
            dot = shown.index(after: next)
        }
        let others = readings.filter { $0.schema != taken.schema || $0.name != taken.name }
        let existing = others.map { snapshot.relation(exactly: $0.name, schema: $0.schema) }
        let conflicting: Bool
        if found == nil {
            conflicting = existing.contains { $0 != nil }
        } else {
            conflicting = zip(others, existing).contains { reading, relation in
                relation == nil && reading.schema.map { schema in snapshot.relations.contains { $0.schema == schema } } == true
            }
        }
        guard conflicting else { return nil }
        func described(_ reading: (schema: String?, name: String), _ relation: Relation?) -> String {
            let name = (reading.schema.map { SQLText.identifier($0) + "." } ?? "") + SQLText.identifier(reading.name)
            let place = reading.schema == nil ? " (on the search_path)" : ""
            return relation.map { "\(name)\(place) exists (\($0.kind.rawValue))" } ?? "\(name)\(place) does not exist"
        }
        let all = [described(taken, found)] + zip(others, existing).map(described)
        return "\(shown) can name several relations (the server prints schema and name joined by a dot): "
            + all.joined(separator: "; ") + ". Which one the query named is unknown; nothing is checked or fixed for it."
    }
}
