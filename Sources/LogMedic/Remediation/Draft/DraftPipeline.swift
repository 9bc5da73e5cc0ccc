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
        let drafts = Self.linkingMarks(try drafter.drafts(for: diagnosis), history: reference.history)
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

    /// A migration may be marked applied only once all of it that was missing is back, and tools mark a folder's
    /// migrations up to the one named (Django's `migrate app N --fake`, `alembic stamp`, Flyway's baseline): each
    /// draft that marks one waits for the other drafts of this run that mark a pending migration of the same folder.
    static func linkingMarks(_ drafts: [Draft], history: MigrationHistory) -> [Draft] {
        func folders(_ playbook: DraftedPlaybook) -> Set<String> { Set(playbook.migrationFiles.compactMap { history.files[$0]?.folder }) }
        let marking = drafts.compactMap { draft -> DraftedPlaybook? in
            guard case .playbook(let playbook) = draft.outcome, playbook.afterApply != nil else { return nil }
            return playbook
        }
        return drafts.map { draft in
            guard case .playbook(var playbook) = draft.outcome, playbook.afterApply != nil else { return draft }
            let mine = folders(playbook)
            playbook.afterApplyNeeds = Set(marking.filter { $0.id != playbook.id && !folders($0).isDisjoint(with: mine) }.map(\.id)).sorted()
            var linked = draft
            linked.outcome = .playbook(playbook)
            return linked
        }
    }
}
