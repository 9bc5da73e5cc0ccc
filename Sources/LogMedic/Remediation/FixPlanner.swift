/// Chooses the playbooks that fix a diagnosis: for each problem the database confirms (or each code
/// problem the logs prove), the playbooks its rule names whose `fixes:` covers it.
public struct FixPlan: Sendable {
    /// One playbook to run, the problems it addresses and, for codemods, the values it is filled with.
    public struct Item: Sendable {
        public var playbook: Playbook
        public var problemIDs: [String]
        public var parameters: [String: String]
    }

    public var sql: [Item] = []
    public var codemods: [Item] = []
    /// Actionable problems with no vetted playbook: the report explains them, logmedic cannot fix them.
    public var withoutPlaybook: [Diagnosis.Problem] = []
    /// Problems skipped because the database no longer shows them (or was not checked).
    public var notActionable: [Diagnosis.Problem] = []
}

public enum FixPlanner {
    public static func plan(_ diagnosis: Diagnosis, library: PlaybookLibrary, rules: [Rule]) -> FixPlan {
        let rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var plan = FixPlan()
        for problem in diagnosis.problems {
            guard isActionable(problem) else { plan.notActionable.append(problem); continue }
            let candidates = (rulesByID[problem.group.ruleID]?.remediations ?? [])
                .compactMap { id in library.playbooks.first { $0.id == id } }
                .filter { covers($0, problem) }
            if candidates.isEmpty { plan.withoutPlaybook.append(problem); continue }
            for playbook in candidates {
                var parameters: [String: String] = [:]
                if playbook.kind == .codemod {
                    for capture in problem.group.captures { parameters[capture.name] = capture.value }
                    parameters.merge(problem.correlation.facts) { _, fact in fact }
                }
                if playbook.kind == .sql {
                    add(playbook, problem.id, parameters, to: &plan.sql)
                } else {
                    add(playbook, problem.id, parameters, to: &plan.codemods)
                }
            }
        }
        return plan
    }

    /// Database problems need confirmation now; code problems are proven by the logs themselves.
    static func isActionable(_ problem: Diagnosis.Problem) -> Bool {
        guard let check = problem.correlation.check.flatMap(CheckRegistry.check(named:)) else {
            return problem.correlation.status == .confirmed
        }
        return check.isActionable(problem.correlation)
    }

    static func covers(_ playbook: Playbook, _ problem: Diagnosis.Problem) -> Bool {
        guard playbook.definition.fixes.rule == problem.group.ruleID else { return false }
        guard let relations = playbook.definition.fixes.relations else { return true }
        guard let relation = problem.group.capture("relation")?.lowercased() else { return false }
        return relations.contains { $0.lowercased() == relation || $0.lowercased().hasSuffix("." + relation) }
    }

    static func add(_ playbook: Playbook, _ problemID: String, _ parameters: [String: String], to items: inout [FixPlan.Item]) {
        if let index = items.firstIndex(where: { $0.playbook.id == playbook.id && $0.parameters == parameters }) {
            items[index].problemIDs.append(problemID)
        } else {
            items.append(FixPlan.Item(playbook: playbook, problemIDs: [problemID], parameters: parameters))
        }
    }
}
