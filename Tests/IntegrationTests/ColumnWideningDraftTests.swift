import Foundation
import Testing
@testable import LogMedic

/// A Node signup service (node-pg, plain SQL migrations): a migration widening `members.display_name` from
/// varchar(30) to varchar(80) never ran, and the server logs `value too long for type character varying(30)`
/// with the INSERT. The check finds the column from the logged statement, and `fix --draft` widens it as
/// the migrations do (was: no check, nothing drafted).
@Suite("fix --draft: a varchar a migration widened", .enabled(if: TestDatabase.isAvailable))
struct ColumnWideningDraftTests {
    static let members = """
        CREATE TABLE members (id serial PRIMARY KEY, email varchar(120) NOT NULL, display_name varchar(30) NOT NULL);
        CREATE TABLE invites (code varchar(30) PRIMARY KEY);

        """
    /// A PostgreSQL 15 server log, `%m [%p] ` prefix.
    static let log = """
        2026-12-05 01:02:11.402 UTC [4410] ERROR:  value too long for type character varying(30)
        2026-12-05 01:02:11.402 UTC [4410] STATEMENT:  INSERT INTO members (email, display_name) VALUES ($1, $2) RETURNING id

        """

    static func drafting(widen: Bool, _ body: (PostgresConnection, Drafting.Outcome) throws -> Void) throws {
        var migrations = ["001_members.sql": members]
        if widen { migrations["002_longer_names.sql"] = "ALTER TABLE members ALTER COLUMN display_name TYPE varchar(80);\n" }
        try Drafting.draft(migrations: migrations, log: log, live: members, body)
    }

    @Test func theColumnTheStatementWritesIsWidenedAsTheMigrationDoes() throws {
        try Self.drafting(widen: true) { db, outcome in
            let playbooks = outcome.entries.compactMap(Drafting.playbook)
            #expect(playbooks.map(\.statements) == [["ALTER TABLE public.members ALTER COLUMN display_name TYPE character varying(80)"]],
                    "\(outcome.entries.map(\.draft))")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            try db.execute("INSERT INTO members (email, display_name) VALUES ('a@example.com', repeat('x', 50))")
            let library = try PlaybookLibrary(directory: outcome.directory.path)
            #expect(PlaybookLinter(library: library, catalog: try CompiledCatalog()).lint().filter { $0.level == .error }.isEmpty)
            let remediator = SQLRemediator(connection: db, library: library)
            let playbook = try library.playbook(id: "widen_members_display_name")
            #expect(try remediator.run(playbook, mode: .apply).outcome == .alreadyApplied)
            // A 50-character name is stored now: narrowing back is refused, saying why, and nothing changes.
            let refusal = #expect(throws: (any Error).self) { _ = try remediator.run(playbook, mode: .revert) }
            #expect("\(refusal.map { "\($0)" } ?? "")".contains("values longer than 30 characters were written since the draft was applied"))
            try db.execute("DELETE FROM members")
            #expect(try remediator.run(playbook, mode: .revert).outcome == .reverted)
            #expect(try db.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'members'::regclass AND attname = 'display_name'")[0, 0]
                    == "character varying(30)")
        }
    }

    /// Without the statement (Django prints only the error), two varchar(30) columns: the check does not guess.
    @Test func withoutTheStatementTwoCandidatesAreNamedNotGuessed() throws {
        try withScratchDirectory { dir in
            let logPath = dir.appendingPathComponent("django.log")
            try "django.db.utils.DataError: value too long for type character varying(30)\n".write(to: logPath, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(Self.members)
                let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()),
                                          snapshot: try SchemaInspector(connection: db).snapshot()).diagnose(paths: [logPath.path])
                let correlation = try #require(diagnosis.problems.first?.correlation)
                #expect(correlation.status == .inconclusive)
                #expect(correlation.facts["candidates"] == "public.invites.code, public.members.display_name", "\(correlation.summary)")
            }
        }
    }

    @Test func aColumnTheMigrationsKeepNarrowIsNotDrafted() throws {
        try Self.drafting(widen: false) { _, outcome in
            guard case .notDrafted(let reason)? = outcome.entries.first?.draft.outcome else {
                Issue.record("\(outcome.entries.map(\.draft))"); return
            }
            #expect(reason.contains("character varying(30) too") && reason.contains("the code must keep the value within it"), "\(reason)")
        }
    }
}
