import Foundation

/// Writes a `CodemodPlan` to disk: every file, or — when anything is wrong before the first rename — none.
public enum CodemodApplier {
    /// A new version written next to its file, ready to be renamed over it.
    struct Prepared {
        let path: String
        let target: URL
        let temporary: URL
    }

    /// Refuses the whole plan if any file differs from what was planned, then writes each new version
    /// to a temporary file beside the original (same permissions, fsynced) and only when all are ready
    /// renames them over the originals. A failure while preparing leaves every file untouched.
    public static func apply(_ plan: CodemodPlan) throws {
        try checkUnchanged(plan)
        var prepared: [Prepared] = []
        do {
            for change in plan.changes {
                prepared.append(try AtomicFile.prepare(change, root: plan.sourceRoot))
            }
            // Checking again narrows the window in which an editor could save between check and rename.
            try checkUnchanged(plan)
        } catch {
            prepared.forEach { AtomicFile.remove($0.temporary) }
            throw error
        }
        var written: [String] = []
        for (index, file) in prepared.enumerated() {
            do { try AtomicFile.rename(file) } catch {
                prepared[index...].forEach { AtomicFile.remove($0.temporary) }
                throw CodemodError.renameFailed(path: file.path, reason: "\(error)", alreadyWritten: written)
            }
            written.append(file.path)
        }
        AtomicFile.syncDirectories(of: prepared.map(\.target))
    }

    /// Throws `fileChangedSincePlan` for the first file whose bytes are no longer the planned `before`.
    static func checkUnchanged(_ plan: CodemodPlan) throws {
        for change in plan.changes {
            let url = plan.sourceRoot.appendingPathComponent(change.path)
            let current = try? Data(contentsOf: url)
            guard current == Data(change.before.utf8) else {
                throw CodemodError.fileChangedSincePlan(path: change.path)
            }
        }
    }
}
