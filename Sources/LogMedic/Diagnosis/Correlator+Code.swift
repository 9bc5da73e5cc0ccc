extension Correlator {
    /// `type object 'AuditLog' has no attribute 'timestamp'`: find the model's table and the column meant.
    func modelAttribute(_ group: FindingGroup) -> Correlation {
        guard let model = group.capture("model"), let attribute = group.capture("attribute") else {
            return Correlation(check: .modelAttribute, status: .inconclusive, summary: "The message names no model attribute.")
        }
        var result: Correlation
        if let snapshot {
            let names = [group.capture("table")].compactMap { $0 } + NameSimilarity.tableCandidates(forModel: model)
            if let table = names.lazy.compactMap({ snapshot.relation(named: $0) }).first {
                result = attributeOnTable(model: model, attribute: attribute, table: table)
            } else {
                result = Correlation(check: .modelAttribute, status: .inconclusive,
                                     summary: "No table for model \(model) found (tried \(names.joined(separator: ", "))).")
            }
        } else {
            result = Self.notChecked(.modelAttribute, "which column \(model).\(attribute) should be")
        }
        if let source {
            let hits = source.lines(containing: "\(model).\(attribute)")
            if !hits.isEmpty { result.sourceLines = hits.map { "\($0.path):\($0.line): \($0.text.trimmingCharacters(in: .whitespaces))" } }
        }
        return result
    }

    private func attributeOnTable(model: String, attribute: String, table: Relation) -> Correlation {
        var result: Correlation
        if let column = table.column(named: attribute) {
            result = Correlation(
                check: .modelAttribute, status: .inconclusive,
                summary: "\(Self.qualified(table)) does have a column \(attribute) (\(column.type)); the model class \(model) does not map it.")
        } else {
            result = Correlation(check: .modelAttribute, status: .confirmed,
                                 summary: "\(model) maps to \(Self.qualified(table)), which has no column \(attribute).")
            if let nearest = ColumnMatcher.nearest(to: attribute, in: table) {
                result.suggestion = nearest.name
                result.summary += " The column meant is \(Self.qualified(table)).\(nearest.name) (\(nearest.type))."
                result.evidence.append("\(Self.qualified(table)).\(nearest.name): \(Self.describe(nearest))")
            }
        }
        result.table = Self.qualified(table)
        result.columns = table.columns.map(Self.describe)
        return result
    }

    /// SQLAlchemy 2.x refuses raw strings: the code location and the exact change.
    func textualSQL(_ group: FindingGroup) -> Correlation {
        let sql = group.capture("sql") ?? "…"
        var result = Correlation(check: .textualSQL, status: .notApplicable,
                                 summary: "Code passes the raw string \"\(sql)\" to execute(); SQLAlchemy 2.x requires text(\"\(sql)\").")
        let locations = group.codeLocations.map { "\($0.file):\($0.line)\($0.function.map { " in \($0)" } ?? "")" }
        result.evidence = locations.isEmpty ? ["no traceback with a code frame was logged for this message"] : locations
        if let source {
            var lines = group.codeLocations.compactMap { location -> String? in
                guard let path = source.relativePath(forFrame: location.file), let text = source.line(location.line, of: path) else { return nil }
                return "\(path):\(location.line): \(text.trimmingCharacters(in: .whitespaces))"
            }
            if lines.isEmpty {
                lines = source.lines(containing: "\"\(sql)\"").map { "\($0.path):\($0.line): \($0.text.trimmingCharacters(in: .whitespaces))" }
            }
            if !lines.isEmpty { result.sourceLines = lines }
        }
        return result
    }

    /// `n.map is not a function`: which endpoint's response the frontend was iterating.
    func responseShape(_ group: FindingGroup) -> Correlation {
        let method = group.capture("method") ?? "map"
        guard let top = group.precedingRequests.first else {
            return Correlation(check: .responseShape, status: .inconclusive,
                               summary: "The frontend called .\(method)() on a value that is not an array; no API request was logged just before it.")
        }
        var result = Correlation(
            check: .responseShape, status: .notApplicable,
            summary: "The frontend called .\(method)() on the response of \(top.method) \(top.path), which is not the array it expects.")
        result.endpoint = "\(top.method) \(top.path)"
        result.evidence = group.precedingRequests.prefix(3).map {
            "\($0.method) \($0.path) was requested within 5 s before \($0.occurrences) of \(group.count) occurrences (the closest request \($0.closest) times)"
        }
        if let source {
            let route = String(top.path.split(separator: "/").last.map { "/" + $0 } ?? Substring(top.path))
            let handlers = source.lines(containing: "\"\(route)\"").filter { $0.text.contains("@") && $0.text.lowercased().contains(top.method.lowercased()) }
            if !handlers.isEmpty {
                result.sourceLines = handlers.map { "\($0.path):\($0.line): \($0.text.trimmingCharacters(in: .whitespaces))" }
                if handlers.count > 1 {
                    result.evidence.append("\(handlers.count) handlers are registered for \(route); the framework serves only one of them")
                }
            }
        }
        return result
    }
}
