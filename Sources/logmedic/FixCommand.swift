import ArgumentParser
import Foundation
import LogMedic

struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Run the vetted playbooks for confirmed findings: dry-run by default, --apply to commit.")

    @Argument(help: "Log files (gzip detected). None or '-' reads standard input. Not needed with --revert.")
    var paths: [String] = []
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var playbookOptions: PlaybookOptions
    @OptionGroup var rules: RuleOptions
    @Flag(name: .customLong("dry-run"), help: "Run in a transaction and roll back (the default).") var dryRun = false
    @Flag(help: "Commit the fixes (asks first on a terminal; --yes to skip).") var apply = false
    @Flag(help: "Do not ask before --apply or --revert.") var yes = false
    @Option(help: ArgumentHelp("Run this playbook's revert.sql the same careful way (dry-run unless --apply).", valueName: "ID")) var revert: String?
    @Option(help: ArgumentHelp("Application source tree for code fixes (codemods).", valueName: "DIR")) var source: String?
    @Option(name: .customLong("lock-wait"), help: "Seconds to wait for another apply's lock.") var lockWait: Double = 10
    @Option(help: "Colour: auto, always, never.") var color: ColorChoice = .auto

    func validate() throws {
        if dryRun && apply { throw ValidationError("--dry-run and --apply exclude each other") }
        if yes && !apply { throw ValidationError("--yes only makes sense with --apply") }
        if revert != nil && !paths.isEmpty { throw ValidationError("--revert takes no log files") }
    }

    func run() throws {
        let style = color.style()
        let library = try playbookOptions.library()
        _ = try runtime { try library.manifest.load() }  // a malformed manifest ends fix as it ends verify
        var options = RemediationOptions()
        options.lockWaitSeconds = lockWait
        let database = try runtime { try PostgresConnection(dsn: connection.resolvedDSN) }
        let remediator = SQLRemediator(connection: database, library: library, options: options)
        if let revert {
            let playbook = try runtime { try library.playbook(id: revert) }
            if apply { try confirm("Revert \(playbook.id) in database \(database.currentDatabase)?") }
            let mode: SQLRunReport.Mode = apply ? .revert : .revertDryRun
            if try !run(playbook, mode: mode, problems: [], with: remediator, style: style) {
                throw ExitCode(ExitStatus.findings)
            }
            return
        }
        let catalog = try rules.catalog()
        let snapshot = try runtime { try SchemaInspector(connection: database).snapshot() }
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: catalog), snapshot: snapshot,
                                  source: source.map(SourceTree.init(root:))).diagnose(paths: paths)
        let plan = FixPlanner.plan(diagnosis, library: library, rules: catalog.rules)
        let mode: SQLRunReport.Mode = apply ? .apply : .dryRun
        print(FixRenderer.renderPlanHeader(plan, database: database.currentDatabase, mode: mode))
        if apply, !plan.sql.isEmpty || !plan.codemods.isEmpty {
            try confirm("Apply \(plan.sql.count + plan.codemods.count) fix(es) to database \(database.currentDatabase)?")
        }
        var failed = false
        for item in plan.sql where try !run(item.playbook, mode: mode, problems: item.problemIDs, with: remediator, style: style) {
            failed = true
        }
        failed = CodeFixes(plan: plan, library: library, source: source, apply: apply, style: style).run() || failed
        if failed { throw ExitCode(ExitStatus.findings) }
    }

    /// Runs one SQL playbook and prints what it did. False when it was refused or failed verification
    /// (nothing changed); lock contention and other runtime errors end the command.
    private func run(_ playbook: Playbook, mode: SQLRunReport.Mode, problems: [String],
                     with remediator: SQLRemediator, style: TerminalStyle) throws -> Bool {
        do {
            print(FixRenderer.render(try remediator.run(playbook, mode: mode), problems: problems, style: style))
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
