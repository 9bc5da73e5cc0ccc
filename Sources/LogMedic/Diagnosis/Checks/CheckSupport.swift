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

    /// Existing relations whose names resemble `name`, best first, schema-qualified.
    func similarRelations(to name: String, limit: Int = 3) -> [String] {
        relations
            .map { ($0, NameSimilarity.related($0.name, name)) }
            .filter { $0.1 >= 0.6 }
            .sorted { ($1.1, $0.0.name) < ($0.1, $1.0.name) }
            .prefix(limit).map { CheckText.qualified($0.0) }
    }
}
