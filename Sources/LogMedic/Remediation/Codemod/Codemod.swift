import Foundation
import Yams

// Design note: a codemod is data (codemod.yaml), vetted like the rest of its playbook. Parameter values
// come from log text, so they only ever enter a pattern regex-escaped and a replacement `$`-escaped,
// and must pass their kind's validation first. Planning is pure (reads, never writes) and yields a
// `CodemodPlan` holding every file's before/after text; `CodemodApplier` writes it after checking that
// nothing changed in between. All matching goes through `Regex` (the PCRE2 boundary in Rules/).

/// A code fix: which files to look at, which values it needs, and the ordered regex edits to apply.
public struct Codemod: Sendable, Equatable, Decodable {
    /// Globs relative to the source root (`**`, `*`, `?`).
    public var files: [String]
    public var parameters: [CodemodParameter]
    public var edits: [CodemodEdit]

    public init(files: [String], parameters: [CodemodParameter], edits: [CodemodEdit]) {
        self.files = files
        self.parameters = parameters
        self.edits = edits
    }

    /// Reads and checks a `codemod.yaml`.
    public static func load(from url: URL) throws -> Codemod {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw CodemodError.unreadableDefinition(path: url.path, reason: error.localizedDescription)
        }
        return try Codemod(yaml: text, path: url.path)
    }

    /// Decodes a codemod from YAML text and checks that its placeholders and patterns are sound.
    public init(yaml: String, path: String = "codemod.yaml") throws {
        do { self = try YAMLDecoder().decode(Codemod.self, from: yaml) } catch {
            throw CodemodError.invalidDefinition(path: path, reason: String(describing: error))
        }
        try validate(path: path)
    }

    func validate(path: String) throws {
        if files.isEmpty { throw CodemodError.invalidDefinition(path: path, reason: "files: is empty") }
        if edits.isEmpty { throw CodemodError.invalidDefinition(path: path, reason: "edits: is empty") }
        if let first = edits.first, first.onlyIfFileChanged {
            throw CodemodError.invalidDefinition(path: path, reason: "the first edit cannot be only_if_file_changed")
        }
        let names = parameters.map(\.name)
        if Set(names).count != names.count {
            throw CodemodError.invalidDefinition(path: path, reason: "a parameter is declared twice")
        }
        for glob in files where glob.hasPrefix("/") || glob.split(separator: "/").contains("..") {
            throw CodemodError.invalidDefinition(path: path, reason: "glob \(glob) leaves the source root")
        }
        // Compile every edit with harmless sample values, so a broken pattern fails at load, not at plan.
        let samples = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.kind.sample) })
        _ = try compiledEdits(parameters: samples)
    }
}
