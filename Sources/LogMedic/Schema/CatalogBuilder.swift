/// Assembles relations from the inspector's flat catalog rows, one pass per query, keyed by relation oid.
///
/// Columns come first: they also give every later query the names of column numbers (constraint and index
/// keys arrive as numbers). Hot loops read integers straight from the result's bytes (`PostgresResult.int`).
struct CatalogBuilder {
    private(set) var relations: [Relation] = []
    private var position: [Int: Int] = [:]
    /// Per relation, its columns by number (index 0 unused; dropped columns are nil).
    private var columnsByNumber: [[IndexDefinition.Column?]] = []
    /// Per relation, the position in `columns` of each column number (-1: none).
    private var positionByNumber: [[Int]] = []
    /// Index texts the client could not compose: index oid → where the index sits, and the requests.
    private var pendingIndexes: [Int: (relation: Int, index: Int)] = [:]
    private(set) var indexTextRequests: (oids: [Int], positions: [Int]) = ([], [])

    /// Rows: oid, schema, name, relkind, attnum, column, type, not null, type oid, collation, quoted name
    /// (NULL when it needs no quotes) — column fields NULL when none — in any order.
    mutating func addColumns(_ result: PostgresResult) {
        var numbered: [[(number: Int, column: Column)]] = []
        var lastOID = -1, current = -1
        for row in 0..<result.rowCount {
            guard let oid = result.int(row, 0) else { continue }
            if oid != lastOID {
                lastOID = oid
                if let known = position[oid] {
                    current = known
                } else {
                    guard let schema = result[row, 1], let name = result[row, 2] else { continue }
                    current = relations.count
                    position[oid] = current
                    relations.append(Relation(schema: schema, name: name, kind: Self.kind(result[row, 3]), columns: []))
                    numbered.append([])
                    columnsByNumber.append([])
                }
            }
            guard let number = result.int(row, 4), number > 0, let name = result[row, 5], let type = result[row, 6]
            else { continue }
            numbered[current].append((number, Column(name: name, type: type, isNullable: !result.bool(row, 7))))
            if columnsByNumber[current].count <= number {
                columnsByNumber[current] += Array(repeating: nil, count: number + 1 - columnsByNumber[current].count)
            }
            columnsByNumber[current][number] = IndexDefinition.Column(
                name: name, quotedName: result.isNull(row, 10) ? name : result[row, 10]!,
                typeOID: result.int(row, 8) ?? 0, collation: result.int(row, 9) ?? 0)
        }
        for (index, columns) in numbered.enumerated() {
            let ordered = zip(columns, columns.dropFirst()).allSatisfy { $0.number < $1.number }
            let sorted = ordered ? columns : columns.sorted { $0.number < $1.number }
            relations[index].columns = sorted.map(\.column)
            var positions = Array(repeating: -1, count: columnsByNumber[index].count)
            for (offset, entry) in sorted.enumerated() { positions[entry.number] = offset }
            positionByNumber.append(positions)
        }
    }

    /// Rows: relation oid, column number, default or generation expression; after `addColumns`.
    mutating func addDefaults(_ result: PostgresResult) {
        for row in 0..<result.rowCount {
            guard let oid = result.int(row, 0), let index = position[oid], let number = result.int(row, 1),
                  number > 0, number < positionByNumber[index].count, positionByNumber[index][number] >= 0
            else { continue }
            relations[index].columns[positionByNumber[index][number]].defaultExpression = result[row, 2]
        }
    }

    /// Rows: relation oid, constraint oid, type (p/u/f), name, column number, referenced relation oid, referenced
    /// column number, referenced schema, table, on delete, on update, referenced column name (only when the
    /// referenced relation is not in the snapshot) — one row per key column, in key order.
    mutating func addConstraints(_ result: PostgresResult) {
        var start = 0
        while start < result.rowCount {
            let constraint = result.int(start, 1)
            var end = start + 1
            while end < result.rowCount, result.int(end, 1) == constraint { end += 1 }
            defer { start = end }
            guard let oid = result.int(start, 0), let index = position[oid] else { continue }
            let rows = start..<end
            let columns = rows.compactMap { row in result.int(row, 4).flatMap { columnName(index, $0) } }
            let name = result[start, 3] ?? ""
            switch result[start, 2] {
            case "p":
                relations[index].primaryKey = columns
            case "u":
                relations[index].uniqueConstraints.append(.init(name: name, columns: columns))
            default:
                let referenced = result.int(start, 5).flatMap { position[$0] }
                relations[index].foreignKeys.append(Relation.ForeignKey(
                    name: name, columns: columns,
                    referencedSchema: result[start, 7] ?? "", referencedTable: result[start, 8] ?? "",
                    referencedColumns: rows.compactMap { row in
                        referenced.flatMap { ref in result.int(row, 6).flatMap { columnName(ref, $0) } } ?? result[row, 11]
                    },
                    onDelete: Self.action(result[start, 9]), onUpdate: Self.action(result[start, 10])))
            }
        }
    }

