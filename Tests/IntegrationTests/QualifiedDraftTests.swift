import Foundation
import Testing
@testable import LogMedic

/// Drafts for an app that keeps its tables outside public and names them schema-qualified in its SQL
/// (`relation "ops.jobs" does not exist`).
@Suite("fix --draft for schema-qualified relations", .enabled(if: TestDatabase.isAvailable))
struct QualifiedDraftTests {
    static let live = """
        CREATE SCHEMA ops;
        CREATE TABLE ops.workers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
        INSERT INTO ops.workers (name) VALUES ('a'), ('b');
        """
    static let reference = live + """

        CREATE TABLE ops.jobs (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            worker_id bigint NOT NULL REFERENCES ops.workers(id),
            payload text
        );
        """
    static let log = """
        2026-12-04 18:31:13.685 UTC [13159] ERROR:  relation "ops.jobs" does not exist at character 15
        2026-12-04 18:31:13.685 UTC [13159] STATEMENT:  SELECT id FROM ops.jobs WHERE worker_id = $1
        2026-12-04 18:31:14.111 UTC [13159] ERROR:  relation "ops.jobs" does not exist at character 15
        2026-12-04 18:31:14.111 UTC [13159] STATEMENT:  SELECT id FROM ops.jobs WHERE worker_id = $1

        """

    /// The draft's `fixes.relations` named the bare table (`jobs`), which matches only a log that names no
    /// schema: once approved, `fix` said "no playbook applies" to the very problem it was drafted for.
    @Test func anApprovedDraftIsOfferedForTheQualifiedNameTheLogPrinted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-qualified-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let logPath = dir.appendingPathComponent("postgresql.log")
        let referencePath = dir.appendingPathComponent("reference.sql")
        try Self.log.write(to: logPath, atomically: true, encoding: .utf8)
        try Self.reference.write(to: referencePath, atomically: true, encoding: .utf8)

        try withTestDatabase { db in
            try db.execute(Self.live)
            try Drafting.draft(logs: [logPath.path], referenceSQL: [referencePath.path], target: db) { outcome in
                let playbooks = outcome.entries.compactMap(Drafting.playbook)
                #expect(playbooks.map(\.id) == ["create_jobs"])
                #expect(playbooks.first?.relations == ["ops.jobs"])
                #expect(outcome.entries.allSatisfy { $0.isReady })

                let library = try PlaybookLibrary(directory: outcome.directory.path)
                _ = try library.approve(id: "create_jobs")
                let approved = try PlaybookLibrary(directory: outcome.directory.path)
                let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()),
                                          snapshot: try SchemaInspector(connection: db).snapshot(),
                                          selector: PlaybookSelector(library: approved)).diagnose(paths: [logPath.path])
                let problem = try #require(diagnosis.problems.first { $0.group.capture("relation") == "jobs" })
                #expect(problem.recommendation.playbooks == ["create_jobs"])
            }
        }
    }
}
