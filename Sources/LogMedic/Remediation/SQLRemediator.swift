import Foundation

/// Runs SQL playbooks the careful way, step by step as `RemediationMachine` decides: one transaction,
/// bounded waits, preconditions, verify, and either ROLLBACK (dry-run, rehearsal, failed verify) or a
/// journal row and COMMIT (apply). A crash or a killed process at any point leaves the transaction to
/// be rolled back by the server: all or nothing.
public final class SQLRemediator {
    public static let lockKey = "logmedic.remediation"
    let session: SQLSession
    let library: PlaybookLibrary
    let options: RemediationOptions

    public init(connection: PostgresConnection, library: PlaybookLibrary, options: RemediationOptions = RemediationOptions()) {
        session = SQLSession(connection: connection)
        self.library = library
        self.options = options
    }

    /// The files of one run, parameters filled in.
    struct Files {
        var scriptName: String
        var script: [SQLTemplate.Statement]
        var verify: [SQLTemplate.Statement]
        var applied: [SQLTemplate.Statement]?
    }

    /// One run's state as the steps fill it in.
    struct Run {
        var vetted: VettedPlaybook?
        var files: Files?
        var before: SchemaSnapshot?
        /// The columns' names before the script, when the run commits (for the journal's `renamed_columns`).
        var columnsBefore: ColumnNames?
        var verdict = ""
        var diff: SchemaDiff?
        var hazards: [StatementHazards] = []
    }

    /// `parameters` are the diagnosis's values for the playbook's declared parameters (see `PlaybookSelector`).
    public func run(_ playbook: Playbook, mode: SQLRunReport.Mode, parameters: [String: String] = [:]) throws -> SQLRunReport {
        var machine = RemediationMachine(mode: mode)
        var run = Run()
        // One session serves every playbook of a fix: each report shows only its own statements.
        let (firstStatement, firstNotice) = (session.statements.count, session.notices.count)
        var failure: Error?
        while machine.step != .finished {
            let event: RemediationMachine.Event
            do {
                event = try perform(machine.step, playbook, mode, parameters, &run)
            } catch {
                if failure == nil { failure = error }
                event = .failed
            }
            machine.advance(event)
        }
        if let failure { throw failure }
        let outcome: SQLRunReport.Outcome
        switch (machine.ending, mode) {
        case (.alreadyApplied, _): outcome = .alreadyApplied
        case (.notApplied, _): throw RemediationError.notApplied(playbook: playbook.id)
        case (_, .apply): outcome = .applied
        case (_, .revert): outcome = .reverted
        case (_, .revertDryRun): outcome = .wouldRevert
        case (_, .rehearsal): outcome = .rehearsed
        default: outcome = .wouldApply
        }
        let script = run.files?.script.map(\.sql).joined(separator: ";\n") ?? ""
        var report = SQLRunReport(playbook: playbook.id, title: playbook.definition.title, mode: mode, outcome: outcome,
                                  script: script, verification: outcome == .alreadyApplied ? "not run (already applied)" : run.verdict,
                                  diff: run.diff, statements: Array(session.statements[firstStatement...]))
        report.notices = Array(session.notices[firstNotice...])
        report.parameters = parameters
        report.hazards = run.hazards
        return report
    }

