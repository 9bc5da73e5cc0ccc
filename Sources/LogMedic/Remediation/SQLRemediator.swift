import Foundation

/// Runs SQL playbooks the careful way: one transaction, bounded waits, preconditions, verify, and
/// either ROLLBACK (dry-run, failed verify) or a journal row and COMMIT (apply). A crash or a killed
/// process at any point leaves the transaction to be rolled back by the server: all or nothing.
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

    public func run(_ playbook: Playbook, mode: SQLRunReport.Mode) throws -> SQLRunReport {
        let vetted = try library.vetted(playbook)
        let playbook = vetted.playbook
        let scriptFile = mode.reverts ? "revert.sql" : "deploy.sql"
        let script = try vetted.text(of: scriptFile)
        let verify = try vetted.text(of: "verify.sql")
        for (file, text) in [(scriptFile, script), ("verify.sql", verify)] {
            if let statement = SQLScript.nonTransactionalStatement(in: text) {
                throw RemediationError.nonTransactional(playbook: playbook.id, file: "\(playbook.id)/\(file)", statement: statement)
            }
        }
        let before = try SchemaInspector(connection: session.connection).snapshot()
        try session.query("BEGIN")
        do {
            if mode.commits { try takeLock() }
            try session.query("SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true)",
                              [options.lockTimeout, options.statementTimeout])
            if session.connection.serverVersionNumber >= 140000 {
                // A killed logmedic then ends its server-side transaction within a second, not when a long statement ends.
                try session.query("SELECT set_config('client_connection_check_interval', '1000', true)")
            }
            let state = try Preconditions(playbook: playbook, session: session).check()
            if mode.reverts ? state == .notApplied : state == .applied {
                session.rollbackQuietly()
                if mode.reverts { throw RemediationError.notApplied(playbook: playbook.id) }
                return report(playbook, mode, .alreadyApplied, script, "not run (already applied)", nil)
            }
            try session.script(script, label: "\(playbook.id)/\(scriptFile)")
            let verdict = mode.reverts ? try verifyReverted(playbook) : try Verification.run(verify, playbook: playbook, session: session)
            let after = try SchemaInspector(connection: session.connection).snapshot()
            let diff = SchemaDiff(from: before, to: after)
            guard mode.commits else {
                try session.query("ROLLBACK")
                return report(playbook, mode, mode.reverts ? .wouldRevert : .wouldApply, script, verdict, diff)
            }
            try Journal(session: session).record(vetted, action: mode.reverts ? "revert" : "apply", diff: diff.description)
            try session.query("COMMIT")
            return report(playbook, mode, mode.reverts ? .reverted : .applied, script, verdict, diff)
        } catch {
            if session.connection.transactionState != .idle { session.rollbackQuietly() }
            throw error
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

    private func verifyReverted(_ playbook: Playbook) throws -> String {
        guard try Preconditions(playbook: playbook, session: session).check() == .notApplied else {
            throw RemediationError.verifyFailed(playbook: playbook.id, detail: "relations the deploy created still exist after revert.sql")
        }
        return "passed: the relations the playbook creates are gone"
    }

    private func report(_ playbook: Playbook, _ mode: SQLRunReport.Mode, _ outcome: SQLRunReport.Outcome,
                        _ script: String, _ verification: String, _ diff: SchemaDiff?) -> SQLRunReport {
        SQLRunReport(playbook: playbook.id, title: playbook.definition.title, mode: mode, outcome: outcome,
                     script: script, verification: verification, diff: diff, statements: session.statements)
    }
}
