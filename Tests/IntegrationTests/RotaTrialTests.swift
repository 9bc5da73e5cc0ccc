import Foundation
import Testing
@testable import LogMedic

/// A blind trial (fixtures/trial-rota): a hospital rota API on Starlette, SQLAlchemy 2 (asyncio) and asyncpg, logging
/// structlog JSON lines, and its PostgreSQL 15 server (`%m [%p] %q%u@%d `), captured by capture.sh from the real
/// software against a database migrated to Alembic revision 0002 and then changed by hand. The on-call engineer's
/// session: `report`, `fix --draft` from `alembic upgrade head --sql`, approve, `fix --apply`, `report` again.
@Suite("a hospital rota's logs, reported and fixed against its drifted schema", .enabled(if: TestDatabase.isAvailable))
struct RotaTrialTests {
    static let fixture = CLI.packageRoot.appendingPathComponent("fixtures/trial-rota")
    static let logs = ["logs/app.log", "logs/postgresql.log"].map { fixture.appendingPathComponent($0).path }

    static func load(_ connection: PostgresConnection) throws {
        for file in ["schema.sql", "data.sql"] {
            try connection.execute(try String(contentsOf: fixture.appendingPathComponent(file), encoding: .utf8))
        }
    }

    static func report(_ dsn: String) throws -> [[String: Any]] { try TrialReport.problems(logs, dsn: dsn) }

    static func fix(_ problems: [[String: Any]], _ function: String) throws -> String {
        let problem = try #require(problems.first { TrialReport.summary($0).contains("function=\(function) ") }, "\(problems.map(TrialReport.summary))")
        return ((problem["recommendation"] as? [String: Any])?["fix"] as? [String] ?? []).joined(separator: "\n")
    }

