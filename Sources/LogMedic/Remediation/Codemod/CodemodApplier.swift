import Foundation

/// Writes a `CodemodPlan` to disk: every file, or — when anything is wrong before the first rename — none.
public enum CodemodApplier {
    /// A new version written next to its file, ready to be renamed over it in the held directory.
    struct Prepared {
        let path: String
        /// The directory holding the file, opened without following links; owned by this value.
        let parent: Int32
        let name: String
        let temporary: String
    }

    /// Refuses the whole plan if any file differs from what was planned, then writes each new version
    /// to a temporary file beside the original (same permissions, fsynced) and only when all are ready
    /// renames them over the originals. A failure while preparing leaves every file untouched.
    public static func apply(_ plan: CodemodPlan) throws {
        let directory = try SourceDirectory(path: plan.sourceRoot.path)
        try checkUnchanged(plan, in: directory)
        var prepared: [Prepared] = []
        do {
            for change in plan.changes {
                prepared.append(try AtomicFile.prepare(change, in: directory))
            }
            // Checking again narrows the window in which an editor could save between check and rename.
            try checkUnchanged(plan, in: directory)
        } catch {
            prepared.forEach(AtomicFile.discard)
            throw error
        }
        var written: [String] = []
        for (index, file) in prepared.enumerated() {
            do { try AtomicFile.rename(file) } catch {
                prepared[index...].forEach(AtomicFile.discard)
                AtomicFile.finish(Array(prepared[..<index]))
                throw CodemodError.renameFailed(path: file.path, reason: "\(error)", alreadyWritten: written)
            }
            written.append(file.path)
        }
        AtomicFile.finish(prepared)
    }

    /// Throws `fileChangedSincePlan` for the first file whose bytes are no longer the planned `before`.
    static func checkUnchanged(_ plan: CodemodPlan, in directory: SourceDirectory) throws {
        for change in plan.changes {
            guard let current = directory.read(change.path), current.bytes.elementsEqual(change.before.utf8) else {
                throw CodemodError.fileChangedSincePlan(path: change.path)
            }
        }
    }
}
