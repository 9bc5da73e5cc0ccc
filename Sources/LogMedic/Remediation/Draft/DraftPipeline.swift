import Foundation

/// `fix --draft`: drafts a playbook for each confirmed schema problem from the reference, writes it,
/// and rehearses it on the target (rolled back). The target is only read and rehearsed on, never changed.
public struct DraftPipeline {
    /// One problem's draft, where it was written, and how its rehearsal went.
    public struct Entry: Sendable {
        public var draft: Draft
        public var folder: URL?
        public var rehearsal: Rehearsal.Result?

        /// A playbook was written and its rehearsal passed.
        public var isReady: Bool {
            if case .passed = rehearsal { return true }
            return false
        }
    }

    public let target: PostgresConnection
    public let snapshot: SchemaSnapshot
    public let reference: ReferenceDatabase
    public let outputDirectory: String

    public init(target: PostgresConnection, snapshot: SchemaSnapshot, reference: ReferenceDatabase, outputDirectory: String) {
        self.target = target
        self.snapshot = snapshot
        self.reference = reference
        self.outputDirectory = outputDirectory
    }

    public func run(_ diagnosis: Diagnosis) throws -> [Entry] {
        var drafter = try Drafter(reference: try ReferenceCatalog(connection: reference.connection, mayReplay: reference.isScratch, history: reference.history), target: target, snapshot: snapshot)
        drafter.hasReference = reference.holdsExpectedSchema
        let writer = DraftWriter(directory: outputDirectory, origin: reference.origin)
        let rehearsal = Rehearsal(connection: target)
        // One playbook may stand for several problems (a table drafted with the missing table it references):
        // written and rehearsed once.
        var done: [String: (folder: URL, result: Rehearsal.Result)] = [:]
        let drafts = try drafter.drafts(for: diagnosis)
        // Every folder is checked before any is written: a run that stopped at one that exists would leave the
        // drafts before it written and unreported.
        let taken = Set(drafts.compactMap { draft -> String? in
            if case .playbook(let playbook) = draft.outcome { return playbook.id } else { return nil }
        }).sorted().map { writer.directory.appendingPathComponent($0).path }.filter { FileManager.default.fileExists(atPath: $0) }
        if !taken.isEmpty { throw DraftError.outputExists(paths: taken) }
        return try drafts.map { draft in
            guard case .playbook(let playbook) = draft.outcome else { return Entry(draft: draft) }
            if let earlier = done[playbook.id] { return Entry(draft: draft, folder: earlier.folder, rehearsal: earlier.result) }
            let folder = try writer.write(playbook)
            let result = try rehearsal.run(deploy: writer.deploy(playbook), verify: playbook.verify, before: snapshot)
            done[playbook.id] = (folder, result)
            return Entry(draft: draft, folder: folder, rehearsal: result)
        }
    }
}
