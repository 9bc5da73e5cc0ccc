import LogMedic

/// The codemod half of `fix`: unified diffs on dry-run, atomic writes on apply.
struct CodeFixes {
    let plan: FixPlan
    let library: PlaybookLibrary
    let source: String?
    let apply: Bool
    let style: TerminalStyle

    /// Returns true when a code fix was refused or failed.
    func run() -> Bool {
        guard !plan.codemods.isEmpty else { return false }
        guard let source else {
            for item in plan.codemods {
                print("== \(item.playbook.id) (fixes \(item.problemIDs.joined(separator: ", "))): code fix skipped — pass --source DIR to see and apply it")
            }
            return false
        }
        let runner = CodeFixRunner(library: library, sourceRoot: source)
        var failed = false
        for item in plan.codemods {
            let values = item.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            print(style.bold("== \(item.playbook.id) — \(item.playbook.definition.title)") + " (fixes \(item.problemIDs.joined(separator: ", ")); \(values))")
            do {
                let result = apply ? try runner.apply(item) : try runner.plan(item)
                if !result.links.isEmpty {
                    let shown = result.links.prefix(5).joined(separator: ", ") + (result.links.count > 5 ? " (+\(result.links.count - 5) more)" : "")
                    print("   not read or changed: \(ReportText.plural(result.links.count, "symbolic link")) inside --source (links are not followed): \(shown)")
                }
                if result.isEmpty, result.examined == 0 {
                    let skipped = result.skipped.isEmpty ? "" : " (\(ReportText.plural(result.skipped.count, "file")) skipped: binary or not UTF-8)"
                    print("   nothing to change: no file under \(source) matches \(result.globs.joined(separator: ", "))\(skipped). Is --source the application's root?\n")
                    continue
                }
                if result.isEmpty {
                    print(result.links.isEmpty ? "   nothing to change: the source already has the fix.\n" : "   nothing to change in the files read.\n")
                    continue
                }
                print(result.diff())
                let files = ReportText.plural(result.changes.count, "file")
                let replacements = ReportText.plural(result.replacementCount, "replacement")
                print(style.bold(apply ? "wrote \(files) (\(replacements))." : "dry-run: \(files) would change (\(replacements)). Run with --apply to write them.") + "\n")
            } catch {
                failed = true
                stderr("logmedic: playbook \(item.playbook.id) failed — \(error)\n")
            }
        }
        return failed
    }
}
