/// Decides which playbooks apply to a problem. The one place that does: `report` names what it
/// selects and `fix` runs what it selects, so a report never names a playbook `fix` would not run.
///
/// A playbook applies when the problem is actionable now (its check says so: confirmed in the
/// database, or a code problem the logs prove), its `fixes:` names the problem's rule or check, its
/// `fixes.relations` (if any) names exactly the relation the log named, and the diagnosis supplies
/// every parameter it declares.
public struct PlaybookSelector: Sendable {
    /// One applicable playbook and the values it is filled with.
    public struct Selection: Sendable {
        public var playbook: Playbook
        public var parameters: [String: String]
    }

    public let library: PlaybookLibrary

    public init(library: PlaybookLibrary) {
        self.library = library
    }

    public func select(_ group: FindingGroup, _ correlation: Correlation) -> [Selection] {
        guard Self.isActionable(correlation) else { return [] }
        let values = Recommender.values(group, correlation)
        return library.playbooks.compactMap { playbook in
            let fixes = playbook.definition.fixes
            let named = fixes.ruleIDs.contains(group.ruleID) || correlation.check.map { (fixes.checks ?? []).contains($0) } == true
            guard named, Self.relationMatches(fixes.relations, group), Self.columnMatches(fixes.columns, group, correlation),
                  Self.capturesMatch(fixes.captures, group) else { return nil }
            guard let parameters = Self.parameters(of: playbook, from: values) else { return nil }
            return Selection(playbook: playbook, parameters: parameters)
        }
    }

    /// Database problems need confirmation now; code problems are proven by the logs themselves.
    public static func isActionable(_ correlation: Correlation) -> Bool {
        guard let check = correlation.check.flatMap(CheckRegistry.check(named:)) else { return correlation.status == .confirmed }
        return check.isActionable(correlation)
    }

    /// `fixes.relations` entries are compared exactly (a logged name is the stored name); an entry with a
    /// schema matches only a log naming that schema, or an unqualified log name when the schema is public.
    static func relationMatches(_ relations: [String]?, _ group: FindingGroup) -> Bool {
        guard let relations else { return true }
        guard let relation = group.capture("relation") else { return false }
        let schema = group.capture("schema")
        return relations.contains { entry in
            guard let dot = entry.lastIndex(of: ".") else { return schema == nil && entry == relation }
            return entry[entry.index(after: dot)...] == relation && entry[..<dot] == (schema ?? "public")
        }
    }

    /// `fixes.captures`: each named capture of the problem is one of the listed values, exactly.
    static func capturesMatch(_ captures: [String: [String]]?, _ group: FindingGroup) -> Bool {
        (captures ?? [:]).allSatisfy { name, values in group.capture(name).map(values.contains) ?? false }
    }

    /// `fixes.columns` entries against the logged column and the table the check found it missing from.
    /// Without a table (the log named none and no live table has the column) the column name decides.
    static func columnMatches(_ columns: [String]?, _ group: FindingGroup, _ correlation: Correlation) -> Bool {
        guard let columns else { return true }
        // An upsert's conflict target: every column of it, on the table the check read it from.
        if let paths = correlation.facts["column_paths"] {
            return Set(columns) == Set(paths.split(separator: "\n").map(String.init))
        }
        guard let column = group.capture("column") else { return false }
        guard let table = correlation.facts["table"] else {
            return columns.contains { $0.split(separator: ".").last.map(String.init) == column }
        }
        let bare = correlation.facts["table_name"] ?? table
        return columns.contains { $0 == "\(table).\(column)" || $0 == "\(bare).\(column)" }
    }

    /// Exactly the declared parameters (playbook.yaml's, or codemod.yaml's); nil when one has no value.
    /// An unreadable codemod.yaml selects with no values, so that running it reports why.
    static func parameters(of playbook: Playbook, from values: [String: String]) -> [String: String]? {
        let names: [String]
        if playbook.kind == .codemod {
            // Read for selection only; running reads the vetted bytes.
            guard let codemod = try? Codemod.load(from: playbook.directory.appendingPathComponent("codemod.yaml")) else { return [:] }
            names = codemod.parameters.map(\.name)
        } else {
            names = playbook.definition.parameters ?? []
        }
        var parameters: [String: String] = [:]
        for name in names {
            guard let value = values[name], !value.isEmpty else { return nil }
            parameters[name] = value
        }
        return parameters
    }
}
