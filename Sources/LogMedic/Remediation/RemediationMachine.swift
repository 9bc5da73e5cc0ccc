/// The steps of one SQL playbook run and every decision between them, without I/O: `SQLRemediator`
/// performs the step the machine names and reports how it went. Decisions (what runs in which mode,
/// what a failure or an already-applied state leads to) are unit-tested without a server.
///
/// The connection check interval is set before waiting for the advisory lock, so a killed logmedic's
/// backend stops waiting within a second. A mode that does not commit can never reach `journal` or
/// `commit`; `rehearsal` (an unvetted draft, in BEGIN … ROLLBACK) is such a mode and also skips vetting.
public struct RemediationMachine: Sendable, Equatable {
    public enum Step: String, Sendable, CaseIterable {
        case requireVetted, begin, checkConnection, lock, timeouts, preconditions, deploy, verify, diff, journal, commit, rollback, finished
    }

    /// How the step the machine named went.
    public enum Event: Sendable, Equatable {
        case done
        /// The preconditions' verdict: is the playbook's change in place?
        case state(applied: Bool)
        case failed
    }

    /// How the run ended.
    public enum Ending: Sendable, Equatable {
        case completed, alreadyApplied, notApplied, failed
    }

    public let mode: SQLRunReport.Mode
    public private(set) var step: Step
    public private(set) var ending: Ending?

    public init(mode: SQLRunReport.Mode) {
        self.mode = mode
        step = mode == .rehearsal ? .begin : .requireVetted
    }

    @discardableResult
    public mutating func advance(_ event: Event) -> Step {
        if event == .failed {
            let transactionOpen = ![.requireVetted, .begin, .rollback, .finished].contains(step)
            ending = .failed
            step = transactionOpen ? .rollback : .finished
            return step
        }
        switch step {
        case .requireVetted: step = .begin
        case .begin: step = .checkConnection
        case .checkConnection: step = mode.commits ? .lock : .timeouts
        case .lock: step = .timeouts
        case .timeouts: step = .preconditions
        case .preconditions:
            guard case .state(let applied) = event else { return fail() }
            if applied != mode.reverts {
                ending = mode.reverts ? .notApplied : .alreadyApplied
                step = .rollback
            } else {
                step = .deploy
            }
        case .deploy: step = .verify
        case .verify: step = .diff
        case .diff:
            if mode.commits {
                step = .journal
            } else {
                ending = .completed
                step = .rollback
            }
        case .journal: step = .commit
        case .commit:
            ending = .completed
            step = .finished
        case .rollback: step = .finished
        case .finished: break
        }
        return step
    }

    private mutating func fail() -> Step {
        ending = .failed
        step = .rollback
        return step
    }
}
