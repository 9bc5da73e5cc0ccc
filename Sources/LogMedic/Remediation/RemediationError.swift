/// Why a remediation was refused or failed. Every message says what to do next.
public enum RemediationError: Error, CustomStringConvertible, Equatable {
    case noPlaybookDirectory(path: String)
    case invalidPlaybook(path: String, reason: String)
    case unknownPlaybook(id: String, directory: String)
    case badManifest(path: String, line: String)
    /// `playbooks`: the playbook's directory when it is not the built-in one (`approve` then needs `--playbooks`).
    case notVetted(id: String, status: Manifest.Status, playbooks: String?)
    case nonTransactional(playbook: String, file: String, statement: String)
    case preconditionFailed(playbook: String, reason: String)
    case inconsistentState(playbook: String, present: [String], absent: [String])
    case verifyFailed(playbook: String, detail: String)
    case lockBusy(seconds: Double)
    case confirmationRequired
    case notApplied(playbook: String)
    case statementFailed(playbook: String, file: String, reason: String)
    case badTemplate(playbook: String, file: String, reason: String)
    /// `runs`: each applied run not reverted since, as `journal #ID at TIME: NAME=VALUE …`, newest first.
    case ambiguousRevert(playbook: String, runs: [String], choice: String)

    public var description: String {
        switch self {
        case let .noPlaybookDirectory(path): return "no playbook directory at \(path) — pass --playbooks DIR"
        case let .invalidPlaybook(path, reason): return "\(path): \(reason)"
        case let .unknownPlaybook(id, directory): return "no playbook '\(id)' in \(directory) — see `logmedic remediations list`"
        case let .badManifest(path, line): return "\(path): cannot read line '\(line)' — expected '<sha256>  <playbook>/<file>'"
        case let .notVetted(id, status, playbooks):
            return "refusing playbook \(id) (\(status)) — review it, then `logmedic remediations approve \(id)\(playbooks.map { " --playbooks \(ShellText.word($0))" } ?? "")`"
        case let .nonTransactional(playbook, file, statement):
            return "refusing playbook \(playbook): \(file) contains \(statement), which cannot run inside a transaction — run it by hand outside logmedic"
        case let .preconditionFailed(playbook, reason): return "playbook \(playbook) cannot run: \(reason)"
        case let .inconsistentState(playbook, present, absent):
            return "playbook \(playbook): \(present.joined(separator: ", ")) already exist but \(absent.joined(separator: ", ")) do not — partially applied by hand? inspect before retrying"
        case let .verifyFailed(playbook, detail): return "playbook \(playbook): verify.sql failed, everything was rolled back: \(detail)"
        case let .lockBusy(seconds):
            return "another logmedic apply holds the remediation lock (waited \(String(format: "%.1f", seconds)) s) — retry later or raise --lock-wait"
        case .confirmationRequired: return "--apply changes the database: confirm on a terminal, or pass --yes"
        case let .notApplied(playbook): return "playbook \(playbook) is not applied here, nothing to revert"
        case let .statementFailed(playbook, file, reason):
            return "playbook \(playbook): \(file) failed, everything was rolled back: \(reason)"
        case let .badTemplate(playbook, file, reason):
            return "refusing playbook \(playbook): \(file): \(reason) — see remediations/README.md (parameters)"
        case let .ambiguousRevert(playbook, runs, choice):
            return "playbook \(playbook) has \(runs.count) applied runs with different values, none reverted (\(runs.joined(separator: "; "))) — say which to revert with --param, e.g. \(choice)"
        }
    }

    /// Another apply holds the lock: a runtime condition, not a problem with the playbook.
    public var isBusy: Bool {
        if case .lockBusy = self { return true }
        return false
    }
}