    /// Every drift is found once per failure and confirmed, at the app's own frame; asyncpg's
    /// `InvalidColumnReferenceError: there is no unique …` is not a JavaScript `ReferenceError` (was: a MEDIUM
    /// "JavaScript name is not defined: there").
    @Test func everyDriftIsFoundOnceAndConfirmed() throws {
        let problems = try TestDatabase.with { connection, dsn in
            try Self.load(connection)
            return try Self.report(dsn).map(TrialReport.summary).sorted()
        }
        #expect(problems == [
            "invalid_input_syntax type=shift_kind value=on_call ×1 (1 linked) CONFIRMED at /srv/rota/api.py:81",
            "not_null_violation column=status table=leave_requests ×1 (1 linked) CONFIRMED at /srv/rota/api.py:115",
            "on_conflict_no_constraint  ×1 (1 linked) CONFIRMED at /srv/rota/api.py:94",
            "undefined_column table=staff column=pager_number ×2 (2 linked) CONFIRMED at /srv/rota/api.py:58",
            "undefined_column table=wards column=floor ×2 (2 linked) CONFIRMED at /srv/rota/api.py:51",
            "undefined_function function=rota_hours arguments=integer, date ×1 (1 linked) CONFIRMED at /srv/rota/api.py:75",
            "undefined_function function=similarity arguments=character varying, character varying ×1 (1 linked) CONFIRMED at /srv/rota/api.py:65",
            "undefined_table relation=shift_swaps ×2 (2 linked) CONFIRMED at /srv/rota/api.py:101",
        ], "\(problems)")
    }

    /// structlog's request records (`{"status": 500, "event": "request", "method": "GET", "path": "/wards", …}`) are
    /// the app's access log: each problem names the requests it failed (was: no `requests failed:` line at all).
    @Test func theRequestsEachProblemFailedAreNamed() throws {
        let text = try TestDatabase.with { connection, dsn in
            try Self.load(connection)
            return try CLI.run(["report"] + Self.logs + ["--db", dsn, "--color", "never"]).stdout
        }
        for failed in ["GET /wards → 500 ×2", "GET /wards/1/staff → 500 ×1, GET /wards/2/staff → 500 ×1", "POST /leave → 500 ×1",
                       "POST /assignments → 500 ×1", "GET /shifts/1/swaps → 500 ×1, POST /swaps → 500 ×1"] {
            #expect(text.contains("  requests failed: \(failed)\n"), "\(failed)\n\(text)")
        }
    }

    /// The app's own function, which no extension provides, is to be created by its migration (was: "Install the
    /// extension that provides rota_hours … otherwise add explicit casts", beside "no known extension provides it");
    /// once it exists, and once pg_trgm is installed, there is nothing left to do (was: the same install advice).
    @Test func theAdviceForAMissingFunctionFollowsTheDatabase() throws {
        try TestDatabase.with { connection, dsn in
            try Self.load(connection)
            let before = try Self.report(dsn)
            let own = try Self.fix(before, "rota_hours")
            #expect(own.hasPrefix("Create rota_hours() with the Alembic migration that defines it (`alembic upgrade head` runs the pending ones)"), "\(own)")
            #expect(!own.contains("CREATE EXTENSION"), "\(own)")
            #expect(try Self.fix(before, "similarity").hasPrefix("Install extension pg_trgm, which provides similarity()"))
            try connection.execute("""
                CREATE EXTENSION pg_trgm SCHEMA public;
                CREATE FUNCTION public.rota_hours(ward integer, day date) RETURNS numeric LANGUAGE sql AS $$ SELECT 0::numeric $$;
                """)
            let after = try Self.report(dsn)
            for function in ["rota_hours", "similarity"] {
                let fix = try Self.fix(after, function)
                #expect(fix.hasPrefix("Nothing to create. Confirm the errors stopped after "), "\(fix)")
            }
        }
    }

    /// Drafted from `alembic upgrade head --sql`, approved and applied, the playbooks fix every drift; each draft
    /// names the revision to stamp, the function's and the relaxed column's too (was: none, so `alembic upgrade head`
    /// failed next on `function rota_hours already exists`); a second apply has nothing to do.
    @Test func theDraftsFixEveryDriftAndNameTheRevisionsToStamp() throws {
        try TestDatabase.with { connection, dsn in
            try Self.load(connection)
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-drafts-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            let reference = Self.fixture.appendingPathComponent("reference/alembic-upgrade.sql").path
            let draft = try CLI.run(["fix"] + Self.logs + ["--db", dsn, "--draft", "--reference-sql", reference, "--scratch-db", TestDatabase.url!,
                                                            "--out", out.path, "--color", "never"])
            #expect(draft.status == 0, "\(draft.stdout)\n\(draft.stderr)")
            let ids = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") }.sorted()
            #expect(ids == ["add_staff_pager_number", "alter_leave_requests_status", "create_rota_hours", "create_shift_swaps",
                            "label_shift_kind_on_call", "rename_wards_floor_level", "unique_rota_assignments_shift_id_staff_id"], "\(ids)")
            #expect(draft.stdout.contains("""
                  drafted create_rota_hours — Create function public.rota_hours(integer, date)  →  \(out.path)/create_rota_hours
                  Migration 0004 in alembic-upgrade.sql creates it and never ran here: once this is applied, mark it applied in Alembic (its alembic_version table is in this database) after checking the draft covers all it does, or its next run fails on what now exists: alembic stamp 0004
                """), "\(draft.stdout)")
            #expect(draft.stdout.contains("""
                  Migration 0003 in alembic-upgrade.sql makes this change and never ran here: once this is applied, mark it applied in Alembic (its alembic_version table is in this database) after checking the draft covers all it does, or its next run fails on what now exists: alembic stamp 0003
                    1. ALTER TABLE public.leave_requests ALTER COLUMN status SET DEFAULT 'pending'::character varying
                """), "\(draft.stdout)")
            for id in ids {
                let approved = try CLI.run(["remediations", "approve", id, "--playbooks", out.path])
                #expect(approved.status == 0, "\(id): \(approved.stderr)")
            }
            let applied = try CLI.run(["fix"] + Self.logs + ["--db", dsn, "--playbooks", out.path, "--apply", "--yes", "--color", "never"])
            #expect(applied.status == 0, "\(applied.stdout)\n\(applied.stderr)")
            #expect(applied.stdout.components(separatedBy: "applied and committed; recorded in logmedic.journal.").count == 9, "\(applied.stdout)")
            #expect(applied.stdout.contains("next: Mark migration 0004 in alembic-upgrade.sql applied in Alembic now, or its next run fails on what now exists: alembic stamp 0004"),
                    "\(applied.stdout)")
            let after = try Self.report(dsn).map(TrialReport.summary)
            #expect(after.count == 8 && after.allSatisfy { $0.contains(" RESOLVED at ") }, "\(after)")
            let again = try CLI.run(["fix"] + Self.logs + ["--db", dsn, "--playbooks", out.path, "--apply", "--yes", "--color", "never"])
            #expect(again.status == 0 && !again.stdout.contains("committed"), "\(again.stdout)")
        }
    }
}
