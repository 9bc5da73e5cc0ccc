import Foundation
import Testing
@testable import LogMedic

/// `fix --draft --reference-sql DIR`: a Go shipping service keeps its schema as a folder of SQL
/// migrations, laid out the way its migration tool wants; the folder is read as that tool runs it.
@Suite("fix --draft from a folder of SQL migrations", .enabled(if: TestDatabase.isAvailable))
struct MigrationFolderDraftTests {
    static let live = "CREATE TABLE carriers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);"
    static let carriers = "CREATE TABLE carriers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);\n"
    static let shipments = "CREATE TABLE shipments (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, carrier_id bigint NOT NULL REFERENCES carriers(id), tracking text);\n"
    /// Runs only after the table exists: out of order (`10` before `2`) the folder fails to load.
    static let weight = "ALTER TABLE shipments ADD COLUMN weight_grams integer NOT NULL DEFAULT 0;\n"
    static let log = """
        2026/12/04 20:31:02 list shipments: ERROR: relation "shipments" does not exist (SQLSTATE 42P01)
        2026/12/04 20:31:05 list shipments: ERROR: relation "shipments" does not exist (SQLSTATE 42P01)

        """

    /// Each layout's files: path in the folder → contents. Down and undo files drop what up made.
    static let layouts: [String: [String: String]] = [
        "golang-migrate": [
            "000001_carriers.up.sql": carriers, "000001_carriers.down.sql": "DROP TABLE carriers;",
            "000002_shipments.up.sql": shipments, "000002_shipments.down.sql": "DROP TABLE shipments;",
            "000003_weight.up.sql": weight, "000003_weight.down.sql": "ALTER TABLE shipments DROP COLUMN weight_grams;",
        ],
        "flyway": [
            "V1__carriers.sql": carriers, "V2__shipments.sql": shipments, "U2__shipments.sql": "DROP TABLE shipments;",
            "V10__weight.sql": weight, "R__shipment_view.sql": "CREATE OR REPLACE VIEW heavy AS SELECT id FROM shipments WHERE weight_grams > 1000;",
        ],
        "dbmate": [
            "20261101090000_carriers.sql": "-- migrate:up\n" + carriers + "\n-- migrate:down\nDROP TABLE carriers;\n",
            "20261102090000_shipments.sql": "-- migrate:up\n" + shipments + "\n-- migrate:down\nDROP TABLE shipments;\n",
            "20261110090000_weight.sql": "-- +goose Up\n" + weight + "-- +goose Down\nALTER TABLE shipments DROP COLUMN weight_grams;\n",
        ],
        // yoyo-migrations: `X.sql` runs going up, `X.rollback.sql` beside it going down.
        "yoyo": [
            "0001.carriers.sql": "-- depends:\n" + carriers, "0001.carriers.rollback.sql": "DROP TABLE carriers;",
            "0002.shipments.sql": "-- depends: 0001.carriers\n" + shipments, "0002.shipments.rollback.sql": "DROP TABLE shipments;",
            "0010.weight.sql": "-- depends: 0002.shipments\n" + weight,
            "0010.weight.rollback.sql": "ALTER TABLE shipments DROP COLUMN weight_grams;",
        ],
        // sqitch: `deploy/` runs in the plan's order (by name, add_weight would run first and fail); the
        // change reworked after @v1 runs first as its tagged copy, then as reworked (it adds the index).
        "sqitch": [
            "sqitch.plan": """
                %syntax-version=1.0.0
                %project=shipping

                carriers 2026-11-01T09:00:00Z Ada <ada@example.com> # carriers
                shipments [carriers] 2026-11-02T09:00:00Z Ada <ada@example.com> # shipments
                @v1 2026-11-03T09:00:00Z Ada <ada@example.com> # first release
                add_weight [shipments] 2026-11-10T09:00:00Z Ada <ada@example.com> # weight
                shipments [shipments@v1] 2026-11-11T09:00:00Z Ada <ada@example.com> # index the tracking number

                """,
            "deploy/carriers.sql": "BEGIN;\n" + carriers + "COMMIT;\n", "revert/carriers.sql": "DROP TABLE carriers;",
            "deploy/shipments@v1.sql": "BEGIN;\n" + shipments + "COMMIT;\n", "revert/shipments@v1.sql": "DROP TABLE shipments;",
            "deploy/shipments.sql": "BEGIN;\n" + shipments.replacingOccurrences(of: "CREATE TABLE", with: "CREATE TABLE IF NOT EXISTS")
                + "CREATE INDEX IF NOT EXISTS shipments_tracking_idx ON shipments (tracking);\nCOMMIT;\n",
            "deploy/add_weight.sql": "BEGIN;\n" + weight + "COMMIT;\n", "verify/add_weight.sql": "SELECT weight_grams FROM shipments WHERE false;",
        ],
        "prisma": [
            "2_shipments/migration.sql": shipments, "1_carriers/migration.sql": carriers, "10_weight/migration.sql": weight,
            "migration_lock.toml": "provider = \"postgresql\"",
        ],
    ]

