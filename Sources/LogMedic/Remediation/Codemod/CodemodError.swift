/// Why a codemod could not be loaded, planned or applied; each message says what to do next.
public enum CodemodError: Error, Equatable, CustomStringConvertible {
    case unreadableDefinition(path: String, reason: String)
    case invalidDefinition(path: String, reason: String)
    case unknownPlaceholder(name: String, edit: Int)
    case missingParameter(name: String)
    case invalidParameter(name: String, reason: String)
    case invalidPattern(edit: Int, reason: String)
    case sourceRootMissing(path: String)
    case unreadableFile(path: String, reason: String)
    case matchFailed(path: String, edit: Int, reason: String)
    case fileChangedSincePlan(path: String)
    case writeFailed(path: String, reason: String)
    case renameFailed(path: String, reason: String, alreadyWritten: [String])

    public var description: String {
        switch self {
        case let .unreadableDefinition(path, reason):
            return "cannot read codemod \(path): \(reason) — check that the playbook folder is complete"
        case let .invalidDefinition(path, reason):
            return "codemod \(path) is invalid: \(reason) — fix the file and approve the playbook again"
        case let .unknownPlaceholder(name, edit):
            return "edit \(edit) uses {{\(name)}}, which is not a declared parameter — declare it under parameters: or fix the spelling"
        case let .missingParameter(name):
            return "parameter '\(name)' was not supplied — the diagnosis must provide it; this playbook does not fit the finding"
        case let .invalidParameter(name, reason):
            return "parameter '\(name)' is refused: \(reason) — nothing was changed; fix the code by hand"
        case let .invalidPattern(edit, reason):
            return "edit \(edit) does not compile: \(reason) — fix its pattern in codemod.yaml"
        case let .sourceRootMissing(path):
            return "source root \(path) is not a directory — pass the repository root with --source"
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason) — check its permissions and run again"
        case let .matchFailed(path, edit, reason):
            return "edit \(edit) failed on \(path): \(reason) — fix this file by hand or simplify the pattern"
        case let .fileChangedSincePlan(path):
            return "\(path) changed since the plan was made — nothing was written; run the dry-run again"
        case let .writeFailed(path, reason):
            return "cannot write a new version of \(path): \(reason) — nothing was written; check space and permissions"
        case let .renameFailed(path, reason, written):
            let done = written.isEmpty ? "no file was replaced" : "already replaced: \(written.joined(separator: ", "))"
            return "cannot replace \(path): \(reason) — \(done); check these files with git diff"
        }
    }
}
