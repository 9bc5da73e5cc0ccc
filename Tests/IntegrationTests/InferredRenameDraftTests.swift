import Foundation
import Testing
@testable import LogMedic

/// A missing column whose data is in a live column of another name, with no migration history or index to say so:
/// two blind trials on real software (fixtures/trial-greenhouse: Tortoise ORM over asyncpg, the reference printed by
/// the ORMs; fixtures/trial-podcasts: a Celery worker and pg8000, the reference as the code expects it). Each drafts
/// the rename, said to be inferred (was: ADD COLUMN NOT NULL, refused on a table with rows, with "add it in steps,
/// backfill", though the data was in the other column all along).
@Suite("fix --draft infers a renamed column", .enabled(if: TestDatabase.isAvailable))
struct InferredRenameDraftTests {
    @Test(arguments: [
        ("trial-greenhouse", "reference/schema.sql", ["logs/api.log", "logs/worker.jsonl", "logs/postgresql.log"],
         "rename_sensors_installed_at", "ALTER TABLE public.sensors RENAME COLUMN installed_at TO mounted_at"),
        ("trial-podcasts", "reference.sql", ["logs/stderr/worker.log", "logs/stderr/web.log", "logs/stderr/postgresql.log"],
         "rename_episodes_source_url", "ALTER TABLE public.episodes RENAME COLUMN source_url TO audio_url"),
    ])
    func aLiveColumnOfTheSameShapeIsRenamedNotAdded(fixture: String, reference: String, logs: [String], id: String, statement: String) throws {
        let root = CLI.packageRoot.appendingPathComponent("fixtures/\(fixture)")
        try withTestDatabase { db in
            _ = try db.execute(try String(contentsOf: root.appendingPathComponent("schema.sql"), encoding: .utf8))
            if let data = try? String(contentsOf: root.appendingPathComponent("data.sql"), encoding: .utf8) { _ = try db.execute(data) }
            try Drafting.draft(logs: logs.map { root.appendingPathComponent($0).path }, referenceSQL: [root.appendingPathComponent(reference).path], target: db) { outcome in
                let entry = try #require(outcome.entries.first { Drafting.playbook($0)?.id == id }, "\(outcome.entries.map(\.draft.outcome))")
                let playbook = try #require(Drafting.playbook(entry))
                #expect(playbook.statements == [statement])
                #expect(playbook.title.hasSuffix("(inferred)"))
                #expect(playbook.note?.hasPrefix("inferred, not from a migration:") == true)
                #expect(entry.isReady, "\(DraftRenderer.rehearsal(entry.rehearsal))")
                #expect(!outcome.entries.contains { Drafting.playbook($0)?.id.hasPrefix("add_") == true && Drafting.playbook($0)?.statements.contains { $0.contains("ADD COLUMN") } == true })
            }
        }
    }

    /// Two live columns the reference lacks, of the missing column's type: nothing tells which one it is, so the column
    /// is added as the reference declares it, as before.
    @Test func twoCandidatesAreNoRename() throws {
        let live = "CREATE TABLE docks (id int PRIMARY KEY, opened_on date, closed_on date);"
        let reference = "CREATE TABLE docks (id int PRIMARY KEY, commissioned_on date);"
        let log = #"2026-12-05 10:00:00.000 UTC [71] ERROR:  column "commissioned_on" does not exist at character 8"# + "\n"
            + #"2026-12-05 10:00:00.000 UTC [71] STATEMENT:  SELECT commissioned_on FROM docks"# + "\n"
        try Drafting.draft(migrations: ["0001_docks.sql": reference], log: log, live: live) { _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            #expect(playbook.statements.contains("ALTER TABLE public.docks ADD COLUMN commissioned_on date"), "\(playbook.statements)")
        }
    }
}