    /// Writes `files` (path in the folder → SQL) and `log`, loads `live` into a test database, and drafts from the folder.
    static func drafting(files: [String: String], log: String = Self.log, live: String = Self.live,
                         _ body: (_ folder: URL, PostgresConnection, Drafting.Outcome) throws -> Void) throws {
        try withScratchDirectory { dir in
            let folder = dir.appendingPathComponent("migrations")
            for (path, sql) in files {
                let file = folder.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try sql.write(to: file, atomically: true, encoding: .utf8)
            }
            let logPath = dir.appendingPathComponent("shipping.log")
            try log.write(to: logPath, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(live)
                try Drafting.draft(logs: [logPath.path], referenceSQL: [folder.path], target: db) { try body(folder, db, $0) }
            }
        }
    }

    /// The file of each layout that creates shipments.
    static let creatingFile = ["golang-migrate": "000002_shipments.up.sql", "flyway": "V2__shipments.sql",
                               "dbmate": "20261102090000_shipments.sql", "yoyo": "0002.shipments.sql", "sqitch": "deploy/shipments@v1.sql",
                               "prisma": "2_shipments/migration.sql"]
    /// The later files of each layout, which the table's draft covers too: the one that adds weight_grams (and
    /// sqitch's reworked change, which adds the index).
    static let laterFiles = ["golang-migrate": "000003_weight.up.sql", "flyway": "V10__weight.sql", "dbmate": "20261110090000_weight.sql",
                             "yoyo": "0010.weight.sql", "sqitch": "deploy/add_weight.sql, deploy/shipments.sql", "prisma": "10_weight/migration.sql"]

    /// The draft names the migration that creates the table: the tool still counts it as pending and would
    /// fail re-running it once the table exists, so the user is told to mark it applied.
    @Test(arguments: ["golang-migrate", "flyway", "dbmate", "yoyo", "sqitch", "prisma"])
    func theMissingTableIsDraftedAsTheFoldersMigrationsLeaveIt(layout: String) throws {
        try Self.drafting(files: Self.layouts[layout]!) { _, _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            #expect(playbook.id == "create_shipments")
            #expect(playbook.statements.contains { $0.contains("weight_grams") }, "\(playbook.statements)")
            #expect(outcome.entries.allSatisfy { $0.isReady })
            let note = try #require(playbook.note)
            // The draft creates the table as the folder leaves it, weight_grams included: the later migration that
            // adds it must be marked applied too, or the tool's next run fails on it (was: only the creating file).
            #expect(note.contains("Migrations \(Self.creatingFile[layout]!), \(Self.laterFiles[layout]!) create it and never ran here") && (note.contains(" applied in ") || note.contains("Flyway has no command")), "\(note)")
            #expect(playbook.afterApply?.hasPrefix("Mark migrations \(Self.creatingFile[layout]!), \(Self.laterFiles[layout]!) applied") == true
                    || layout == "flyway", "\(playbook.afterApply ?? "")")
            if layout == "sqitch" { #expect(playbook.statements.contains { $0.contains("shipments_tracking_idx") }, "\(playbook.statements)") }
        }
    }

