import Foundation
import Testing
@testable import LogMedic

/// A billing app on psycopg 3: release 2 stopped writing `legacy_code` and shipped a migration that drops it,
/// which never ran, so every new invoice fails with `null value in column "legacy_code" … violates not-null
/// constraint`. `fix --draft` makes the column nullable and names that migration (was: nothing drafted,
/// "the reference schema has no column … either").
@Suite("fix --draft: a NOT NULL column the migrations drop", .enabled(if: TestDatabase.isAvailable))
struct DroppedColumnDraftTests {
    static let invoices = "CREATE TABLE invoices (id serial PRIMARY KEY, number text NOT NULL, legacy_code text NOT NULL, total_cents int NOT NULL);\n"
    static let migrations = ["0001_init.sql": invoices, "0002_drop_legacy.sql": "ALTER TABLE invoices DROP COLUMN legacy_code;\n"]
    /// As psycopg 3.2 printed it (/tmp capture of the app's insert, paths shortened).
    static let log = """
        2026-12-05 02:57:38,658 ERROR billing.api: POST /invoices failed
        Traceback (most recent call last):
          File "/srv/billing/app.py", line 6, in <module>
            conn.execute("INSERT INTO invoices (number, total_cents) VALUES (%s, %s)", ("INV-1", 1200))
          File "/srv/venv/lib/python3.11/site-packages/psycopg/connection.py", line 251, in execute
            raise ex.with_traceback(None)
        psycopg.errors.NotNullViolation: null value in column "legacy_code" of relation "invoices" violates not-null constraint
        DETAIL:  Failing row contains (1, INV-1, null, 1200).

        """

    /// sqlx records 0002 as applied (in its _sqlx_migrations, as sqlx creates it): the column came back since, and the
    /// draft says so, and that a migration (not that one, which will not run again) drops it (was: "never ran here").
    @Test func aDroppingMigrationTheHistoryRecordsAsAppliedIsSaidToHaveRun() throws {
        let sqlx = """
            CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
              success BOOLEAN NOT NULL, checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL);
            INSERT INTO _sqlx_migrations VALUES (1, 'init', '2026-12-01 09:00:00+00', true, '\\x01', 1), (2, 'drop legacy', '2026-12-02 09:00:00+00', true, '\\x02', 1);
            """
        try Drafting.draft(migrations: Self.migrations, log: Self.log, live: Self.invoices + sqlx) { _, outcome in
            let description = try #require(outcome.entries.compactMap(Drafting.playbook).first).description
            #expect(description.contains("Migration 0002_drop_legacy.sql drops it, and this database's _sqlx_migrations records 0002_drop_legacy.sql as applied on 2026-12-02 09:00:00 UTC, so the column came back since"), "\(description)")
            #expect(description.contains("drop the column with a migration once"), "\(description)")
        }
    }

    @Test func theColumnIsMadeNullableKeepingItsDataAndTheDroppingMigrationIsNamed() throws {
        try Drafting.draft(migrations: Self.migrations, log: Self.log, live: Self.invoices + "INSERT INTO invoices (number, legacy_code, total_cents) VALUES ('INV-0', 'L-7', 900);") { db, outcome in
            let playbooks = outcome.entries.compactMap(Drafting.playbook)
            #expect(playbooks.map(\.id) == ["alter_invoices_legacy_code"], "\(outcome.entries.map(\.draft))")
            #expect(playbooks.first?.statements == ["ALTER TABLE public.invoices ALTER COLUMN legacy_code DROP NOT NULL"])
            #expect(playbooks.first?.description.contains("Migration 0002_drop_legacy.sql drops it and never ran here") == true,
                    "\(playbooks.first?.description ?? "")")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            // The insert that failed now succeeds, and the old rows keep their value.
            try db.execute("INSERT INTO invoices (number, total_cents) VALUES ('INV-1', 1200)")
            #expect(try db.query("SELECT legacy_code FROM invoices WHERE number = 'INV-0'")[0, 0] == "L-7")

            let library = try PlaybookLibrary(directory: outcome.directory.path)
            #expect(PlaybookLinter(library: library, catalog: try CompiledCatalog()).lint().filter { $0.level == .error }.isEmpty)
            let remediator = SQLRemediator(connection: db, library: library)
            let playbook = try library.playbook(id: "alter_invoices_legacy_code")
            #expect(try remediator.run(playbook, mode: .apply).outcome == .alreadyApplied)
            // A row without the value was written since: NOT NULL cannot come back, refused and nothing changes.
            #expect(throws: (any Error).self) { _ = try remediator.run(playbook, mode: .revert) }
            try db.execute("DELETE FROM invoices WHERE legacy_code IS NULL")
            #expect(try remediator.run(playbook, mode: .revert).outcome == .reverted)
            #expect(try db.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'invoices'::regclass AND attname = 'legacy_code'")[0, 0] == "t")
        }
    }

    @Test func aReferenceWithoutTheColumnButNoMigrationDroppingItSaysSo() throws {
        let schema = ["schema.sql": "CREATE TABLE invoices (id serial PRIMARY KEY, number text NOT NULL, total_cents int NOT NULL);\n"]
        try Drafting.draft(migrations: schema, log: Self.log, live: Self.invoices) { _, outcome in
            let description = outcome.entries.compactMap(Drafting.playbook).first?.description ?? ""
            #expect(description.contains("The reference's public.invoices has no such column"), "\(description)")
        }
    }
}
