import Foundation

/// `type object 'AuditLog' has no attribute 'timestamp'`: find the model's table and the column meant.
/// Facts: `table` (schema-qualified), `suggestion` (the column meant). A code problem: actionable once
/// the database names the column to use instead.
struct ModelAttributeCheck: Check {
    let name = "model_attribute"
    let requiredCaptures = ["model", "attribute"]
    let facts = ["table", "suggestion"]

    func isActionable(_ correlation: Correlation) -> Bool {
        correlation.status == .confirmed && correlation.suggestion != nil
    }

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let model = group.capture("model"), let attribute = group.capture("attribute") else {
            return result(.inconclusive, "The message names no model attribute.")
        }
        var correlation: Correlation
        if let snapshot = context.snapshot {
            let names = [group.capture("table")].compactMap { $0 } + NameSimilarity.tableCandidates(forModel: model)
            if let table = names.lazy.compactMap({ snapshot.relation(named: $0) }).first {
                correlation = attributeOnTable(model: model, attribute: attribute, table: table)
            } else {
                correlation = result(.inconclusive, "No table for model \(model) found (tried \(names.joined(separator: ", "))).")
            }
        } else {
            correlation = notChecked("which column \(model).\(attribute) should be")
        }
        if let source = context.source {
            let hits = source.lines(containing: "\(model).\(attribute)")
            if !hits.isEmpty { correlation.sourceLines = hits.map(CheckText.sourceLine) }
        }
        return correlation
    }

    private func attributeOnTable(model: String, attribute: String, table: Relation) -> Correlation {
        var correlation: Correlation
        let qualified = CheckText.qualified(table)
        if let column = table.column(named: attribute) {
            correlation = result(.inconclusive, "\(qualified) does have a column \(attribute) (\(column.type)); the model class \(model) does not map it.")
        } else {
            correlation = result(.confirmed, "\(model) maps to \(qualified), which has no column \(attribute).")
            if let nearest = ColumnMatcher.nearest(to: attribute, in: table) {
                correlation.suggestion = nearest.name
                correlation.facts["suggestion"] = nearest.name
                correlation.summary += " The column meant is \(qualified).\(nearest.name) (\(nearest.type))."
                correlation.evidence.append("\(qualified).\(nearest.name): \(CheckText.describe(nearest))")
            }
        }
        correlation.table = qualified
        correlation.facts["table"] = qualified
        correlation.columns = table.columns.map(CheckText.describe)
        return correlation
    }
}
