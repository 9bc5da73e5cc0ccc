/// The playbooks that fix a diagnosis, as `PlaybookSelector` chooses them for each problem.
public struct FixPlan: Sendable {
    /// One playbook to run, the problems it addresses and the values it is filled with.
    public struct Item: Sendable {
        public var playbook: Playbook
        public var problemIDs: [String]
        public var parameters: [String: String]

        public init(playbook: Playbook, problemIDs: [String], parameters: [String: String]) {
            self.playbook = playbook
            self.problemIDs = problemIDs
            self.parameters = parameters
        }
    }

    public var sql: [Item] = []
    public var codemods: [Item] = []
    /// Actionable problems with no playbook: the report explains them, logmedic cannot fix them.
    public var withoutPlaybook: [Diagnosis.Problem] = []
    /// Problems skipped because the database no longer shows them (or was not checked).
    public var notActionable: [Diagnosis.Problem] = []

    /// Problems at or above `threshold` that the database confirms and no playbook fixes: what makes
    /// `fix` exit 1 for CI.
    public func unfixed(atOrAbove threshold: Severity) -> [Diagnosis.Problem] {
        withoutPlaybook.filter { $0.group.severity >= threshold }
    }
}

public enum FixPlanner {
    public static func plan(_ diagnosis: Diagnosis, selector: PlaybookSelector) -> FixPlan {
        var plan = FixPlan()
        for problem in diagnosis.problems {
            guard PlaybookSelector.isActionable(problem.correlation) else {
                // Still failing, but for the code to fix: a column logmedic renamed has no playbook to add it back.
                if problem.correlation.renamedByLogmedic != nil { plan.withoutPlaybook.append(problem) } else { plan.notActionable.append(problem) }
                continue
            }
            let selections = selector.select(problem.group, problem.correlation)
            if selections.isEmpty { plan.withoutPlaybook.append(problem); continue }
            for selection in selections {
                if selection.playbook.kind == .sql {
                    add(selection, problem.id, to: &plan.sql)
                } else {
                    add(selection, problem.id, to: &plan.codemods)
                }
            }
        }
        plan.sql = inMigrationOrder(plan.sql)
        return plan
    }

    /// The drafts of migrations (`after_apply_migrations`) in the order the migrations run, in the places the
    /// drafts held among the other playbooks: a later migration may build on what an earlier one creates, and
    /// their marks are said in the order applied (`AfterApplyLines`), the last leaving the tool at the latest.
    static func inMigrationOrder(_ items: [FixPlan.Item]) -> [FixPlan.Item] {
        func last(_ item: FixPlan.Item) -> String? { item.playbook.definition.afterApplyMigrations?.last }
        let places = items.indices.filter { last(items[$0]) != nil }
        let ordered = places.sorted { a, b in
            let (x, y) = (last(items[a])!, last(items[b])!)
            return x != y ? MigrationFiles.runsBefore(x, y) : a < b
        }
        var result = items
        for (place, index) in zip(places, ordered) { result[place] = items[index] }
        return result
    }

    static func add(_ selection: PlaybookSelector.Selection, _ problemID: String, to items: inout [FixPlan.Item]) {
        if let index = items.firstIndex(where: { $0.playbook.id == selection.playbook.id && $0.parameters == selection.parameters }) {
            items[index].problemIDs.append(problemID)
        } else {
            items.append(FixPlan.Item(playbook: selection.playbook, problemIDs: [problemID], parameters: selection.parameters))
        }
    }
}
