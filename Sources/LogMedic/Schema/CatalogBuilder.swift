/// Assembles relations from the inspector's flat catalog rows, one pass per query, keyed by relation oid.
struct CatalogBuilder {
    private(set) var relations: [Relation] = []
    private var position: [String: Int] = [:]

    /// Rows: oid, schema, name, relkind, attnum, column, type, not null, default (column fields NULL when
    /// none), in any order.
    mutating func addColumns(_ result: PostgresResult) {
        var numbered: [[(number: Int, column: Column)]] = []
        for row in 0..<result.rowCount {
            guard let oid = result[row, 0], let schema = result[row, 1], let name = result[row, 2] else { continue }
            if position[oid] == nil {
                position[oid] = relations.count
                relations.append(Relation(schema: schema, name: name, kind: Self.kind(result[row, 3]), columns: []))
                numbered.append([])
            }
            guard let number = result[row, 4].flatMap({ Int($0) }), let column = result[row, 5],
                  let type = result[row, 6] else { continue }
            numbered[position[oid]!].append((number, Column(
                name: column, type: type, isNullable: result[row, 7] != "t", defaultExpression: result[row, 8])))
        }
        for (index, columns) in numbered.enumerated() {
            relations[index].columns = columns.sorted { $0.number < $1.number }.map(\.column)
        }
    }

    /// Rows: relation oid, constraint oid, type (p/u/f), name, column, referenced schema, table, column,
    /// on delete, on update — one row per key column, in key order.
    mutating func addConstraints(_ result: PostgresResult) {
        for (index, rows) in groups(result, keyColumn: 1) {
            let columns = rows.compactMap { result[$0, 4] }
            let first = rows.lowerBound
            switch result[first, 2] {
            case "p":
                relations[index].primaryKey = columns
            case "u":
                relations[index].uniqueConstraints.append(.init(name: result[first, 3] ?? "", columns: columns))
            default:
                relations[index].foreignKeys.append(Relation.ForeignKey(
                    name: result[first, 3] ?? "", columns: columns,
                    referencedSchema: result[first, 5] ?? "", referencedTable: result[first, 6] ?? "",
                    referencedColumns: rows.compactMap { result[$0, 7] },
                    onDelete: Self.action(result[first, 8]), onUpdate: Self.action(result[first, 9])))
            }
        }
        sortParts()
    }

    /// Rows: relation oid, index oid, name, unique, primary, definition (first row only), key column.
    mutating func addIndexes(_ result: PostgresResult) {
        for (index, rows) in groups(result, keyColumn: 1) {
            let first = rows.lowerBound
            relations[index].indexes.append(Relation.Index(
                name: result[first, 2] ?? "", columns: rows.compactMap { result[$0, 6] },
                isUnique: result[first, 3] == "t", isPrimary: result[first, 4] == "t",
                definition: result[first, 5] ?? ""))
        }
        sortParts()
    }

    /// Runs of consecutive rows sharing column `keyColumn`, each with the position of its relation.
    private func groups(_ result: PostgresResult, keyColumn: Int) -> [(relation: Int, rows: Range<Int>)] {
        var groups: [(relation: Int, rows: Range<Int>)] = []
        var start = 0
        while start < result.rowCount {
            let key = result[start, keyColumn]
            var end = start + 1
            while end < result.rowCount, result[end, keyColumn] == key { end += 1 }
            if let oid = result[start, 0], let index = position[oid] { groups.append((index, start..<end)) }
            start = end
        }
        return groups
    }

    private mutating func sortParts() {
        for index in relations.indices {
            relations[index].uniqueConstraints.sort { $0.name < $1.name }
            relations[index].indexes.sort { $0.name < $1.name }
            relations[index].foreignKeys.sort { $0.name < $1.name }
        }
    }

    static func kind(_ relkind: String?) -> Relation.Kind {
        switch relkind {
        case "v": .view
        case "m": .materializedView
        case "p": .partitionedTable
        case "f": .foreignTable
        default: .table
        }
    }

    static func action(_ code: String?) -> Relation.ForeignKey.Action {
        switch code {
        case "r": .restrict
        case "c": .cascade
        case "n": .setNull
        case "d": .setDefault
        default: .noAction
        }
    }
}