    private func perform(_ step: RemediationMachine.Step, _ playbook: Playbook, _ mode: SQLRunReport.Mode,
                         _ parameters: [String: String], _ run: inout Run) throws -> RemediationMachine.Event {
        switch step {
        case .requireVetted:
            run.vetted = try library.vetted(playbook)
        case .begin:
            let read = try run.vetted ?? library.unvetted(playbook)
            run.vetted = read
            run.files = try files(read, mode, parameters)
            run.hazards = try StatementHazards.of(run.files!.script.map(\.sql), on: HazardAnalyzer(connection: session.connection))
            run.before = try SchemaInspector(connection: session.connection).snapshot()
            try session.query("BEGIN")
        case .checkConnection:
            if session.connection.serverVersionNumber >= 140000 {
                // Before the lock wait: a killed logmedic's backend then stops waiting (or working) within a second.
                try session.query("SELECT set_config('client_connection_check_interval', '1000', true)")
            }
        case .lock:
            try takeLock()
        case .timeouts:
            try session.query("SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true)",
                              [options.lockTimeout, options.statementTimeout])
        case .preconditions:
            return .state(applied: try preconditions(playbook, run.files).applied())
        case .deploy:
            if mode.commits { run.columnsBefore = try ColumnNames(on: session.connection) }
            _ = try statement(playbook, run.files!.scriptName) { try session.run(run.files!.script, label: "\(playbook.id)/\(run.files!.scriptName)") }
        case .verify:
            if mode.reverts {
                guard try !preconditions(playbook, run.files).applied() else {
                    throw RemediationError.verifyFailed(playbook: playbook.id, detail: "what the deploy creates is still there after revert.sql")
                }
                run.verdict = "passed: what the playbook creates is gone"
            } else {
                run.verdict = try statement(playbook, "verify.sql") { try Verification.run(run.files!.verify, playbook: playbook, session: session) }
            }
        case .diff:
            let after = try SchemaInspector(connection: session.connection).snapshot()
            run.diff = run.before.map { SchemaDiff(from: $0, to: after) }
        case .journal:
            let renamed = try run.columnsBefore.map { try $0.renames(to: ColumnNames(on: session.connection)) } ?? []
            try Journal(session: session).record(run.vetted!, action: mode.reverts ? "revert" : "apply",
                                                 diff: run.diff?.description ?? "", parameters: parameters, renamed: renamed)
        case .commit:
            try session.query("COMMIT")
        case .rollback:
            if session.connection.transactionState != .idle { session.rollbackQuietly() }
        case .finished:
            break
        }
        return .done
    }

    /// Reads the files a run needs, refusing what cannot run in a transaction and placeholders that are
    /// not declared parameters or sit where no quoting is right.
    private func files(_ vetted: VettedPlaybook, _ mode: SQLRunReport.Mode, _ parameters: [String: String]) throws -> Files {
        let playbook = vetted.playbook
        let scriptName = mode.reverts ? "revert.sql" : "deploy.sql"
        let declared = Set(playbook.definition.parameters ?? [])
        let hasApplied = vetted.files[Playbook.appliedFile] != nil
        func load(_ name: String) throws -> [SQLTemplate.Statement] {
            let text = try vetted.text(of: name)
            if let statement = SQLScript.nonTransactionalStatement(in: text) {
                throw RemediationError.nonTransactional(playbook: playbook.id, file: "\(playbook.id)/\(name)", statement: statement)
            }
            do {
                let usable = parameters.filter { declared.contains($0.key) }
                return try SQLTemplate.statements(text, parameters: usable) { try session.connection.escapeIdentifier($0) }
            } catch let problem as SQLTemplate.Problem {
                throw RemediationError.badTemplate(playbook: playbook.id, file: "\(playbook.id)/\(name)", reason: problem.description)
            }
        }
        return Files(scriptName: scriptName, script: try load(scriptName), verify: try load("verify.sql"),
                     applied: hasApplied ? try load(Playbook.appliedFile) : nil)
    }

    private func preconditions(_ playbook: Playbook, _ files: Files?) -> Preconditions {
        Preconditions(playbook: playbook, session: session, appliedSQL: files?.applied)
    }

    /// Names the playbook and file in a server error from its statements, and says what a cancel was.
    private func statement<T>(_ playbook: Playbook, _ file: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as PostgresError {
            var reason = error.description
            if error.sqlState == SQLState("57014") { reason += " (logmedic's statement_timeout is \(options.statementTimeout))" }
            throw RemediationError.statementFailed(playbook: playbook.id, file: "\(playbook.id)/\(file)", reason: reason)
        }
    }

    /// A transaction-level advisory lock: released by COMMIT, ROLLBACK or a dropped connection.
    private func takeLock() throws {
        let started = Date()
        try session.query("SELECT set_config('lock_timeout', $1, true)", ["\(Int(options.lockWaitSeconds * 1000))ms"])
        do {
            try session.query("SELECT pg_advisory_xact_lock(hashtext($1))", [Self.lockKey])
        } catch let error as PostgresError where error.sqlState == SQLState("55P03") {
            throw RemediationError.lockBusy(seconds: Date().timeIntervalSince(started))
        }
    }
}
