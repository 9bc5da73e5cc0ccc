import Foundation

/// Wording and lookups several checks share.
enum CheckText {
    static func qualified(_ relation: Relation) -> String { "\(relation.schema).\(relation.name)" }

    static func describe(_ column: Column) -> String {
        "\(column.name) \(column.type)\(column.isNullable ? "" : " not null")\(column.defaultExpression.map { " default \($0)" } ?? "")"
    }

    /// `file:line: text` for a line of the source tree.
    static func sourceLine(_ hit: SourceTree.Hit) -> String {
        "\(hit.path):\(hit.line): \(hit.text.trimmingCharacters(in: .whitespaces))"
    }
}

extension SchemaSnapshot {
    /// The relation the server would find for a name it printed: exact name, in `schema`, or else the
    /// first schema of the search path that has it (no case folding, no other schemas).
    func relation(exactly name: String, schema: String?) -> Relation? {
        if let schema { return relations.first { $0.schema == schema && $0.name == name } }
        for pathSchema in searchPath {
            if let match = relations.first(where: { $0.schema == pathSchema && $0.name == name }) { return match }
        }
        return nil
    }

    /// The relation a name the server printed in a message or a query names: exactly that name (the
    /// server folds unquoted names before it prints them, so `Invoices` is not `invoices`), on the search
    /// path, else in the one schema that has it; `schema.name` in that schema. Nil when no schema has
    /// it, or several do and none is on the search path: the session's own search_path is not known,
    /// and a guess would check another table than the one the query read.
    func relation(printed name: String) -> Relation? {
        if let found = relation(exactly: name, schema: nil) { return found }
        let elsewhere = relations.filter { $0.name == name }
        if elsewhere.count == 1 { return elsewhere[0] }
        if elsewhere.isEmpty, let dot = name.lastIndex(of: ".") {
            return relation(exactly: String(name[name.index(after: dot)...]), schema: String(name[..<dot]))
        }
        return nil
    }

    /// The relations of the references a logged statement makes (`StatementRelations`) that the snapshot
    /// has, each once, in the order named.
    func relations(of references: [StatementRelations.Reference]) -> [Relation] {
        var found: [Relation] = []
        for reference in references {
            if let relation = relation(printed: reference.name), !found.contains(where: { $0.schema == relation.schema && $0.name == relation.name }) {
                found.append(relation)
            }
        }
        return found
    }

    /// Why `relation(printed:)` found nothing for `name`, for a verdict that cannot be given.
    func unresolved(printed name: String) -> String {
        let schemas = relations.filter { $0.name == name }.map(\.schema)
        if schemas.count > 1 {
            return "\(name) exists in schemas \(schemas.joined(separator: ", ")), none of them on the search_path (\(searchPath.joined(separator: ", "))): which one the query read is not known."
        }
        if let folded = relations.first(where: { $0.name.lowercased() == name.lowercased() }) {
            return "\(name) is not a relation in \(database); \(CheckText.qualified(folded)) is another one (the server prints names as stored, so case matters)."
        }
        return "\(name) is not a relation in \(database) (it may be a query alias)."
    }

    /// Existing relations whose names resemble `name`, best first, schema-qualified.
    func similarRelations(to name: String, limit: Int = 3) -> [String] {
        relations
            .map { ($0, NameSimilarity.relatedTables($0.name, name)) }
            .filter { $0.1 >= 0.6 }
            .sorted { ($1.1, $0.0.name) < ($0.1, $1.0.name) }
            .prefix(limit).map { CheckText.qualified($0.0) }
    }
}
