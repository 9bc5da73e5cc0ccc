import Foundation

/// What `remediations lint` finds in playbooks before anything runs: links to rules or checks that do
/// not exist, parameters nothing supplies or nothing declares, malformed preconditions, relation
/// filters on problems that carry no relation, statements that cannot run in a transaction, and
/// playbooks no problem can ever select.
public struct PlaybookLinter {
    public struct Issue: Sendable, CustomStringConvertible {
        public enum Level: String, Sendable { case error, warning }
        public let level: Level
        public let playbook: String
        public let message: String
        public var description: String { "\(level.rawValue): \(playbook): \(message)" }
    }

    public let library: PlaybookLibrary
    public let catalog: CompiledCatalog

    public init(library: PlaybookLibrary, catalog: CompiledCatalog) {
        self.library = library
        self.catalog = catalog
    }

    public func lint() -> [Issue] {
        library.playbooks.flatMap(lint)
    }

    func lint(_ playbook: Playbook) -> [Issue] {
        var issues: [Issue] = []
        func add(_ level: Issue.Level, _ message: String) { issues.append(Issue(level: level, playbook: playbook.id, message: message)) }
        let definition = playbook.definition
        let fixes = definition.fixes
        let rules = linkedRules(fixes, add: add)
        if fixes.ruleIDs.isEmpty && (fixes.checks ?? []).isEmpty {
            add(.error, "fixes: names no rule and no check, so no problem selects it")
        } else if rules.isEmpty {
            add(.error, "no rule in the catalog can select it (fixes: \(RemediationsText.fixes(playbook)))")
        }
        if fixes.relations != nil, let rule = rules.first(where: { !captures(of: $0).contains("relation") }) {
            add(.error, "fixes.relations filters on the logged relation, but rule \(rule.id) captures no relation: it would never match")
        }
        if fixes.columns != nil, let rule = rules.first(where: { $0.correlate?.check != "on_conflict_target" && !captures(of: $0).contains("column") }) {
            add(.error, "fixes.columns filters on the logged column, but rule \(rule.id) captures no column: it would never match")
        }
        for name in (fixes.captures ?? [:]).keys.sorted() {
            for rule in rules where !captures(of: rule).contains(name) {
                add(.error, "fixes.captures filters on \(name), but rule \(rule.id) captures no \(name): it would never match")
            }
        }
        lintPreconditions(definition.preconditions, add: add)
        let files: VettedPlaybook
        do { files = try library.unvetted(playbook) } catch {
            add(.error, "\(error)")
            return issues
        }
        if playbook.kind == .codemod {
            do { _ = try Codemod(yaml: try files.text(of: "codemod.yaml"), path: "\(playbook.id)/codemod.yaml") } catch { add(.error, "\(error)") }
            return issues
        }
        let declared = definition.parameters ?? []
        var used: Set<String> = []
        for name in (Playbook.sqlFiles + [Playbook.appliedFile]) where files.files[name] != nil {
            guard let text = try? files.text(of: name) else { add(.error, "\(name) is not UTF-8"); continue }
            if let statement = SQLScript.nonTransactionalStatement(in: text) {
                add(.error, "\(name) contains \(statement), which cannot run inside logmedic's transaction")
            }
            do {
                let names = try SQLTemplate.names(in: text)
                used.formUnion(names)
                for name2 in names where !declared.contains(name2) { add(.error, "\(name) uses {{\(name2)}}, which parameters: does not declare") }
            } catch { add(.error, "\(name): \(error)") }
        }
        for name in declared where !used.contains(name) { add(.warning, "parameter \(name) is declared but no SQL file uses it") }
        for name in declared {
            let unsupplied = rules.filter { !suppliable($0).contains(name) }.map(\.id)
            if !unsupplied.isEmpty {
                add(.error, "parameter \(name) is neither a capture nor a check fact of rule\(unsupplied.count == 1 ? "" : "s") \(unsupplied.joined(separator: ", ")): the playbook is never selected for \(unsupplied.count == 1 ? "it" : "them")")
            }
        }
        if files.files[Playbook.appliedFile] == nil, (definition.preconditions?.absent ?? []).isEmpty, (definition.preconditions?.absentColumns ?? []).isEmpty {
            add(.warning, "no absent/absent_columns precondition and no \(Playbook.appliedFile): a second run cannot tell it is already applied")
        }
        return issues
    }

