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
    /// Existing relations whose names resemble `name`, best first, schema-qualified.
    func similarRelations(to name: String, limit: Int = 3) -> [String] {
        relations
            .map { ($0, NameSimilarity.related($0.name, name)) }
            .filter { $0.1 >= 0.6 }
            .sorted { ($1.1, $0.0.name) < ($0.1, $1.0.name) }
            .prefix(limit).map { CheckText.qualified($0.0) }
    }
}
