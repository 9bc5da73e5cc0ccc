import Foundation

/// `n.map is not a function`: which endpoint's response the frontend (or a Node.js service, `JavaScriptSides`) was
/// iterating.
/// Facts: `endpoint` (`GET /api/x`), `endpoint_path` (`/api/x`).
struct ResponseShapeCheck: Check {
    let name = "response_shape"
    let requiredCaptures = ["method"]
    let facts = ["endpoint", "endpoint_path"]

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        let method = group.capture("method") ?? "map"
        let serverCode = JavaScriptSides.builtin?.serverCode(of: group)
        let caller = serverCode.map { "A Node.js service's code (\($0))" } ?? "The frontend"
        guard let top = group.precedingRequests.first else {
            guard serverCode == nil else {
                return result(.notApplicable, "\(caller) called .\(method)() on a value that is not an array; no API request was logged just before it.")
            }
            return result(.inconclusive, "The frontend called .\(method)() on a value that is not an array; no API request was logged just before it.")
        }
        var correlation = result(.notApplicable, "\(caller) called .\(method)() on the response of \(top.method) \(top.path), which is not the array it expects.")
        correlation.endpoint = "\(top.method) \(top.path)"
        correlation.facts = ["endpoint": "\(top.method) \(top.path)", "endpoint_path": top.path]
        correlation.evidence = group.precedingRequests.prefix(3).map {
            "\($0.method) \($0.path) was requested within 5 s before \($0.occurrences) of \(group.count) occurrences (the closest request \($0.closest) times)"
        }
        if let source = context.source {
            let route = String(top.path.split(separator: "/").last.map { "/" + $0 } ?? Substring(top.path))
            let handlers = source.lines(containing: "\"\(route)\"").filter { $0.text.contains("@") && $0.text.lowercased().contains(top.method.lowercased()) }
            if !handlers.isEmpty {
                correlation.sourceLines = handlers.map(CheckText.sourceLine)
                if handlers.count > 1 {
                    correlation.evidence.append("\(handlers.count) handlers are registered for \(route); the framework serves only one of them")
                }
            }
        }
        return correlation
    }
}