    /// The catalog rules the playbook's `fixes:` can select; unknown names are errors.
    /// The named groups of a rule's patterns.
    private func captures(of rule: Rule) -> Set<String> {
        guard let index = catalog.rules.firstIndex(where: { $0.id == rule.id }) else { return [] }
        return Set(catalog.patterns.filter { $0.ruleIndex == index }.flatMap { $0.regex.namedGroups.map(\.1) })
    }

    private func linkedRules(_ fixes: Playbook.Definition.Fixes, add: (Issue.Level, String) -> Void) -> [Rule] {
        var rules: [Rule] = []
        for id in fixes.ruleIDs {
            if let rule = catalog.rules.first(where: { $0.id == id }) { rules.append(rule) } else { add(.error, "fixes: rule \(id) is not in the catalog") }
        }
        for check in fixes.checks ?? [] {
            guard CheckRegistry.check(named: check) != nil else {
                add(.error, "fixes: check \(check) is not registered (known: \(CheckRegistry.names.joined(separator: ", ")))")
                continue
            }
            rules += catalog.rules.filter { $0.correlate?.check == check && !rules.map(\.id).contains($0.id) }
        }
        return rules
    }

    /// Values a problem of `rule` can carry: captures of its patterns, its check's facts, group values.
    private func suppliable(_ rule: Rule) -> Set<String> {
        let patterns = (catalog.patterns + catalog.contextPatterns).filter { catalog.rules[$0.ruleIndex].id == rule.id }
        var names = Set(patterns.flatMap { $0.regex.groupNames.compactMap { $0 } })
        names.formUnion(Recommender.groupValues)
        if let check = rule.correlate.flatMap({ CheckRegistry.check(named: $0.check) }) { names.formUnion(check.facts) }
        return names
    }

    private func lintPreconditions(_ conditions: Playbook.Definition.Preconditions?, add: (Issue.Level, String) -> Void) {
        for (key, names, parts) in [("absent", conditions?.absent, 2), ("present", conditions?.present, 2),
                                    ("absent_columns", conditions?.absentColumns, 3), ("present_columns", conditions?.presentColumns, 3)] {
            for name in names ?? [] where QualifiedName.parts(name)?.count != parts {
                add(.error, "preconditions.\(key) entry '\(name)' is not \(parts == 2 ? "schema.relation" : "schema.table.column") (quote a part that needs it: public.\"Orders\")")
            }
        }
    }
}

/// `schema.table.column` split the way SQL reads it: dots outside double quotes, `""` inside quotes.
enum QualifiedName {
    static func parts(_ name: String) -> [String]? {
        var parts: [String] = [], current = "", quoted = false, wasQuoted = false
        var chars = name.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { current.append("\""); continue }
                        quoted = false
                        if next == "." { parts.append(current); current = ""; wasQuoted = false; continue }
                        return nil
                    }
                    quoted = false
                } else { current.append(c) }
            } else if c == "\"" {
                guard current.isEmpty, !wasQuoted else { return nil }
                quoted = true; wasQuoted = true
            } else if c == "." {
                guard !current.isEmpty else { return nil }
                parts.append(current); current = ""; wasQuoted = false
            } else {
                guard c.isLetter || c.isNumber || c == "_" || c == "$" else { return nil }
                current.append(c)
            }
        }
        guard !quoted, !current.isEmpty else { return nil }
        return parts + [current]
    }
}

/// How a playbook's link reads in listings and messages.
public enum RemediationsText {
    public static func fixes(_ playbook: Playbook) -> String {
        let fixes = playbook.definition.fixes
        return (fixes.ruleIDs + (fixes.checks ?? []).map { "check \($0)" }).joined(separator: ", ")
    }
}