    /// Rows: relation oid, name, definition.
    mutating func addChecks(_ result: PostgresResult) {
        for row in 0..<result.rowCount {
            guard let oid = result.int(row, 0), let index = position[oid], let name = result[row, 1],
                  let definition = result[row, 2] else { continue }
            relations[index].checkConstraints.append(.init(name: name, definition: definition))
        }
    }

    /// Rows: relation oid, index oid, name, unique, primary, key count, indkey, indclass, indcollation,
    /// indoption, definition head (plain btree only), nulls not distinct. Whatever cannot be composed here
    /// is queued in `indexTextRequests` for `addIndexTexts`.
    mutating func addIndexes(_ result: PostgresResult, defaultOpclass: [Int: Int]) {
        for row in 0..<result.rowCount {
            guard let oid = result.int(row, 0), let index = position[oid], let indexOID = result.int(row, 1),
                  let keyCount = result.int(row, 5), let numbers = result.ints(row, 6)
            else { continue }
            let definition = IndexDefinition(
                head: result[row, 10], keyCount: keyCount, attributeNumbers: numbers,
                operatorClasses: result.ints(row, 7) ?? [], collations: result.ints(row, 8) ?? [],
                options: result.ints(row, 9) ?? [], nullsNotDistinct: result.bool(row, 11))
            let composed = definition.text(column: { columnsByNumber[index].indices.contains($0) ? columnsByNumber[index][$0] : nil },
                                           defaultOpclass: defaultOpclass)
            var columns: [String] = []
            for (offset, number) in numbers.prefix(keyCount).enumerated() {
                if number > 0, let name = columnName(index, number) {
                    columns.append(name)
                } else {
                    columns.append("")
                    request(indexOID, position: offset + 1)
                }
            }
            if composed == nil { request(indexOID, position: 0) }
            pendingIndexes[indexOID] = (index, relations[index].indexes.count)
            relations[index].indexes.append(Relation.Index(
                name: result[row, 2] ?? "", columns: columns, isUnique: result.bool(row, 3),
                isPrimary: result.bool(row, 4), definition: composed ?? ""))
        }
    }

    /// Rows: index oid, position (0: the definition, else that key column's text), text.
    mutating func addIndexTexts(_ result: PostgresResult) {
        for row in 0..<result.rowCount {
            guard let oid = result.int(row, 0), let place = pendingIndexes[oid], let number = result.int(row, 1),
                  let text = result[row, 2]
            else { continue }
            if number == 0 {
                relations[place.relation].indexes[place.index].definition = text
            } else if relations[place.relation].indexes[place.index].columns.indices.contains(number - 1) {
                relations[place.relation].indexes[place.index].columns[number - 1] = text
            }
        }
    }

    /// Puts constraints, indexes and foreign keys of every relation in name order; call once, at the end.
    mutating func finish() {
        for index in relations.indices {
            relations[index].uniqueConstraints.sort { $0.name < $1.name }
            relations[index].checkConstraints.sort { $0.name < $1.name }
            relations[index].indexes.sort { $0.name < $1.name }
            relations[index].foreignKeys.sort { $0.name < $1.name }
        }
    }

    private mutating func request(_ oid: Int, position: Int) {
        indexTextRequests.oids.append(oid)
        indexTextRequests.positions.append(position)
    }

    private func columnName(_ relation: Int, _ number: Int) -> String? {
        let columns = columnsByNumber[relation]
        return number > 0 && number < columns.count ? columns[number]?.name : nil
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
