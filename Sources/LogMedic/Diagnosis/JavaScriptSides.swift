import Foundation

/// Where a problem's JavaScript ran, told from its code locations and lines (`advice/javascript-sides.yaml`):
/// a page's error (a browser's, or a page rendered on the server) or a Node.js service's. Rules written for
/// pages name the service's code location as `{{server_js}}` and give it advice of its own.
public struct JavaScriptSides: Sendable, Decodable {
    struct Page: Sendable, Decodable {
        var frames: [String]
        var lines: [String]
    }

    struct Service: Sendable, Decodable {
        var scripts: [String]
        var lines: [String]
    }

    let page: Page
    let service: Service

    /// The advice value a service's problem has: its first code location as `file:line`.
    static let valueName = "server_js"

    public init(yaml: String) throws {
        self = try StringTreeDecoder.decode(Self.self, from: yaml)
    }

    /// `{{server_js}}` for a problem a Node.js service's code threw (`/srv/api/app.js:20`), nil for a page's or
    /// when nothing tells: a page's marks win over a service's.
    func serverCode(of group: FindingGroup) -> String? {
        let files = group.codeLocations.map(\.file), texts = group.samples.map(\.text)
        if files.contains(where: { file in page.frames.contains { ByteSearch.contains(file, $0) } })
            || texts.contains(where: { text in page.lines.contains { ByteSearch.contains(text, $0) } }) {
            return nil
        }
        if let script = group.codeLocations.first(where: isLocalScript) { return "\(script.file):\(script.line)" }
        guard texts.contains(where: { text in service.lines.contains { ByteSearch.contains(text, $0) } }) else { return nil }
        return group.codeLocations.first.map { "\($0.file):\($0.line)" } ?? "the service's code"
    }

    /// A script on a local path: a file the service runs, not a URL a browser fetched.
    private func isLocalScript(_ location: CodeLocation) -> Bool {
        let file = location.file
        guard !file.contains("://") || file.hasPrefix("file://") else { return false }
        return service.scripts.contains { file.hasSuffix($0) }
    }

    /// `advice/javascript-sides.yaml` beside the built-in rule catalog; without it, no problem is told a service's.
    public static let builtin: JavaScriptSides? = try? JavaScriptSides(yaml: BuiltinCatalog.siblingText(folder: "advice", file: "javascript-sides.yaml"))
}
