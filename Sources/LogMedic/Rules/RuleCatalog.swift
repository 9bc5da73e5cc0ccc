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
    public static func load(extraDirectories: [String] = []) throws -> RuleCatalog {
        var catalog = try load(directory: try BuiltinCatalog.directory())
        for directory in BuiltinCatalog.environmentDirectories() + extraDirectories { catalog.merge(try load(directory: directory)) }
        return catalog
    }

    public static func load(directory: String) throws -> RuleCatalog {
        let url = URL(fileURLWithPath: directory)
        let files: [URL]
        do {
            // Each name taken once: URL's lastPathComponent costs thousands of instructions a call.
            files = try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
                .filter { ["yaml", "yml"].contains($0.pathExtension) }
                .map { (name: $0.lastPathComponent, url: $0) }
                .sorted { $0.name < $1.name }
                .map(\.url)
        } catch {
            throw RuleCatalogError.unreadable(path: directory, reason: error.localizedDescription)
        }
        // File names are unique and equal the ids, so the rules are unique too. Parsing YAML is most
        // of the start-up: done on all cores.
        return RuleCatalog(rules: try files.concurrentMap(loadRule))
    }

    static func loadRule(_ file: URL) throws -> Rule {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw RuleCatalogError.unreadable(path: file.path, reason: error.localizedDescription)
        }
        let rule: Rule
        do { rule = try StringTreeDecoder.decode(Rule.self, from: text) } catch {
            throw RuleCatalogError.invalidRule(path: file.path, reason: String(describing: error))
        }
        guard rule.id == file.deletingPathExtension().lastPathComponent else {
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
