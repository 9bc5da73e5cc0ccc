import Foundation
import Yams

/// The set of rules in effect: the built-in catalog plus any `--rules` directories, later ones
/// overriding earlier ones by id.
public struct RuleCatalog: Sendable {
    public private(set) var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// Loads the built-in catalog, then `LOGMEDIC_RULES`'s directories and each extra directory on top of it.
    /// Without `examples`, a rule's `examples:` block is left unread when it ends the file, as in every
    /// built-in rule, and its examples are empty: for the commands that only match (a third of the
    /// catalog's text, read on every run); a rule file is then checked only as far as it is read.
    public static func load(extraDirectories: [String] = [], examples: Bool = true) throws -> RuleCatalog {
        var catalog = try load(directory: try BuiltinCatalog.directory(), examples: examples)
        for directory in BuiltinCatalog.environmentDirectories() + extraDirectories {
            catalog.merge(try load(directory: directory, examples: examples))
        }
        return catalog
    }

    public static func load(directory: String, examples: Bool = true) throws -> RuleCatalog {
        let url = URL(fileURLWithPath: directory)
        let files: [(url: URL, id: String)]
        do {
            // Each name taken once: URL's lastPathComponent and deletingPathExtension cost thousands of
            // instructions a call.
            files = try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
                .compactMap { url -> (name: String, url: URL, id: String)? in
                    let type = url.pathExtension
                    guard type == "yaml" || type == "yml" else { return nil }
                    let name = url.lastPathComponent
                    return (name, url, String(name.dropLast(type.count + 1)))
                }
                .sorted { $0.name < $1.name }
                .map { ($0.url, $0.id) }
        } catch {
            throw RuleCatalogError.unreadable(path: directory, reason: error.localizedDescription)
        }
        // File names are unique and equal the ids, so the rules are unique too. Parsing YAML is most
        // of the start-up: done on all cores.
        return RuleCatalog(rules: try files.concurrentMap { try loadRule($0.url, id: $0.id, examples: examples) })
    }

    /// What a rule read without its examples has for them.
    static let unreadExamples = StringTree.mapping([("match", .sequence([])), ("no_match", .sequence([]))])

    /// The rule in `file`, whose id must be `id` (the file's name without its extension).
    static func loadRule(_ file: URL, id: String, examples: Bool) throws -> Rule {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw RuleCatalogError.unreadable(path: file.path, reason: error.localizedDescription)
        }
        let rule: Rule
        do {
            if !examples, let tree = StringTreeDecoder.tree(of: text, replacingLast: "examples", with: unreadExamples) {
                rule = try StringTreeDecoder.decode(Rule.self, from: tree)
            } else {
                rule = try StringTreeDecoder.decode(Rule.self, from: text)
            }
        } catch {
            throw RuleCatalogError.invalidRule(path: file.path, reason: String(describing: error))
        }
        guard rule.id == id else {
            throw RuleCatalogError.idMismatch(path: file.path, id: rule.id)
        }
        return rule
    }

    public mutating func merge(_ other: RuleCatalog) {
        for rule in other.rules {
            if let index = rules.firstIndex(where: { $0.id == rule.id }) {
                rules[index] = rule
            } else {
                rules.append(rule)
            }
        }
    }

}
