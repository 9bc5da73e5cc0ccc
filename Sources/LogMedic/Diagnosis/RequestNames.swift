import Foundation

/// A request a failure's own record names (Flask's `Exception on /api/x [POST]`, gunicorn's `Error handling
/// request GET /x`, Django's `Internal Server Error: /x`): a 5xx response for it is that failure's.
public struct NamedRequest: Sendable, Codable, Equatable {
    public var epoch: Double
    /// Nil when the record names the path alone (Django).
    public var method: String?
    public var path: String

    /// Whether `request` is the one named: the same path, and the same method when the record gave one.
    func names(_ request: RequestTimeline.Request) -> Bool {
        path == request.path && (method == nil || method == request.method)
    }

    /// Earliest first, then by path and method: the order kept ones are chosen in, whatever order they came in.
    static func precedes(_ a: NamedRequest, _ b: NamedRequest) -> Bool {
        (a.epoch, a.path, a.method ?? "") < (b.epoch, b.path, b.method ?? "")
    }
}

/// How web frameworks' error records name their request (`ingest/request-names.yaml`).
final class RequestNames: @unchecked Sendable {
    private struct Entry: Decodable {
        var literal: String
        var pattern: String
    }

    private struct File: Decodable { var names: [Entry] }

    private let names: [(literal: ByteSearch.Needle, regex: Regex, path: Int, method: Int?)]

    init(yaml: String) throws {
        names = try StringTreeDecoder.decode(File.self, from: yaml).names.map { entry in
            let regex = try Regex(entry.pattern)
            guard let path = regex.groupNames.firstIndex(of: "path") else {
                throw RegexError.matchFailed(code: 0, message: "a request-name pattern needs a `path` capture: \(entry.pattern)")
            }
            return (ByteSearch.Needle(Array(entry.literal.utf8)), regex, path, regex.groupNames.firstIndex(of: "method"))
        }
    }

    /// The method and path the text names, if a framework's error record does.
    func named(in text: String) -> (method: String?, path: String)? {
        text.withUTF8Bytes { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            for name in names where name.literal.isFound(in: bytes) {
                guard let groups = try? MatchScratch(maxCaptureCount: name.regex.captureCount).match(name.regex, in: bytes),
                      let path = groups[name.path] else { continue }
                func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
                return (name.method.flatMap { groups[$0] }.map(text), text(path))
            }
            return nil
        }
    }

    /// `ingest/request-names.yaml` beside the built-in rule catalog; without it, no record names its request.
    static let builtin: RequestNames? = try? RequestNames(yaml: BuiltinCatalog.siblingText(folder: "ingest", file: "request-names.yaml"))
}
