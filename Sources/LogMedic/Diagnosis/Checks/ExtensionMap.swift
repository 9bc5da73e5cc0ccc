import Foundation
import Yams

/// `checks/extensions.yaml`: which extension provides a function or type an application calls.
struct ExtensionMap: Sendable {
    struct Entry: Decodable, Sendable {
        var functions: [String]?
        var types: [String]?
    }

    struct File: Decodable { var extensions: [String: Entry] }

    /// Object name → extensions providing it (several only if the data says so), sorted.
    let providers: [String: [String]]

    init(yaml: String) throws {
        let file = try YAMLDecoder().decode(File.self, from: yaml)
        var providers: [String: [String]] = [:]
        for (name, entry) in file.extensions {
            for object in (entry.functions ?? []) + (entry.types ?? []) { providers[object, default: []].append(name) }
        }
        self.providers = providers.mapValues { $0.sorted() }
    }

    /// The map next to the built-in rules (`checks/extensions.yaml`); empty, with the reason, when unreadable.
    static let builtin: Result<ExtensionMap, Error> = Result {
        let rules = URL(fileURLWithPath: try BuiltinCatalog.directory())
        let file = rules.deletingLastPathComponent().appendingPathComponent("checks/extensions.yaml")
        return try ExtensionMap(yaml: try String(contentsOf: file, encoding: .utf8))
    }
}
