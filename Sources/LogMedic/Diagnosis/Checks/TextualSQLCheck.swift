import Foundation

/// SQLAlchemy 2.x refuses raw strings: the code location of the call. Nothing in the database to check;
/// the logs themselves prove the problem, so a code fix may act on it.
struct TextualSQLCheck: Check {
    let name = "textual_sql"
    let requiredCaptures = ["sql"]
    let facts: [String] = []

    func isActionable(_ correlation: Correlation) -> Bool { true }

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        let sql = group.capture("sql") ?? "…"
        var correlation = result(.notApplicable, "Code passes the raw string \"\(sql)\" to execute(); SQLAlchemy 2.x requires text(\"\(sql)\").")
        let locations = group.codeLocations.map { "\($0.file):\($0.line)\($0.function.map { " in \($0)" } ?? "")" }
        correlation.evidence = locations.isEmpty ? ["no traceback with a code frame was logged for this message"] : locations
        if let source = context.source {
            var lines = group.codeLocations.compactMap { location -> String? in
                guard let path = source.relativePath(forFrame: location.file), let text = source.line(location.line, of: path) else { return nil }
                return CheckText.sourceLine(SourceTree.Hit(path: path, line: location.line, text: text))
            }
            if lines.isEmpty { lines = source.lines(containing: "\"\(sql)\"").map(CheckText.sourceLine) }
            if !lines.isEmpty { correlation.sourceLines = lines }
        }
        return correlation
    }
}
