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

    /// Drafts from `log` and `reference` against a fresh database holding `live`; `body` gets the log's
    /// path, the target and the outcome.
    static func drafting(
        log: String, reference: String, _ body: (_ logPath: String, PostgresConnection, Drafting.Outcome) throws -> Void
    ) throws {
        try withScratchDirectory { dir in
            let logPath = dir.appendingPathComponent("postgresql.log"), referencePath = dir.appendingPathComponent("reference.sql")
            try log.write(to: logPath, atomically: true, encoding: .utf8)
            try reference.write(to: referencePath, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(live)
                try Drafting.draft(logs: [logPath.path], referenceSQL: [referencePath.path], target: db) { try body(logPath.path, db, $0) }
            }
        }
    }

    /// The library of the drafts once `id` is approved, and the diagnosis of `logPath` on `db` with it.
    static func approving(_ id: String, of outcome: Drafting.Outcome, logPath: String, db: PostgresConnection) throws
        -> (library: PlaybookLibrary, diagnosis: Diagnosis) {
        _ = try PlaybookLibrary(directory: outcome.directory.path).approve(id: id)
        let approved = try PlaybookLibrary(directory: outcome.directory.path)
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()),
                                  snapshot: try SchemaInspector(connection: db).snapshot(),
                                  selector: PlaybookSelector(library: approved)).diagnose(paths: [logPath])
        return (approved, diagnosis)
    }

    /// The draft's `fixes.relations` named the bare table (`jobs`), which matches only a log that names no
    /// schema: once approved, `fix` said "no playbook applies" to the very problem it was drafted for.
    @Test func anApprovedDraftIsOfferedForTheQualifiedNameTheLogPrinted() throws {
        try Self.drafting(log: Self.log, reference: Self.reference) { logPath, db, outcome in
            let playbooks = outcome.entries.compactMap(Drafting.playbook)
            #expect(playbooks.map(\.id) == ["create_jobs"])
            #expect(playbooks.first?.relations == ["ops.jobs"])
            #expect(outcome.entries.allSatisfy { $0.isReady })

            let (_, diagnosis) = try Self.approving("create_jobs", of: outcome, logPath: logPath, db: db)
            let problem = try #require(diagnosis.problems.first { $0.group.capture("relation") == "jobs" })
            #expect(problem.recommendation.playbooks == ["create_jobs"])
        }
    }

    /// A missing table that references another missing table: the larger draft creates both. The smaller
    /// table's own draft created it again, so once one was applied the other refused ("partially applied by
    /// hand?"); now one playbook stands for both problems.
    @Test func aMissingTableReferencedByAnotherMissingTableIsDraftedOnce() throws {
        let log = """
            2026-12-04 18:31:12.000 UTC [13159] ERROR:  relation "ops.queues" does not exist at character 15
            2026-12-04 18:31:12.000 UTC [13159] STATEMENT:  SELECT id FROM ops.queues

            """ + Self.log
        let reference = Self.live + """

            CREATE TABLE ops.queues (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
            CREATE TABLE ops.jobs (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                worker_id bigint NOT NULL REFERENCES ops.workers(id),
                queue_id bigint REFERENCES ops.queues(id)
            );
            """
        try Self.drafting(log: log, reference: reference) { logPath, db, outcome in
            let playbooks = outcome.entries.compactMap(Drafting.playbook)
            #expect(playbooks.map(\.id) == ["create_jobs", "create_jobs"], "one playbook for both problems")
            #expect(Set(playbooks.first?.relations ?? []) == ["ops.jobs", "ops.queues"])
            #expect(outcome.entries.allSatisfy { $0.isReady })

            let library = try PlaybookLibrary(directory: outcome.directory.path)
            #expect(library.playbooks.map(\.id) .filter { $0.hasPrefix("create_") } == ["create_jobs"])
            let (approved, diagnosis) = try Self.approving("create_jobs", of: outcome, logPath: logPath, db: db)
            let plan = FixPlanner.plan(diagnosis, selector: PlaybookSelector(library: approved))
            #expect(plan.withoutPlaybook.isEmpty)
            #expect(plan.sql.map(\.playbook.id) == ["create_jobs"])
            #expect(plan.sql.first?.problemIDs.count == 2)
            let report = try SQLRemediator(connection: db, library: approved).run(try approved.playbook(id: "create_jobs"), mode: .apply)
            #expect(report.outcome == .applied)
        }
    }

    /// nextval('ops.ticket_seq') on a release whose migration created the sequence: the reference has it, as a
    /// sequence. It was not drafted (only tables and columns were); now the draft creates it as the reference
    /// declares it, the report reads RESOLVED once it is applied (sequences are in the snapshot), and its
    /// revert refuses once a value was handed out.
    @Test func aMissingSequenceIsDraftedAsTheSequenceTheReferenceHas() throws {
        let log = """
            2026-12-04 18:31:13.902 UTC [13159] ERROR:  relation "ops.ticket_seq" does not exist at character 16
            2026-12-04 18:31:13.902 UTC [13159] STATEMENT:  SELECT nextval('ops.ticket_seq')

            """
        try Self.drafting(log: log, reference: Self.live + "\nCREATE SEQUENCE ops.ticket_seq START 1000 INCREMENT 5;\n") { logPath, db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft.outcome))")
            #expect(playbook.id == "create_ticket_seq")
            #expect(playbook.statements == ["CREATE SEQUENCE ops.ticket_seq AS bigint START WITH 1000 INCREMENT BY 5 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1"])
            #expect(playbook.relations == ["ops.ticket_seq"])
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")

            let (library, _) = try Self.approving("create_ticket_seq", of: outcome, logPath: logPath, db: db)
            let remediator = SQLRemediator(connection: db, library: library)
            #expect(try remediator.run(try library.playbook(id: "create_ticket_seq"), mode: .apply).outcome == .applied)
            let (_, after) = try Self.approving("create_ticket_seq", of: outcome, logPath: logPath, db: db)
            #expect(after.problems.first?.correlation.status == .resolved, "\(String(describing: after.problems.first?.correlation.summary))")
            #expect(try db.query("SELECT nextval('ops.ticket_seq')")[0, 0] == "1000")
            #expect { try remediator.run(try library.playbook(id: "create_ticket_seq"), mode: .revert) } throws: { error in
                "\(error)".contains("handed out values since the draft was applied")
            }
            try db.execute("ALTER SEQUENCE ops.ticket_seq RESTART")
            #expect(try remediator.run(try library.playbook(id: "create_ticket_seq"), mode: .revert).outcome == .reverted)
        }
    }

    /// A view the code reads is drafted as the view the reference has (in its schema), not as a table.
    @Test func aMissingViewIsDraftedAsTheViewTheReferenceHas() throws {
        let log = """
            2026-12-04 18:31:13.902 UTC [13159] ERROR:  relation "ops.busy" does not exist at character 15
            2026-12-04 18:31:13.902 UTC [13159] STATEMENT:  SELECT * FROM ops.busy

            """
        try Self.drafting(log: log, reference: Self.live + "\nCREATE VIEW ops.busy AS SELECT * FROM ops.workers;\n") { _, _, outcome in
            let entry = try #require(outcome.entries.first)
            let playbook = try #require(Drafting.playbook(entry), "expected a draft, got \(entry.draft.outcome)")
            #expect(playbook.statements.first?.hasPrefix("CREATE VIEW ops.busy AS") == true, "\(playbook.statements)")
            #expect(playbook.present == ["ops.workers"], "\(playbook.present)")
            #expect(entry.isReady, "\(String(describing: entry.rehearsal))")
        }
    }

    /// A missing column whose default calls a sequence the same migration created (CREATE SEQUENCE, then
    /// DEFAULT nextval(…), not owned by the column): the draft added the column without the sequence, and its
    /// rehearsal failed with relation "ops.ticket_seq" does not exist.
    @Test func aMissingColumnBringsTheSequenceItsDefaultCalls() throws {
        let log = """
            2026-12-04 18:44:54.377 UTC [4225] ERROR:  column "ticket" does not exist at character 8
            2026-12-04 18:44:54.377 UTC [4225] STATEMENT:  SELECT ticket FROM ops.workers

            """
        let reference = Self.live + """

            CREATE SEQUENCE ops.ticket_seq START 1000;
            ALTER TABLE ops.workers ADD COLUMN ticket bigint DEFAULT nextval('ops.ticket_seq');
            """
        try Self.drafting(log: log, reference: reference) { _, db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            #expect(playbook.statements.first?.hasPrefix("CREATE SEQUENCE ops.ticket_seq") == true, "\(playbook.statements)")
            #expect(playbook.revert.contains("DROP SEQUENCE ops.ticket_seq"), "\(playbook.revert)")
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")

            let reports = try Drafting.approveAndApply(outcome, on: db)
            #expect(reports.map(\.outcome) == [.applied])
            #expect(try db.query("SELECT ticket FROM ops.workers ORDER BY id LIMIT 1")[0, 0] == "1000")
            #expect(try db.query("SELECT to_regclass('ops.ticket_seq') IS NOT NULL")[0, 0] == "t")
        }
    }

    /// A column with a per-row default (gen_random_uuid()) is filled in every existing row by the apply: the
    /// revert guard read those values as "written since" and refused every revert. It now refuses only when
    /// rows were written after the apply (the apply's transaction wrote the journal row too).
    @Test func aColumnWithAPerRowDefaultRevertsUnlessRowsWereWrittenSince() throws {
        let log = """
            2026-12-04 18:44:54.377 UTC [4225] ERROR:  column "token" does not exist at character 8
            2026-12-04 18:44:54.377 UTC [4225] STATEMENT:  SELECT token FROM ops.workers

            """
        let reference = Self.live + """

            ALTER TABLE ops.workers ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
            """
        try Self.drafting(log: log, reference: reference) { _, db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            #expect(playbook.id == "add_workers_token")
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            let library = try PlaybookLibrary(directory: outcome.directory.path)
            let revert = { try SQLRemediator(connection: db, library: library).run(try library.playbook(id: "add_workers_token"), mode: .revert) }
            #expect(try revert().outcome == .reverted)
            #expect(try db.query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'workers' AND column_name = 'token'")[0, 0] == "0")

            #expect(try SQLRemediator(connection: db, library: library).run(try library.playbook(id: "add_workers_token"), mode: .apply).outcome == .applied)
            try db.execute("INSERT INTO ops.workers (name) VALUES ('written since')")
            #expect { try revert() } throws: { error in
                "\(error)".contains("add_workers_token/revert.sql") && "\(error)".contains("rows written since the draft was applied")
            }
            #expect(try db.query("SELECT count(*) FROM ops.workers WHERE token IS NOT NULL")[0, 0] == "3")
        }
    }

    /// A generated column holds only what it computes: its revert has nothing to refuse over.
    @Test func aGeneratedColumnRevertsWithoutAGuard() throws {
        let log = """
            2026-12-04 18:44:54.377 UTC [4225] ERROR:  column "upper_name" does not exist at character 8
            2026-12-04 18:44:54.377 UTC [4225] STATEMENT:  SELECT upper_name FROM ops.workers

            """
        let reference = Self.live + """

            ALTER TABLE ops.workers ADD COLUMN upper_name text GENERATED ALWAYS AS (upper(name)) STORED;
            """
        try Self.drafting(log: log, reference: reference) { _, db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            #expect(!playbook.revert.contains("DO $$"), "\(playbook.revert)")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            let library = try PlaybookLibrary(directory: outcome.directory.path)
            #expect(try SQLRemediator(connection: db, library: library).run(try library.playbook(id: playbook.id), mode: .revert).outcome == .reverted)
        }
    }

    /// A generated column computed from a column the target lacks too: its draft failed the rehearsal
    /// (column "grams" does not exist). Now it adds the source column first, in one playbook that stands for
    /// both problems, and reverts in the reverse order.
    @Test func aGeneratedColumnBringsTheMissingColumnItIsComputedFrom() throws {
        let log = """
            2026-12-04 18:44:54.377 UTC [4225] ERROR:  column "kilos" does not exist at character 8
            2026-12-04 18:44:54.377 UTC [4225] STATEMENT:  SELECT kilos FROM ops.workers
            2026-12-04 18:44:55.377 UTC [4225] ERROR:  column "grams" does not exist at character 8
            2026-12-04 18:44:55.377 UTC [4225] STATEMENT:  SELECT grams FROM ops.workers

            """
        let reference = Self.live + """

            ALTER TABLE ops.workers ADD COLUMN grams integer CHECK (grams >= 0);
            ALTER TABLE ops.workers ADD COLUMN kilos numeric GENERATED ALWAYS AS (grams / 1000.0) STORED;
            """
        try Self.drafting(log: log, reference: reference) { _, db, outcome in
            #expect(outcome.entries.count == 2)
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
            let playbooks = outcome.entries.compactMap(Drafting.playbook)
            #expect(Set(playbooks.map(\.id)) == ["add_workers_kilos"], "\(playbooks.map(\.id))")
            let playbook = try #require(playbooks.first)
            #expect(playbook.columns == ["ops.workers.grams", "ops.workers.kilos"])
            let adds = playbook.statements.filter { $0.contains("ADD COLUMN") }
            #expect(adds.count == 2 && adds[0].contains("grams") && adds[1].contains("kilos"), "\(playbook.statements)")
            let drops = playbook.revert.components(separatedBy: "\n").filter { $0.contains("DROP COLUMN") }
            #expect(drops.count == 2 && drops[0].contains("kilos") && drops[1].contains("grams"), "\(playbook.revert)")

            let library = try PlaybookLibrary(directory: outcome.directory.path)
            _ = try library.approve(id: "add_workers_kilos")
            let approved = try PlaybookLibrary(directory: outcome.directory.path)
            let remediator = SQLRemediator(connection: db, library: approved)
            #expect(try remediator.run(try approved.playbook(id: "add_workers_kilos"), mode: .apply).outcome == .applied)
            try db.execute("UPDATE ops.workers SET grams = NULL")
            #expect(try remediator.run(try approved.playbook(id: "add_workers_kilos"), mode: .revert).outcome == .reverted)
            #expect(try db.query("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'ops' AND column_name IN ('grams', 'kilos')")[0, 0] == "0")
        }
    }

    static let upsertLog = """
        2026-12-04 20:04:07.359 UTC [11932] lib@lib ERROR:  there is no unique or exclusion constraint matching the ON CONFLICT specification
        2026-12-04 20:04:07.359 UTC [11932] lib@lib STATEMENT:  INSERT INTO ops.workers (name) VALUES ($1) ON CONFLICT (name) DO NOTHING

        """

    /// An upsert with no unique index on its conflict columns had a check verdict but no draft: the draft
    /// is the reference's unique index, offered only for that table and those columns, reverted by dropping it.
    @Test func anUpsertWithoutItsUniqueIndexGetsTheReferenceIndexDrafted() throws {
        // With a missing column of the same table in the log: its draft does not stand for the index's.
        let reference = Self.live + "\nCREATE UNIQUE INDEX workers_name_uniq ON ops.workers (name);\nALTER TABLE ops.workers ADD COLUMN note text;\n"
        let log = Self.upsertLog + """
            2026-12-04 18:44:54.377 UTC [4225] ERROR:  column "note" does not exist at character 8
            2026-12-04 18:44:54.377 UTC [4225] STATEMENT:  SELECT note FROM ops.workers

            """
        try Self.drafting(log: log, reference: reference) { logPath, db, outcome in
            #expect(Set(outcome.entries.compactMap(Drafting.playbook).map(\.id)) == ["unique_workers_name", "add_workers_note"])
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first { $0.id.hasPrefix("unique") }, "\(outcome.entries.map(\.draft.outcome))")
            #expect(playbook.id == "unique_workers_name")
            #expect(playbook.statements == ["CREATE UNIQUE INDEX workers_name_uniq ON ops.workers USING btree (name)"])
            #expect(playbook.description.contains("CONCURRENTLY") && playbook.description.contains("HAVING count(*) > 1"))
            #expect(playbook.columns == ["ops.workers.name"])
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")

            let (library, diagnosis) = try Self.approving("unique_workers_name", of: outcome, logPath: logPath, db: db)
            let problem = try #require(diagnosis.problems.first { $0.group.ruleID == "on_conflict_no_constraint" })
            #expect(problem.recommendation.playbooks == ["unique_workers_name"])
            let remediator = SQLRemediator(connection: db, library: library)
            #expect(try remediator.run(try library.playbook(id: "unique_workers_name"), mode: .apply).outcome == .applied)
            #expect(try db.query("SELECT to_regclass('ops.workers_name_uniq') IS NOT NULL")[0, 0] == "t")
            #expect(try remediator.run(try library.playbook(id: "unique_workers_name"), mode: .revert).outcome == .reverted)
            #expect(try db.query("SELECT to_regclass('ops.workers_name_uniq') IS NULL")[0, 0] == "t")
        }
    }

    /// Rows that already share the conflict columns: the index cannot be built, and the rehearsal says so.
    @Test func duplicatesMakeTheUniqueIndexRehearsalFail() throws {
        let reference = Self.live + "\nCREATE UNIQUE INDEX workers_name_uniq ON ops.workers (name);\n"
        let log = Self.upsertLog
        try withScratchDirectory { dir in
            let logPath = dir.appendingPathComponent("postgresql.log"), referencePath = dir.appendingPathComponent("reference.sql")
            try log.write(to: logPath, atomically: true, encoding: .utf8)
            try reference.write(to: referencePath, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(Self.live + "INSERT INTO ops.workers (name) VALUES ('a');")
                try Drafting.draft(logs: [logPath.path], referenceSQL: [referencePath.path], target: db) { outcome in
                    let entry = try #require(outcome.entries.first)
                    #expect(!entry.isReady)
                    #expect("\(String(describing: entry.rehearsal))".contains("23505"), "\(String(describing: entry.rehearsal))")
                }
            }
        }
    }
}
