/// `relation "x" does not exist`: is the relation still missing now? The name in a server message is the
/// stored name (already case-folded by the parser), so it is compared exactly, in the logged schema or
/// along the search path as the server resolves it; `pg_temp` relations are one session's and are
/// reported as not actionable.
/// Facts: `qualified` (as logged, schema-qualified when it was), `schema` (logged, else the first schema
/// on the search path), `regclass` (schema and name as SQL identifiers), `similar` (the closest existing
/// name), `table` (the relation that exists now, when resolved).
struct MissingRelationCheck: Check {
    let name = "missing_relation"
    let requiredCaptures = ["relation"]
    let facts = ["qualified", "schema", "regclass", "similar", "table"]

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
            correlation.facts = facts
            return correlation
        }
        guard let snapshot = context.snapshot else {
            var correlation = notChecked("whether \(shown) exists")
            correlation.facts = facts
            return correlation
        }
        if let relation = snapshot.relation(exactly: relationName, schema: schemaName) {
            var correlation = result(
                .resolved,
                "\(CheckText.qualified(relation)) exists now (\(relation.kind.rawValue), \(relation.columns.count) columns): the error is from before it was created.")
            correlation.table = CheckText.qualified(relation)
            correlation.evidence = ["\(relation.kind.rawValue) \(CheckText.qualified(relation)) found in database \(snapshot.database)"]
            facts["table"] = correlation.table
            correlation.facts = facts
            return correlation
        }
        var correlation = result(
            .confirmed,
            "\(shown) does not exist in database \(snapshot.database) (searched \(schemaName.map { "schema \($0)" } ?? "search_path " + snapshot.searchPath.joined(separator: ", "))).")
        let similar = snapshot.similarRelations(to: relationName)
        correlation.similarRelations = similar
        correlation.evidence = ["no table, view or materialized view named \(shown) among \(snapshot.relations.count) relations"]
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
}
