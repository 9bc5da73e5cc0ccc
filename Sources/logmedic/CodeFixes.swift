import LogMedic

/// The codemod half of `fix`: diffs on dry-run, atomic writes on apply.
struct CodeFixes {
    let plan: FixPlan
    let source: String?
    let apply: Bool
    let style: TerminalStyle

    /// Returns true when a code fix was refused or failed.
    func run() throws -> Bool {
        guard !plan.codemods.isEmpty else { return false }
        guard source != nil else {
            for item in plan.codemods {
                print("== \(item.playbook.id) (fixes \(item.problemIDs.joined(separator: ", "))): code fix skipped — pass --source DIR to see and apply it")
            }
            return false
        }
        print("code fixes are not available in this build yet")
        return true
    }
}
