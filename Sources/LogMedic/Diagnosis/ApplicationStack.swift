import Foundation

/// An application stack a problem's log lines point to (`advice/stacks.yaml`), with the commands rule
/// advice names for it.
public struct ApplicationStack: Sendable, Decodable, Equatable {
    public var name: String
    /// Text only this stack's lines hold; any one is enough.
    public var evidence: [String]
    /// Rules only this stack's lines match.
    public var rules: [String]?
    public var migrate: String
    public var migrationStatus: String?
    public var markApplied: String?
    /// The table the stack's migration tool records applied migrations in, when no other stack's tool uses
    /// that name: a live database holding it shows the stack.
    public var history: String?

    enum CodingKeys: String, CodingKey {
        case name, evidence, rules, migrate, history
        case migrationStatus = "migration_status", markApplied = "mark_applied"
    }

    /// The advice values a stack gives, by the names rules use.
    static let valueNames = ["stack", "migrate", "migration_status", "mark_applied"]

    var values: [String: String] {
        var values = ["stack": name, "migrate": migrate]
        values["migration_status"] = migrationStatus
        values["mark_applied"] = markApplied
        return values
    }

    /// Whether the database (a live one or a schema file) shows the stack does not migrate it: it lacks the table the
    /// stack's tool records applied migrations in.
    func isContradicted(by snapshot: SchemaSnapshot?) -> Bool {
        guard let snapshot, let history else { return false }
        return !snapshot.relations.contains { $0.name == history }
    }

    func isShown(by group: FindingGroup) -> Bool {
        if rules?.contains(group.ruleID) == true { return true }
        let texts = group.samples.lazy.map(\.text) + group.codeLocations.lazy.map(\.file)
        return texts.contains { text in evidence.contains { ByteSearch.contains(text, $0) } }
    }
}

/// The stacks logmedic tells apart, in the order they are tried.
public struct ApplicationStacks: Sendable {
    public let stacks: [ApplicationStack]

    private struct File: Decodable { var stacks: [ApplicationStack] }

    public init(yaml: String) throws {
        stacks = try StringTreeDecoder.decode(File.self, from: yaml).stacks
    }

    public init(_ stacks: [ApplicationStack]) { self.stacks = stacks }

    /// The first stack the group's rule, samples or code locations show.
    public func stack(of group: FindingGroup) -> ApplicationStack? {
        stacks.first { $0.isShown(by: group) }
    }

    /// The one stack whose migration history table `snapshot` holds; nil when it holds none or several.
    public func recorded(in snapshot: SchemaSnapshot?) -> ApplicationStack? {
        guard let snapshot else { return nil }
        let tables = Set(snapshot.relations.map(\.name))
        return Self.only(stacks.filter { $0.history.map(tables.contains) ?? false })
    }

    /// The one stack that `stacks` (each group's own) show between them; nil when they show none or several.
    public static func only(_ stacks: [ApplicationStack?]) -> ApplicationStack? {
        var found: ApplicationStack?
        for stack in stacks.lazy.compactMap({ $0 }) where stack != found {
            guard found == nil else { return nil }
            found = stack
        }
        return found
    }

    /// `advice/stacks.yaml` beside the built-in rule catalog; without it, advice names every stack's command.
    public static let builtin: Result<ApplicationStacks, Error> = Result {
        try ApplicationStacks(yaml: try BuiltinCatalog.siblingText(folder: "advice", file: "stacks.yaml"))
    }
}
