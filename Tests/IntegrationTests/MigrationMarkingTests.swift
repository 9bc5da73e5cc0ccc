import Foundation
import Testing
@testable import LogMedic

/// After a draft of what a folder's migration creates is applied, the user is told how to mark that migration
/// applied in their tool (`advice/migration-tools.yaml`), found from the target's history table and the folder.
@Suite("marking the drafted migration applied", .enabled(if: TestDatabase.isAvailable))
struct MigrationMarkingTests {
    /// Each tool's history table as the tool creates it, and what the note must then say for the folder's
    /// migration that creates shipments (FOLDER: the folder's path).
    static let histories: [String: (table: String, says: String)] = [
        "golang-migrate": ("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);",
                           #"mark them applied in golang-migrate (its schema_migrations table is in this database) after checking the draft covers all they do, or its next run fails on what now exists: migrate -path FOLDER -database "$DATABASE_URL" force 000003"#),
        "dbmate": ("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);",
                   #"psql "$DATABASE_URL" -c "INSERT INTO schema_migrations (version) VALUES ('20261102090000')"; psql "$DATABASE_URL" -c "INSERT INTO schema_migrations (version) VALUES ('20261110090000')""#),
        "flyway": ("""
            CREATE TABLE flyway_schema_history (installed_rank integer PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL,
              type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL,
              installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL, success boolean NOT NULL);
            """, "(Flyway: its flyway_schema_history table is in this database). Flyway has no command to mark one migration applied, and a flyway_schema_history row needs the checksum only Flyway computes: its next `flyway migrate` runs V2__shipments.sql and fails on what now exists."),
        "sqitch": ("""
            CREATE SCHEMA sqitch;
            CREATE TABLE sqitch.changes (change_id text PRIMARY KEY, script_hash text, change text NOT NULL, project text NOT NULL, note text NOT NULL DEFAULT '',
              committed_at timestamptz NOT NULL DEFAULT clock_timestamp(), committer_name text NOT NULL, committer_email text NOT NULL,
              planned_at timestamptz NOT NULL, planner_name text NOT NULL, planner_email text NOT NULL);
            """, "(its sqitch.changes table is in this database) after checking the draft covers all they do, or its next run fails on what now exists: sqitch deploy --log-only --to-change shipments@HEAD"),
        "prisma": ("""
            CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL,
              logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0);
            """, "npx prisma migrate resolve --applied 2_shipments; npx prisma migrate resolve --applied 10_weight"),
    ]

    @Test(arguments: ["golang-migrate", "dbmate", "flyway", "sqitch", "prisma"])
    func theNoteSaysWhatTheToolOfTheHistoryTableRuns(layout: String) throws {
        let history = Self.histories[layout]!
        try MigrationFolderDraftTests.drafting(files: MigrationFolderDraftTests.layouts[layout]!, live: MigrationFolderDraftTests.live + history.table) { folder, _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            let note = try #require(playbook.note)
            #expect(note.contains(history.says.replacingOccurrences(of: "FOLDER", with: folder.path)), "\(note)")
        }
    }

    /// goose, dbmate and Diesel have no mark command: the note gives the INSERT as a psql command. Run on the
    /// tool's history table (as the tool creates it), it records the migration as the tool would.
    @Test(arguments: [
        ("goose", "CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp DEFAULT now());",
         ["00001_carriers.sql": "-- +goose Up\n", "00002_shipments.sql": "-- +goose Up\n"], "SELECT version_id FROM goose_db_version WHERE is_applied", "2"),
        ("dbmate", "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);",
         ["20261101090000_carriers.sql": "-- migrate:up\n", "20261102090000_shipments.sql": "-- migrate:up\n"], "SELECT version FROM schema_migrations", "20261102090000"),
        ("Diesel", "CREATE TABLE __diesel_schema_migrations (version varchar(50) PRIMARY KEY, run_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP);",
         ["2026-11-01-090000_carriers/up.sql": "", "2026-11-02-090000_shipments/up.sql": ""], "SELECT version FROM __diesel_schema_migrations", "20261102090000"),
    ])
    func theGivenInsertRecordsTheMigration(tool: String, history: String, files: [String: String], recorded: String, version: String) throws {
        var migrations: [String: String] = [:]
        for (path, head) in files { migrations[path] = head + (path.contains("carriers") ? MigrationFolderDraftTests.carriers : MigrationFolderDraftTests.shipments) }
        try MigrationFolderDraftTests.drafting(files: migrations, live: MigrationFolderDraftTests.live + history) { _, db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            let after = try #require(playbook.afterApply)
            #expect(after.hasPrefix("Mark migration \(files.keys.sorted().last!) applied in \(tool) now"), "\(after)")
            let command = try #require(after.range(of: #"psql "$DATABASE_URL" -c ""#).map { after[$0.upperBound...] }, "\(after)")
            try db.execute(String(command.dropLast()).replacingOccurrences(of: #"\""#, with: "\""))
            #expect(try db.query(recorded)[0, 0] == version)
        }
    }

    /// A folder given after a file (`--reference-sql extensions.sql db/migrations`): the command names the folder
    /// the migrations are in (was: no folder, so no command at all, only the general words).
    @Test func theCommandNamesTheFolderTheMigrationsAreIn() throws {
        try withScratchDirectory { dir in
            let folder = dir.appendingPathComponent("migrations"), extra = dir.appendingPathComponent("extensions.sql"), log = dir.appendingPathComponent("shipping.log")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (path, sql) in MigrationFolderDraftTests.layouts["golang-migrate"]! { try sql.write(to: folder.appendingPathComponent(path), atomically: true, encoding: .utf8) }
            try "CREATE EXTENSION IF NOT EXISTS plpgsql;\n".write(to: extra, atomically: true, encoding: .utf8)
            try MigrationFolderDraftTests.log.write(to: log, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(MigrationFolderDraftTests.live + Self.histories["golang-migrate"]!.table)
                try Drafting.draft(logs: [log.path], referenceSQL: [extra.path, folder.path], target: db) { outcome in
                    let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
                    #expect(playbook.afterApply?.hasSuffix(#"migrate -path \#(folder.path) -database "$DATABASE_URL" force 000003"#) == true, "\(playbook.afterApply ?? "")")
                }
            }
        }
    }

    /// Later migrations that only add an index or a constraint (unique, check) to the table the draft creates as
    /// the folder leaves it are covered too, and named (was: only the creating one, so `migrate up` then failed on
    /// `shipments_tracking_idx already exists`); one that adds an index to a table the draft leaves alone is not.
    @Test func laterIndexesAndConstraintsOfTheDraftedTableAreNamedToo() throws {
        let files = [
            "000001_carriers.up.sql": MigrationFolderDraftTests.carriers, "000002_shipments.up.sql": MigrationFolderDraftTests.shipments,
            "000003_tracking_idx.up.sql": "CREATE INDEX shipments_tracking_idx ON shipments (tracking);",
            "000004_tracking_key.up.sql": "ALTER TABLE shipments ADD CONSTRAINT shipments_tracking_key UNIQUE (tracking);",
            "000005_tracking_check.up.sql": "ALTER TABLE shipments ADD CONSTRAINT shipments_tracking_check CHECK (tracking <> '');",
            "000006_carrier_name_idx.up.sql": "CREATE INDEX carriers_name_idx ON carriers (name);",
        ]
        try MigrationFolderDraftTests.drafting(files: files, live: MigrationFolderDraftTests.live + Self.histories["golang-migrate"]!.table) { folder, _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            let note = try #require(playbook.note)
            #expect(note.hasPrefix("Migrations 000002_shipments.up.sql, 000003_tracking_idx.up.sql, 000004_tracking_key.up.sql, 000005_tracking_check.up.sql create it and never ran here"), "\(note)")
            #expect(playbook.afterApply?.hasSuffix(#"migrate -path \#(folder.path) -database "$DATABASE_URL" force 000005"#) == true, "\(playbook.afterApply ?? "")")
        }
    }

    /// A column's draft carries the unique index a later migration adds on it: that migration is named too (was:
    /// only the one adding the column, so `migrate up` then failed on `shipments_tracking_key already exists`).
    @Test func theMigrationAddingTheIndexAColumnsDraftCarriesIsNamedToo() throws {
        let files = [
            "000001_carriers.up.sql": MigrationFolderDraftTests.carriers, "000002_shipments.up.sql": "CREATE TABLE shipments (id bigint PRIMARY KEY);",
            "000003_tracking.up.sql": "ALTER TABLE shipments ADD COLUMN tracking text;",
            "000004_tracking_key.up.sql": "CREATE UNIQUE INDEX shipments_tracking_key ON shipments (tracking);",
        ]
        let log = "2026/12/04 20:31:02 list shipments: ERROR: column \"tracking\" does not exist (SQLSTATE 42703)\n"
        let live = MigrationFolderDraftTests.live + "CREATE TABLE shipments (id bigint PRIMARY KEY);" + Self.histories["golang-migrate"]!.table
        try MigrationFolderDraftTests.drafting(files: files, log: log, live: live) { folder, _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            #expect(playbook.statements.contains { $0.contains("shipments_tracking_key") }, "\(playbook.statements)")
            #expect(playbook.afterApply?.hasPrefix("Mark migrations 000003_tracking.up.sql, 000004_tracking_key.up.sql applied in golang-migrate") == true, "\(playbook.afterApply ?? "")")
            #expect(playbook.afterApply?.hasSuffix(#"force 000004"#) == true, "\(playbook.afterApply ?? "")")
        }
    }

    /// No history table and a folder of plain numbered files: no tool is named, the note says so in general words.
    @Test func withoutAToolTheNoteStaysGeneral() throws {
        let files = ["001_carriers.sql": MigrationFolderDraftTests.carriers, "002_shipments.sql": MigrationFolderDraftTests.shipments]
        try MigrationFolderDraftTests.drafting(files: files) { _, _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            #expect(playbook.note?.contains("mark that migration applied in your migration tool") == true, "\(playbook.note ?? "")")
            #expect(playbook.afterApply == "Mark migration 002_shipments.sql applied in your migration tool now, or its next run fails on what now exists.")
        }
    }

    /// fixtures/draft-marking/yoyo: yoyo ran 0001 only, the app logged the missing table (capture.sh). The draft
    /// names yoyo's command; once approved, `fix --apply` prints it once after committing (prove.sh runs it and
    /// yoyo's own apply, which then succeeds).
    @Test func yoyosHistoryTableGetsYoyosMarkCommandInTheDraftAndAfterTheApply() throws {
        let root = CLI.packageRoot.appendingPathComponent("fixtures/draft-marking/yoyo")
        let migrations = root.appendingPathComponent("migrations").path, log = root.appendingPathComponent("app.log").path
        let command = #"yoyo mark --batch --database "$DATABASE_URL" --revision 0002.moisture-sensors "# + migrations
        try TestDatabase.with { db, dsn in
            _ = try db.execute(try String(contentsOf: root.appendingPathComponent("live.sql"), encoding: .utf8))
            try withScratchDirectory { dir in
                let out = dir.appendingPathComponent("drafts").path
                let draft = try CLI.run(["fix", log, "--db", dsn, "--draft", "--out", out, "--color", "never", "--scratch-db", try #require(TestDatabase.url),
                                         "--reference-sql", migrations])
                #expect(draft.status == 0, "\(draft.stdout)\n\(draft.stderr)")
                #expect(draft.stdout.contains("Migration 0002.moisture-sensors.sql creates it and never ran here: once this is applied, mark it applied in yoyo (its _yoyo_migration table is in this database) after checking the draft covers all it does, or its next run fails on what now exists: " + command), "\(draft.stdout)")
                let approve = try CLI.run(["remediations", "approve", "create_moisture_sensors", "--playbooks", out])
                #expect(approve.status == 0, "\(approve.stderr)")
                let apply = try CLI.run(["fix", log, "--db", dsn, "--playbooks", out, "--apply", "--yes", "--color", "never"])
                #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
                #expect(apply.stdout.components(separatedBy: "next: ").count == 2, "once: \(apply.stdout)")
                #expect(apply.stdout.hasSuffix("\nnext: Mark migration 0002.moisture-sensors.sql applied in yoyo now, or its next run fails on what now exists: " + command + "\n"), "\(apply.stdout)")
            }
        }
    }

    /// One migration creates a table and adds a column to another: its two drafts both name it, and `fix
    /// --apply` of both prints the mark command once (was: once after each).
    @Test func twoDraftsOfOneMigrationPrintItsMarkCommandOnce() throws {
        try withScratchDirectory { dir in
            let folder = dir.appendingPathComponent("migrations")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try MigrationFolderDraftTests.carriers.write(to: folder.appendingPathComponent("000001_carriers.up.sql"), atomically: true, encoding: .utf8)
            try (MigrationFolderDraftTests.shipments + "ALTER TABLE carriers ADD COLUMN phone text;\n")
                .write(to: folder.appendingPathComponent("000002_shipments.up.sql"), atomically: true, encoding: .utf8)
            let log = dir.appendingPathComponent("app.log")
            try """
                2026/12/04 20:31:02 list shipments: ERROR: relation "shipments" does not exist (SQLSTATE 42P01)
                2026/12/04 20:31:04 call carrier: ERROR: column "phone" does not exist (SQLSTATE 42703)

                """.write(to: log, atomically: true, encoding: .utf8)
            try TestDatabase.with { db, dsn in
                try db.execute(MigrationFolderDraftTests.live + Self.histories["golang-migrate"]!.table)
                let out = dir.appendingPathComponent("drafts").path
                let draft = try CLI.run(["fix", log.path, "--db", dsn, "--draft", "--out", out, "--color", "never",
                                         "--scratch-db", try #require(TestDatabase.url), "--reference-sql", folder.path])
                #expect(draft.status == 0, "\(draft.stdout)\n\(draft.stderr)")
                for id in try FileManager.default.contentsOfDirectory(atPath: out) {
                    #expect(try CLI.run(["remediations", "approve", id, "--playbooks", out]).status == 0)
                }
                let apply = try CLI.run(["fix", log.path, "--db", dsn, "--playbooks", out, "--apply", "--yes", "--color", "never"])
                #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
                #expect(apply.stdout.components(separatedBy: "applied and committed").count == 3, "\(apply.stdout)")
                #expect(apply.stdout.components(separatedBy: "next: ").count == 2, "once: \(apply.stdout)")
            }
        }
    }

    /// Drafts of two pending migrations applied in one run, the later migration's table logged first: they are
    /// applied in the order the migrations run (10 after 9), and their mark commands said at the end of the run in
    /// that order, so the last one run leaves golang-migrate at the latest (was: in the order logged, `force 10`
    /// then `force 9`, which sets the version back to 9; found by a Node probe).
    @Test func marksAreSaidInTheOrderTheMigrationsRun() throws {
        try withScratchDirectory { dir in
            let folder = dir.appendingPathComponent("migrations")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try MigrationFolderDraftTests.carriers.write(to: folder.appendingPathComponent("1_carriers.up.sql"), atomically: true, encoding: .utf8)
            try MigrationFolderDraftTests.shipments.write(to: folder.appendingPathComponent("9_shipments.up.sql"), atomically: true, encoding: .utf8)
            try "CREATE TABLE parcels (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text);\n"
                .write(to: folder.appendingPathComponent("10_parcels.up.sql"), atomically: true, encoding: .utf8)
            let log = dir.appendingPathComponent("app.log")
            try """
                2026/12/04 20:31:02 list parcels: ERROR: relation "parcels" does not exist (SQLSTATE 42P01)
                2026/12/04 20:31:04 list shipments: ERROR: relation "shipments" does not exist (SQLSTATE 42P01)

                """.write(to: log, atomically: true, encoding: .utf8)
            try TestDatabase.with { db, dsn in
                try db.execute(MigrationFolderDraftTests.live + Self.histories["golang-migrate"]!.table + "INSERT INTO schema_migrations VALUES (1, false);")
                let out = dir.appendingPathComponent("drafts").path
                let draft = try CLI.run(["fix", log.path, "--db", dsn, "--draft", "--out", out, "--color", "never",
                                         "--scratch-db", try #require(TestDatabase.url), "--reference-sql", folder.path])
                #expect(draft.status == 0, "\(draft.stdout)\n\(draft.stderr)")
                let parcels = try String(contentsOfFile: out + "/create_parcels/playbook.yaml", encoding: .utf8)
                #expect(parcels.contains("after_apply_migrations:\n- 10_parcels.up.sql"), "\(parcels)")
                for id in try FileManager.default.contentsOfDirectory(atPath: out) {
                    #expect(try CLI.run(["remediations", "approve", id, "--playbooks", out]).status == 0)
                }
                let apply = try CLI.run(["fix", log.path, "--db", dsn, "--playbooks", out, "--apply", "--yes", "--color", "never"])
                #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
                let first = try #require(apply.stdout.range(of: "== create_shipments")), then = try #require(apply.stdout.range(of: "== create_parcels"))
                #expect(first.lowerBound < then.lowerBound, "the earlier migration's draft is applied first: \(apply.stdout)")
                let marks = apply.stdout.split(separator: "\n").filter { $0.hasPrefix("next: ") }
                #expect(marks.count == 2 && marks[0].hasSuffix("force 9") && marks[1].hasSuffix("force 10"), "\(apply.stdout)")
                #expect(apply.stdout.hasSuffix(marks.joined(separator: "\n") + "\n"), "said at the end: \(apply.stdout)")
            }
        }
    }

    /// Two pending migrations of one folder (a golang-migrate app): 000002 creates shipments, 000003 renames
    /// carriers.name and adds a column. `migrate force 000003` marks both, so neither is to be marked while a draft of
    /// either is unapplied. Approving and applying only the table's draft prints `not yet:` naming the others (was:
    /// `next: … force 000002`, which with the later mark recorded as done what the database lacks); applying the rest
    /// in a later run (the journal has the first) prints each mark command. The rename's draft has one too (was: none).
    @Test func aMigrationIsMarkedOnlyOnceEveryDraftOfItsFolderIsApplied() throws {
        try withScratchDirectory { dir in
            let folder = dir.appendingPathComponent("migrations")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try MigrationFolderDraftTests.carriers.write(to: folder.appendingPathComponent("000001_carriers.up.sql"), atomically: true, encoding: .utf8)
            try MigrationFolderDraftTests.shipments.write(to: folder.appendingPathComponent("000002_shipments.up.sql"), atomically: true, encoding: .utf8)
            try "ALTER TABLE carriers RENAME COLUMN name TO legal_name;\nALTER TABLE carriers ADD COLUMN phone text;\n"
                .write(to: folder.appendingPathComponent("000003_carrier_contact.up.sql"), atomically: true, encoding: .utf8)
            let log = dir.appendingPathComponent("app.log")
            try """
                2026/12/04 20:31:02 list shipments: ERROR: relation "shipments" does not exist (SQLSTATE 42P01)
                2026/12/04 20:31:03 list carriers: ERROR: column "legal_name" does not exist (SQLSTATE 42703)
                2026/12/04 20:31:04 call carrier: ERROR: column "phone" does not exist (SQLSTATE 42703)

                """.write(to: log, atomically: true, encoding: .utf8)
            try TestDatabase.with { db, dsn in
                try db.execute(MigrationFolderDraftTests.live + Self.histories["golang-migrate"]!.table + "INSERT INTO schema_migrations VALUES (1, false);")
                let out = dir.appendingPathComponent("drafts").path
                let draft = try CLI.run(["fix", log.path, "--db", dsn, "--draft", "--out", out, "--color", "never",
                                         "--scratch-db", try #require(TestDatabase.url), "--reference-sql", folder.path])
                #expect(draft.status == 0, "\(draft.stdout)\n\(draft.stderr)")
                let ids = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
                #expect(ids == ["add_carriers_phone", "create_shipments", "rename_carriers_name"], "\(ids)")
                let rename = try String(contentsOfFile: out + "/rename_carriers_name/playbook.yaml", encoding: .utf8)
                #expect(rename.contains("after_apply:") && rename.contains("force 000003"), "\(rename)")
                #expect(try CLI.run(["remediations", "approve", "create_shipments", "--playbooks", out]).status == 0)
                let first = try CLI.run(["fix", log.path, "--db", dsn, "--playbooks", out, "--apply", "--yes", "--color", "never"])
                #expect(first.stdout.contains("applied and committed"), "\(first.stdout)\n\(first.stderr)")
                #expect(!first.stdout.contains("next: "), "\(first.stdout)")
                #expect(first.stdout.contains("not yet: add_carriers_phone, rename_carriers_name put back more of the same migrations"), "\(first.stdout)")
                for id in ["add_carriers_phone", "rename_carriers_name"] {
                    #expect(try CLI.run(["remediations", "approve", id, "--playbooks", out]).status == 0)
                }
                let rest = try CLI.run(["fix", log.path, "--db", dsn, "--playbooks", out, "--apply", "--yes", "--color", "never"])
                #expect(rest.status == 0, "\(rest.stdout)\n\(rest.stderr)")
                #expect(!rest.stdout.contains("not yet: "), "\(rest.stdout)")
                #expect(rest.stdout.contains("force 000003"), "\(rest.stdout)")
                // Reverting part of the marked migration says that the mark is now wrong (was: nothing; found by a Node probe).
                let reverted = try CLI.run(["fix", "--revert", "add_carriers_phone", "--playbooks", out, "--db", dsn, "--apply", "--yes", "--color", "never"])
                #expect(reverted.status == 0, "\(reverted.stdout)\n\(reverted.stderr)")
                #expect(reverted.stdout.contains("next: if its migrations were marked applied") && reverted.stdout.contains("force 000003")
                        && reverted.stdout.contains("take that mark back in the tool"), "\(reverted.stdout)")
            }
        }
    }

    /// fixtures/draft-marking/django and alembic: the tool migrated to the first migration only and the app logged
    /// the missing table (capture.sh); the reference is the tool's SQL of each migration (`sqlmigrate`, one
    /// folder per app; `alembic upgrade --sql`, one file per revision). The draft names the tool's command
    /// (prove.sh runs it, and the tool's own migrate then succeeds).
    @Test(arguments: [
        ("django", "Django", "django_migrations", "nursery/0002_sensor.sql", "python manage.py migrate nursery 0002_sensor --fake"),
        ("alembic", "Alembic", "alembic_version", "b2c3d4e5f6a7_irrigation_valves.sql", "alembic stamp b2c3d4e5f6a7"),
    ])
    func thePythonToolsHistoryTableGetsItsCommand(fixture: String, tool: String, table: String, file: String, command: String) throws {
        let root = CLI.packageRoot.appendingPathComponent("fixtures/draft-marking/\(fixture)")
        try withTestDatabase { db in
            _ = try db.execute(try String(contentsOf: root.appendingPathComponent("live.sql"), encoding: .utf8))
            try Drafting.draft(logs: [root.appendingPathComponent("app.log").path], referenceSQL: [root.appendingPathComponent("reference").path], target: db) { outcome in
                let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
                #expect(playbook.note?.hasSuffix("Migration \(file) creates it and never ran here: once this is applied, mark it applied in \(tool) (its \(table) table is in this database) after checking the draft covers all it does, or its next run fails on what now exists: \(command)") == true, "\(playbook.note ?? "")")
                #expect(playbook.afterApply == "Mark migration \(file) applied in \(tool) now, or its next run fails on what now exists: \(command)")
            }
        }
    }
    /// The same Django project with its `sqlmigrate` output saved in one folder, as the README's recipe reads (no
    /// `nursery/`), and django_migrations holding the rows a project with Django's own apps has. The app is the one
    /// whose every recorded migration is a file of the folder (was: "mark that migration applied in your migration
    /// tool", found by the Django probe).
    @Test func aFlatSqlmigrateFolderGetsTheAppFromDjangoMigrations() throws {
        let root = CLI.packageRoot.appendingPathComponent("fixtures/draft-marking/django")
        try withScratchDirectory { dir in
            let flat = dir.appendingPathComponent("sqlmigrate")
            try FileManager.default.createDirectory(at: flat, withIntermediateDirectories: true)
            for file in ["0001_initial.sql", "0002_sensor.sql"] {
                try FileManager.default.copyItem(at: root.appendingPathComponent("reference/nursery/\(file)"), to: flat.appendingPathComponent(file))
            }
            try withTestDatabase { db in
                _ = try db.execute(try String(contentsOf: root.appendingPathComponent("live.sql"), encoding: .utf8))
                try db.execute("""
                    INSERT INTO django_migrations (app, name, applied) VALUES
                        ('contenttypes', '0001_initial', now()), ('contenttypes', '0002_remove_content_type_name', now()),
                        ('auth', '0001_initial', now()), ('auth', '0002_alter_permission_name_max_length', now()),
                        ('nursery', '0001_initial', now())
                    """)
                try Drafting.draft(logs: [root.appendingPathComponent("app.log").path], referenceSQL: [flat.path], target: db) { outcome in
                    let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
                    #expect(playbook.afterApply == "Mark migration 0002_sensor.sql applied in Django now, or its next run fails on what now exists: python manage.py migrate nursery 0002_sensor --fake", "\(playbook.afterApply ?? "")")
                }
                // Two apps whose recorded migrations are all files of the folder: no guess.
                try db.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('greenhouse', '0001_initial', now())")
                try Drafting.draft(logs: [root.appendingPathComponent("app.log").path], referenceSQL: [flat.path], target: db) { outcome in
                    let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
                    #expect(playbook.afterApply?.contains("manage.py") == false, "\(playbook.afterApply ?? "")")
                }
            }
        }
    }

    /// fixtures/draft-marking/django-dropped: Django migrated the kennel app to the end, so django_migrations records
    /// every migration as applied, and then kennel_dog and kennel_owner.phone were dropped by hand (capture.sh). The
    /// drafts say what the history says and do not tell the user to mark the migrations applied again (was: "never ran
    /// here" and `python manage.py migrate kennel 0002_dog --fake`, which Django refuses as already applied).
    @Test(arguments: [
        ("create_kennel_dog", "kennel/0002_dog.sql", "2026-12-05 07:13:22 UTC"),
        ("add_kennel_owner_phone", "kennel/0003_owner_phone.sql", "2026-12-05 07:13:22 UTC"),
    ])
    func aMigrationTheHistoryRecordsAsAppliedIsNotMarkedAgain(playbookID: String, file: String, applied: String) throws {
        let root = CLI.packageRoot.appendingPathComponent("fixtures/draft-marking/django-dropped")
        try withTestDatabase { db in
            _ = try db.execute(try String(contentsOf: root.appendingPathComponent("live.sql"), encoding: .utf8))
            try Drafting.draft(logs: [root.appendingPathComponent("app.log").path], referenceSQL: [root.appendingPathComponent("reference").path], target: db) { outcome in
                let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first { $0.id == playbookID })
                #expect(playbook.note == "Migration \(file) creates it, and this database's django_migrations records it as applied on \(applied): it ran here, and what it created was removed since (by hand, or by a restore of an older backup). Do not mark it applied again: once this is applied, the database matches its history.", "\(playbook.note ?? "")")
                #expect(playbook.afterApply == nil, "\(playbook.afterApply ?? "")")
                if playbookID == "create_kennel_dog" {
                    let entry = try #require(outcome.entries.first { Drafting.playbook($0)?.id == playbookID })
                    // One foreign key, not "1 foreign keys".
                    #expect(DraftRenderer.rehearsal(entry.rehearsal).hasSuffix("would create public.kennel_dog (3 columns, 2 indexes, 1 foreign key)"))
                }
            }
        }
    }

    /// The same kennel database: 0004 renamed kennel_owner.name to full_name, and the rename was undone by hand. The
    /// rename's draft says what django_migrations records (was: "never ran here").
    @Test func aRenameTheHistoryRecordsAsAppliedIsSaidToHaveBeenUndone() throws {
        let root = CLI.packageRoot.appendingPathComponent("fixtures/draft-marking/django-dropped")
        try withTestDatabase { db in
            _ = try db.execute(try String(contentsOf: root.appendingPathComponent("live.sql"), encoding: .utf8))
            try Drafting.draft(logs: [root.appendingPathComponent("app.log").path], referenceSQL: [root.appendingPathComponent("reference").path], target: db) { outcome in
                let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first { $0.id == "rename_kennel_owner_name" })
                #expect(playbook.description.contains("the database is behind the code (this database's django_migrations records kennel/0004_rename_owner_name.sql as applied on 2026-12-05 07:13:22 UTC, so the rename was undone since, by hand or by a restore of an older backup)"), "\(playbook.description)")
                #expect(playbook.note?.contains("never ran") == false, "\(playbook.note ?? "")")
            }
        }
    }

    /// fixtures/draft-marking/alembic-chain: a real Alembic project whose revision ids do not sort in the order they run
    /// (e41f0c9a2b7d, 3c8d2a1f9e60, 9b07e5d4c3a1), the reference as the README says (`alembic upgrade head --sql`, one
    /// file) and as one file per revision. The deploy stopped after e41f0c9a2b7d ("behind"): the draft names the revisions
    /// that create observations and `alembic stamp` of the last (was: for the one file, nothing; for the folder, loading
    /// failed on the foreign key to telescopes, whose file sorts last).
    @Test(arguments: [
        ("reference.sql", "Migrations 3c8d2a1f9e60 in reference.sql, 9b07e5d4c3a1 in reference.sql"),
        ("reference", "Migrations 3c8d2a1f9e60_observations.sql, 9b07e5d4c3a1_observation_seeing.sql"),
    ])
    func alembicRevisionsThatNeverRanAreStampedUpToTheLast(reference: String, migrations: String) throws {
        try Self.draftingAlembicChain(live: "live-behind.sql", reference: reference) { playbook in
            #expect(playbook.note == "\(migrations) create it and never ran here: once this is applied, mark them applied in Alembic (its alembic_version table is in this database) after checking the draft covers all they do, or its next run fails on what now exists: alembic stamp 9b07e5d4c3a1", "\(playbook.note ?? "")")
            #expect(playbook.afterApply == "Mark migrations \(migrations.dropFirst(11)) applied in Alembic now, or its next run fails on what now exists: alembic stamp 9b07e5d4c3a1", "\(playbook.afterApply ?? "")")
        }
    }

    /// The same project upgraded to its head, 9b07e5d4c3a1, and observations then dropped by hand ("dropped"). Alembic keeps
    /// only the head: the revisions before it ran too, and are not to be stamped (was: "never ran here" and `alembic stamp
    /// 9b07e5d4c3a1`; for a head past 3c8d2a1f9e60 alone, stamping it would move Alembic back and rerun what came after).
    @Test(arguments: ["reference.sql", "reference"])
    func alembicRevisionsAtOrBeforeTheDatabasesAreApplied(reference: String) throws {
        try Self.draftingAlembicChain(live: "live-dropped.sql", reference: reference) { playbook in
            #expect(playbook.note?.contains(", and this database's alembic_version records them all as applied: they ran here, and what they created was removed since (by hand, or by a restore of an older backup). Do not mark them applied again") == true, "\(playbook.note ?? "")")
            #expect(playbook.afterApply == nil, "\(playbook.afterApply ?? "")")
        }
    }

    private static func draftingAlembicChain(live: String, reference: String, _ check: (DraftedPlaybook) throws -> Void) throws {
        let root = CLI.packageRoot.appendingPathComponent("fixtures/draft-marking/alembic-chain")
        try withTestDatabase { db in
            _ = try db.execute(try String(contentsOf: root.appendingPathComponent(live), encoding: .utf8))
            try Drafting.draft(logs: [root.appendingPathComponent("app.log").path], referenceSQL: [root.appendingPathComponent(reference).path], target: db) { outcome in
                let playbooks = outcome.entries.compactMap(Drafting.playbook)
                #expect(playbooks.map(\.id) == ["create_observations"])
                try check(try #require(playbooks.first))
            }
        }
    }

    /// Prisma records a migration that failed half way with no finished_at, and golang-migrate marks its version dirty:
    /// the note says the migration failed (was: "never ran here"), and still gives the command, which is how each tool
    /// is told that the failed migration is now complete. Rows as each tool writes them, in its own table.
    @Test(arguments: [
        ("prisma", "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('0c6f', 'ab12', '2_shipments', '2026-12-04 20:30:00+00', 0), ('9e1d', 'cd34', '1_carriers', '2026-12-04 20:29:00+00', 1);",
         "Migrations 2_shipments/migration.sql, 10_weight/migration.sql create it, and this database's _prisma_migrations records 2_shipments/migration.sql as failed on 2026-12-04 20:30:00 UTC, 10_weight/migration.sql not at all: once this is applied, mark them applied in Prisma"),
        ("golang-migrate", "INSERT INTO schema_migrations VALUES (2, true);",
         "Migrations 000002_shipments.up.sql, 000003_weight.up.sql create it, and this database's schema_migrations records 000002_shipments.up.sql as failed, 000003_weight.up.sql not at all: once this is applied, mark them applied in golang-migrate"),
    ])
    func aFailedMigrationIsSaidToHaveFailed(layout: String, rows: String, says: String) throws {
        let live = MigrationFolderDraftTests.live + Self.histories[layout]!.table + rows
        try MigrationFolderDraftTests.drafting(files: MigrationFolderDraftTests.layouts[layout]!, live: live) { _, _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            #expect(playbook.note?.hasPrefix(says) == true, "\(playbook.note ?? "")")
            #expect(playbook.afterApply != nil)
        }
    }

    /// A migration the history records as applied and one it does not: only the second is to be marked.
    @Test func onlyTheMigrationsTheHistoryLacksAreMarked() throws {
        let live = MigrationFolderDraftTests.live + Self.histories["prisma"]!.table
            + "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('1', 'ab12', '2_shipments', '2026-12-04 20:30:00+00', '2026-12-04 20:30:01+00', 1);"
        try MigrationFolderDraftTests.drafting(files: MigrationFolderDraftTests.layouts["prisma"]!, live: live) { _, _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            #expect(playbook.note?.contains("records 2_shipments/migration.sql as applied on 2026-12-04 20:30:01 UTC, 10_weight/migration.sql not at all: once this is applied, mark migration 10_weight/migration.sql applied in Prisma") == true, "\(playbook.note ?? "")")
            #expect(playbook.afterApply == "Mark migration 10_weight/migration.sql applied in Prisma now, or its next run fails on what now exists: npx prisma migrate resolve --applied 10_weight", "\(playbook.afterApply ?? "")")
        }
    }

    /// A Prisma venue API whose release added a unique index and widened a CHECK in migrations that never ran: the
    /// drafts of both name their migration and `prisma migrate resolve` (was: nothing, and the next `prisma
    /// migrate deploy` failed on `relation "Customer_email_key" already exists`). PostgreSQL 15's own lines.
    @Test func anIndexOrCheckDraftNamesTheMigrationThatCreatesIt() throws {
        let initial = """
            CREATE TABLE "Customer" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, "name" TEXT NOT NULL, CONSTRAINT "Customer_pkey" PRIMARY KEY ("id"));
            CREATE TYPE "BookingStatus" AS ENUM ('PENDING', 'CONFIRMED', 'CANCELLED');
            CREATE TABLE "Booking" ("id" SERIAL NOT NULL, "venueId" INTEGER NOT NULL, "customerId" INTEGER NOT NULL, "startsAt" TIMESTAMP(3) NOT NULL,
                "endsAt" TIMESTAMP(3) NOT NULL, "status" "BookingStatus" NOT NULL DEFAULT 'PENDING', "guestCount" INTEGER NOT NULL, "notes" TEXT,
                CONSTRAINT "Booking_pkey" PRIMARY KEY ("id"));
            ALTER TABLE "Booking" ADD CONSTRAINT "Booking_guestCount_check" CHECK ("guestCount" > 0 AND "guestCount" <= 500);

            """
        let migrations = [
            "20261020093000_init/migration.sql": initial,
            "20261105141500_customer_email_unique/migration.sql": #"CREATE UNIQUE INDEX "Customer_email_key" ON "Customer"("email");"# + "\n",
            "20261201100000_large_events/migration.sql": """
                ALTER TABLE "Booking" DROP CONSTRAINT "Booking_guestCount_check";
                ALTER TABLE "Booking" ADD CONSTRAINT "Booking_guestCount_check" CHECK ("guestCount" > 0 AND "guestCount" <= 2000);

                """,
        ]
        let log = """
            2026-12-05 05:08:41 UTC [3111]: [5-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 ERROR:  there is no unique or exclusion constraint matching the ON CONFLICT specification
            2026-12-05 05:08:41 UTC [3111]: [6-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 STATEMENT:  INSERT INTO "public"."Customer" ("email","name") VALUES ($1,$2) ON CONFLICT ("email") DO UPDATE SET "name" = $3 WHERE ("public"."Customer"."email" = $4 AND 1=1) RETURNING "public"."Customer"."id", "public"."Customer"."email", "public"."Customer"."name"
            2026-12-05 05:08:41 UTC [3111]: [9-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 ERROR:  new row for relation "Booking" violates check constraint "Booking_guestCount_check"
            2026-12-05 05:08:41 UTC [3111]: [10-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 DETAIL:  Failing row contains (4, 3, 2, 2027-01-09 19:00:00, 2027-01-10 02:00:00, PENDING, 1200, null).
            2026-12-05 05:08:41 UTC [3111]: [11-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 STATEMENT:  INSERT INTO "public"."Booking" ("venueId","customerId","startsAt","endsAt","guestCount") VALUES ($1,$2,$3,$4,$5) RETURNING "public"."Booking"."id"

            """
        try Drafting.draft(migrations: migrations, log: log, live: initial + Self.histories["prisma"]!.table, queried: true) { _, outcome in
            let playbooks = outcome.entries.compactMap(Drafting.playbook)
            #expect(playbooks.map(\.id).sorted() == ["check_booking_booking_guestcount_check", "unique_customer_email"], "\(outcome.entries.map(\.draft))")
            for (id, migration) in [("unique_customer_email", "20261105141500_customer_email_unique"), ("check_booking_booking_guestcount_check", "20261201100000_large_events")] {
                let playbook = try #require(playbooks.first { $0.id == id })
                #expect(playbook.note?.hasPrefix("Migration \(migration)/migration.sql creates it and never ran here") == true, "\(playbook.note ?? "no note")")
                #expect(playbook.afterApply?.hasSuffix("npx prisma migrate resolve --applied \(migration)") == true, "\(playbook.afterApply ?? "nothing after apply")")
            }
        }
    }
    /// The enum label a Prisma migration adds (`ALTER TYPE "BookingStatus" ADD VALUE 'WAITLISTED'`): its draft names
    /// that migration and `prisma migrate resolve` (was: nothing, and the next `prisma migrate deploy` failed on
    /// `enum label "WAITLISTED" already exists`). PostgreSQL 15's own lines.
    @Test func anEnumLabelDraftNamesTheMigrationThatAddsIt() throws {
        let initial = """
            CREATE TYPE "BookingStatus" AS ENUM ('PENDING', 'CONFIRMED', 'CANCELLED');
            CREATE TABLE "Booking" ("id" SERIAL NOT NULL, "venueId" INTEGER NOT NULL, "customerId" INTEGER NOT NULL, "startsAt" TIMESTAMP(3) NOT NULL,
                "endsAt" TIMESTAMP(3) NOT NULL, "status" "BookingStatus" NOT NULL DEFAULT 'PENDING', "guestCount" INTEGER NOT NULL, "notes" TEXT,
                CONSTRAINT "Booking_pkey" PRIMARY KEY ("id"));

            """
        let migrations = [
            "20261020093000_init/migration.sql": initial,
            "20261112080000_booking_waitlist/migration.sql": "-- AlterEnum\nALTER TYPE \"BookingStatus\" ADD VALUE 'WAITLISTED';\n",
        ]
        let log = """
            2026-12-05 05:08:41 UTC [3111]: [3-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 ERROR:  invalid input value for enum "BookingStatus": "WAITLISTED"
            2026-12-05 05:08:41 UTC [3111]: [4-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 STATEMENT:  INSERT INTO "public"."Booking" ("venueId","customerId","startsAt","endsAt","status","guestCount") VALUES ($1,$2,$3,$4,CAST($5::text AS "public"."BookingStatus"),$6) RETURNING "public"."Booking"."id"

            """
        try Drafting.draft(migrations: migrations, log: log, live: initial + Self.histories["prisma"]!.table, queried: true) { _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.id == "label_bookingstatus_waitlisted")
            #expect(playbook.note?.hasPrefix("Migration 20261112080000_booking_waitlist/migration.sql creates it and never ran here") == true, "\(playbook.note ?? "no note")")
            #expect(playbook.afterApply?.hasSuffix("npx prisma migrate resolve --applied 20261112080000_booking_waitlist") == true, "\(playbook.afterApply ?? "nothing after apply")")
        }
    }
}
