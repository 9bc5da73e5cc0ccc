extension Correlator {
    /// `relation "x" does not exist`: is the relation still missing now?
    func missingRelation(_ group: FindingGroup) -> Correlation {
        guard let name = group.capture("relation") else {
            return Correlation(check: .missingRelation, status: .inconclusive, summary: "The message names no relation.")
        }
        let schemaName = group.capture("schema")
        let shown = schemaName.map { "\($0).\(name)" } ?? name
        guard let snapshot else { return Self.notChecked(.missingRelation, "whether \(shown) exists") }
        if let relation = snapshot.relation(named: name, schema: schemaName) {
            var result = Correlation(
                check: .missingRelation, status: .resolved,
                summary: "\(Self.qualified(relation)) exists now (\(relation.kind.rawValue), \(relation.columns.count) columns): the error is from before it was created.")
            result.table = Self.qualified(relation)
            result.evidence = ["\(relation.kind.rawValue) \(Self.qualified(relation)) found in database \(snapshot.database)"]
            return result
        }
        var result = Correlation(
            check: .missingRelation, status: .confirmed,
            summary: "\(shown) does not exist in database \(snapshot.database) (searched \(schemaName.map { "schema \($0)" } ?? "search_path " + snapshot.searchPath.joined(separator: ", "))).")
        result.similarRelations = similarRelations(to: name)
        result.evidence = ["no table, view or materialized view named \(shown) among \(snapshot.relations.count) relations"]
        if let similar = result.similarRelations, !similar.isEmpty {
            result.evidence.append("similar names that do exist: \(similar.joined(separator: ", "))")
        }
        return result
    }

    /// `column "x" does not exist`: the table's real columns and the nearest one.
    func missingColumn(_ group: FindingGroup) -> Correlation {
        guard let column = group.capture("column") else {
            return Correlation(check: .missingColumn, status: .inconclusive, summary: "The message names no column.")
        }
        let tableName = group.capture("table")
        guard let snapshot else { return Self.notChecked(.missingColumn, "the columns of \(tableName ?? "the table")") }
        let tables: [Relation]
        if let tableName {
            guard let relation = snapshot.relation(named: tableName) else {
                var result = Correlation(check: .missingColumn, status: .inconclusive,
                                         summary: "\(tableName) is not a relation in \(snapshot.database) (it may be a query alias).")
                result.similarRelations = similarRelations(to: tableName)
                return result
            }
            tables = [relation]
        } else {
            tables = snapshot.relations.filter { $0.column(named: column) != nil }
        }
        if let table = tables.first(where: { $0.column(named: column) != nil }) {
            var result = Correlation(check: .missingColumn, status: .resolved,
                                     summary: "\(Self.qualified(table)).\(column) exists now.")
            result.table = Self.qualified(table)
            return result
        }
        guard let table = tables.first else {
            return Correlation(check: .missingColumn, status: .confirmed,
                               summary: "No relation in \(snapshot.database) has a column named \(column).")
        }
        var result = Correlation(check: .missingColumn, status: .confirmed,
                                 summary: "\(Self.qualified(table)) has no column \(column).")
        result.table = Self.qualified(table)
        result.columns = table.columns.map(Self.describe)
        if let nearest = ColumnMatcher.nearest(to: column, in: table) {
            result.suggestion = nearest.name
            result.summary += " Nearest existing column: \(nearest.name) (\(nearest.type))."
        }
        return result
    }
}
