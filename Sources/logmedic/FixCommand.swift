import ArgumentParser
import Foundation
import LogMedic

struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Run the vetted playbooks for confirmed findings: dry-run by default, --apply to commit.")

    @Argument(help: "Log files (gzip detected) or directories of them. None or '-' reads standard input. Not needed with --revert.")
    var paths: [String] = []
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var playbookOptions: PlaybookOptions
    @OptionGroup var rules: RuleOptions
    @OptionGroup var drafting: DraftOptions
    @Flag(name: .customLong("dry-run"), help: "Run in a transaction and roll back (the default).") var dryRun = false
    @Flag(help: "Commit the fixes (asks first on a terminal; --yes to skip).") var apply = false
    @Flag(help: "Do not ask before --apply or --revert.") var yes = false
    @Option(help: ArgumentHelp("Run this playbook's revert.sql the same careful way (dry-run unless --apply).", valueName: "ID")) var revert: String?
    @Option(help: ArgumentHelp("Application source tree for code fixes (codemods).", valueName: "DIR")) var source: String?
    @Option(name: .customLong("lock-wait"), help: "Seconds to wait for another apply's lock.") var lockWait: Double = 10
    @Option(name: .customLong("param"), help: ArgumentHelp(
        "A value for a parameter of the playbook with --revert (repeatable); without any, the values its last apply used (logmedic.journal).",
        valueName: "NAME=VALUE")) var params: [String] = []
    @Option(name: .customLong("fail-on"), help: "Exit 1 when a confirmed problem at least this severe has no playbook (or 'never').")
    var failOn: FailOn = .high
    @Option(help: "Colour: auto, always, never.") var color: ColorChoice = .auto

    func validate() throws {
        if dryRun && apply { throw ValidationError("--dry-run and --apply exclude each other") }
        if yes && !apply { throw ValidationError("--yes only makes sense with --apply") }
        if revert != nil && !paths.isEmpty { throw ValidationError("--revert takes no log files") }
        if revert == nil && !params.isEmpty { throw ValidationError("--param only goes with --revert: fix takes its values from the diagnosis") }
        for param in params where !param.contains("=") { throw ValidationError("--param \(param): expected NAME=VALUE") }
        try drafting.validate(apply: apply, revert: revert)
    }

    mutating func run() throws {
        paths = expandedInputs(paths)
        let style = color.style()
        let library = try playbookOptions.library()
        try runtime { try library.checkManifests() }  // a malformed manifest ends fix as it ends verify
        var options = RemediationOptions()
        options.lockWaitSeconds = lockWait
        let database = try runtime { try PostgresConnection(dsn: connection.resolvedDSN) }
        let fixer = Fixer(connection: database, library: library, catalog: try rules.catalog(examples: false), options: options)
        if let revert {
            let playbook = try runtime { try library.playbook(id: revert) }
            if apply { try confirm("Revert \(playbook.id) in database \(database.currentDatabase)?") }
            let mode: SQLRunReport.Mode = apply ? .revert : .revertDryRun
            let parameters = try runtime { try fixer.revertParameters(of: playbook, given: revertParameters()) }
            let item = FixPlan.Item(playbook: playbook, problemIDs: [], parameters: parameters)
            var marks = AfterApplyLines()
            if try !run(item, mode: mode, with: fixer, style: style, marks: &marks) { throw ExitCode(ExitStatus.findings) }
            return
        }
        let diagnosis = try runtime { try fixer.diagnose(paths: paths, source: source.map(SourceTree.init(root:))) }
        if drafting.draft {
            let snapshot = try runtime { try SchemaInspector(connection: database).snapshot() }
            return try drafting.run(diagnosis: diagnosis, target: database, targetDSN: connection.resolvedDSN, snapshot: snapshot, style: style)
        }
        let plan = fixer.plan(diagnosis)
        let mode: SQLRunReport.Mode = apply ? .apply : .dryRun
        print(FixRenderer.renderPlanHeader(plan, database: database.currentDatabase, mode: mode))
        if apply, !plan.sql.isEmpty || !plan.codemods.isEmpty {
            try confirm("Apply \(ReportText.plural(plan.sql.count + plan.codemods.count, "fix", "fixes")) to database \(database.currentDatabase)?")
        }
        var failed = false
        var marks = AfterApplyLines()
        for item in plan.sql where try !run(item, mode: mode, with: fixer, style: style, marks: &marks) {
            failed = true
        }
        print(try runtime { try marks.rest(with: fixer, style: style) }, terminator: "")
        failed = CodeFixes(plan: plan, library: library, source: source, apply: apply, style: style).run() || failed
        if let threshold = failOn.severity, !plan.unfixed(atOrAbove: threshold).isEmpty { failed = true }
        if failed { throw ExitCode(ExitStatus.findings) }
    }

    private func revertParameters() -> [String: String] {
        Dictionary(params.map { param in
            let parts = param.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }, uniquingKeysWith: { _, last in last })
    }

    /// Runs one SQL playbook and prints what it did. False when it was refused or failed verification
    /// (nothing changed); lock contention and other runtime errors end the command.
    private func run(_ item: FixPlan.Item, mode: SQLRunReport.Mode, with fixer: Fixer, style: TerminalStyle, marks: inout AfterApplyLines) throws -> Bool {
        do {
            let report = try fixer.run(item, mode: mode)
            if report.outcome == .applied { marks.note(applied: item.playbook) }
            let afterRevert = report.outcome == .reverted ? item.playbook.definition.afterApply : nil
            print(FixRenderer.render(report, problems: item.problemIDs, afterApply: afterRevert, style: style))
            return true
        } catch let error as RemediationError {
            stderr("logmedic: \(error)\n")
            if error.isBusy { throw ExitCode(ExitStatus.runtime) }
            return false
        } catch {
            throw RuntimeFailure.report(error)
        }
    }

    private func confirm(_ question: String) throws {
        guard !yes else { return }
        guard isatty(0) == 1 else { throw RuntimeFailure.report(RemediationError.confirmationRequired) }
        print("\(question) [y/N] ", terminator: "")
        guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else { throw ExitCode(ExitStatus.findings) }
    }
}