    /// One schema file is not a migration tool's step: nothing to mark applied.
    @Test func aSchemaFileGivesNoMigrationToMarkApplied() throws {
        try withScratchDirectory { dir in
            let schema = dir.appendingPathComponent("schema.sql"), log = dir.appendingPathComponent("shipping.log")
            try (Self.carriers + Self.shipments).write(to: schema, atomically: true, encoding: .utf8)
            try Self.log.write(to: log, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(Self.live)
                try Drafting.draft(logs: [log.path], referenceSQL: [schema.path], target: db) { outcome in
                    let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
                    #expect(playbook.id == "create_shipments")
                    #expect(playbook.note == nil, "\(playbook.note ?? "")")
                }
            }
        }
    }

    /// A later migration adds a column and a partial unique index whose predicate, not its key, uses the
    /// column: the column's playbook carries the index (was: left out, verify passed without it).
    @Test func aColumnsDraftCarriesThePartialUniqueIndexOnItsPredicate() throws {
        let files = [
            "000001_carriers.up.sql": Self.carriers, "000002_shipments.up.sql": Self.shipments,
            "000003_state.up.sql": """
                ALTER TABLE shipments ADD COLUMN state text NOT NULL DEFAULT 'new';
                CREATE UNIQUE INDEX one_open_shipment_per_carrier ON shipments (carrier_id) WHERE state = 'open';
                """,
            "000003_state.down.sql": "ALTER TABLE shipments DROP COLUMN state;",
        ]
        let log = #"2026/12/04 20:31:02 open shipments: ERROR: column "state" does not exist (SQLSTATE 42703)"# + "\n"
        let live = Self.carriers + Self.shipments + "INSERT INTO carriers (name) VALUES ('a'), ('b'); INSERT INTO shipments (carrier_id) VALUES (1), (1), (2);"
        try Self.drafting(files: files, log: log, live: live) { _, db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            #expect(playbook.id == "add_shipments_state")
            #expect(playbook.note?.contains("Migration 000003_state.up.sql creates it") == true, "\(playbook.note ?? "")")
            #expect(playbook.statements.contains { $0.contains("one_open_shipment_per_carrier") && $0.contains("WHERE") },
                    "\(playbook.statements)")
            let reports = try Drafting.approveAndApply(outcome, on: db)
            #expect(reports.map(\.outcome) == [.applied])
            let made = try db.query("SELECT count(*) FROM pg_indexes WHERE indexname = 'one_open_shipment_per_carrier'")
            #expect(made[0, 0] == "1")
        }
    }

    /// Flyway runs the versioned files of all its subfolders as one sequence, by version (V1 in core/ before
    /// V2 in billing/, V1.1 before V1.10 before V2), not in path order.
    @Test func flywaySubfoldersRunByVersion() throws {
        let files = ["core/V1__carriers.sql": Self.carriers, "billing/V2__shipments.sql": Self.shipments,
                     "billing/V10__weight.sql": Self.weight, "a/V1_1__noop.sql": "SELECT 1;", "z/V1.10__noop.sql": "SELECT 1;",
                     "a/R__views.sql": "CREATE OR REPLACE VIEW heavy AS SELECT id FROM shipments WHERE weight_grams > 1000;"]
        try Self.drafting(files: files) { folder, _, outcome in
            #expect(MigrationFiles.migrations(in: folder).map { String($0.dropFirst(folder.standardizedFileURL.path.count + 1)) }
                    == ["core/V1__carriers.sql", "a/V1_1__noop.sql", "z/V1.10__noop.sql", "billing/V2__shipments.sql", "billing/V10__weight.sql", "a/R__views.sql"])
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first)
            #expect(playbook.id == "create_shipments")
            #expect(playbook.statements.contains { $0.contains("weight_grams") }, "\(playbook.statements)")
        }
    }

    @Test func aFolderWithoutMigrationsSaysSo() throws {
        try withScratchDirectory { dir in
            try "".write(to: dir.appendingPathComponent("0001_init.down.sql"), atomically: true, encoding: .utf8)
            #expect(throws: DraftError.noMigrations(directory: dir.path)) {
                _ = try ReferenceDatabase(loading: [dir.path], scratchDSN: TestDatabase.url)
            }
        }
    }
}
