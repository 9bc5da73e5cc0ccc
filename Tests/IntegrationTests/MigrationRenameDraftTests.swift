import Foundation
import Testing
@testable import LogMedic

/// `fix --draft --reference-sql DIR` when a migration the database never ran RENAMES what the log says is
/// missing: the history (learned from the scratch server, file by file) shows the rename, the live table
/// still has the old name, so the draft renames it (the data stays) instead of adding an empty column or
/// creating an empty table — and never tells the user to "fix the code" when it is the database that lags.
@Suite("fix --draft renames what the migration history renamed", .enabled(if: TestDatabase.isAvailable))
struct MigrationRenameDraftTests {
    static let parcels = """
        CREATE TABLE parcels (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tracking text NOT NULL UNIQUE, weight integer NOT NULL DEFAULT 0);
        CREATE INDEX parcels_weight_idx ON parcels (weight);

        """
    static let depots = """
        CREATE TABLE depots (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, city text NOT NULL);
        ALTER TABLE parcels ADD COLUMN depot_id bigint REFERENCES depots (id);

        """
    static let renameWeight = """
        ALTER TABLE parcels RENAME COLUMN weight TO weight_grams;
        ALTER INDEX parcels_weight_idx RENAME TO parcels_weight_grams_idx;

        """
    /// golang-migrate: production ran 1 and 2; the code expects 3 (and 4).
    static let files = [
        "000001_parcels.up.sql": parcels, "000001_parcels.down.sql": "DROP TABLE parcels;",
        "000002_depots.up.sql": depots, "000002_depots.down.sql": "DROP TABLE depots CASCADE;",
        "000003_rename_weight.up.sql": renameWeight,
        "000003_rename_weight.down.sql": "ALTER TABLE parcels RENAME COLUMN weight_grams TO weight;",
        "000004_depots_are_hubs.up.sql": "ALTER TABLE depots RENAME TO hubs;\n",
        "000004_depots_are_hubs.down.sql": "ALTER TABLE hubs RENAME TO depots;",
    ]
    /// The database as migrations 1 and 2 left it, with data.
    static let live = parcels + depots + """
        INSERT INTO depots (city) VALUES ('Lyon'), ('Gent');
        INSERT INTO parcels (tracking, weight, depot_id) VALUES ('PX-1', 1200, 1), ('PX-2', 300, 2), ('PX-3', 5400, 1);
        """
    static let weightLog = """
        2026-12-04 22:09:53.579 UTC [22702] postgres@parcels ERROR:  column "weight_grams" does not exist at character 22
        2026-12-04 22:09:53.579 UTC [22702] postgres@parcels STATEMENT:  SELECT id, tracking, weight_grams FROM parcels WHERE tracking = 'PX-1'

        """
    static let hubsLog = """
        2026-12-04 22:09:53.695 UTC [22706] postgres@parcels ERROR:  relation "hubs" does not exist at character 22
        2026-12-04 22:09:53.695 UTC [22706] postgres@parcels STATEMENT:  SELECT id, city FROM hubs ORDER BY city

        """

    /// The history as the scratch server saw it: what each file renamed, by identity, so that a later
    /// column that takes the old name (000005) is another column, not an undo of the rename.
    @Test func loadingAFolderLearnsWhatEachFileRenamed() throws {
        var files = Self.files
        files["000005_weight_class.up.sql"] = "ALTER TABLE parcels ADD COLUMN weight text;\n"
        files["000006_one_file.up.sql"] = "CREATE TABLE labels (id int, txt text);\nALTER TABLE labels RENAME COLUMN txt TO body;\n"
        try withScratchDirectory { dir in
            for (path, sql) in files { try sql.write(to: dir.appendingPathComponent(path), atomically: true, encoding: .utf8) }
            let reference = try ReferenceDatabase(loading: [dir.path], scratchDSN: TestDatabase.url)
            defer { reference.close() }
            let renames = reference.history.renames.map { "\($0.file): \($0.kind.rawValue) \($0.schema).\($0.from) → \($0.to)" }
            #expect(renames == ["000003_rename_weight.up.sql: column public.weight → weight_grams",
                                "000003_rename_weight.up.sql: index public.parcels_weight_idx → parcels_weight_grams_idx",
                                "000004_depots_are_hubs.up.sql: table public.depots → hubs",
                                "000006_one_file.up.sql: column public.txt → body"])
            let catalog = try ReferenceCatalog(connection: reference.connection, mayReplay: false, history: reference.history)
            let parcels = try #require(try catalog.table(named: "parcels", schema: "public"))
            let grams = try #require(try catalog.columns(of: parcels).first { $0.name == "weight_grams" })
            #expect(reference.history.renames(of: .column, oid: parcels.oid, number: grams.number).map(\.from) == ["weight"])
            let weight = try #require(try catalog.columns(of: parcels).first { $0.name == "weight" })
            #expect(reference.history.renames(of: .column, oid: parcels.oid, number: weight.number).isEmpty)
            // Nothing of the bookkeeping is left in the reference.
            #expect(try reference.connection.query("SELECT to_regclass('pg_temp.logmedic_reference_names') IS NULL")[0, 0] == "t")
        }
    }

    @Test func aColumnTheHistoryRenamedIsRenamedNotAddedEmpty() throws {
        try MigrationFolderDraftTests.drafting(files: Self.files, log: Self.weightLog, live: Self.live) { _, db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft.outcome))")
            #expect(playbook.statements == ["ALTER TABLE public.parcels RENAME COLUMN weight TO weight_grams",
                                            "ALTER INDEX public.parcels_weight_idx RENAME TO parcels_weight_grams_idx"])
            #expect(playbook.description.contains("000003_rename_weight.up.sql"), "\(playbook.description)")
            #expect(playbook.description.contains("ACCESS EXCLUSIVE"), "\(playbook.description)")
            #expect(outcome.entries.allSatisfy { $0.isReady })
            let deploy = try String(contentsOf: outcome.directory.appendingPathComponent("\(playbook.id)/deploy.sql"), encoding: .utf8)
            #expect(deploy.contains("hazard ACQUIRES_ACCESS_EXCLUSIVE_LOCK"), "\(deploy)")

            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            #expect(try db.query("SELECT string_agg(weight_grams::text, ',' ORDER BY id) FROM parcels")[0, 0] == "1200,300,5400")
            #expect(try db.query("SELECT count(*) FROM pg_indexes WHERE indexname = 'parcels_weight_grams_idx'")[0, 0] == "1")

            #expect(try Drafting.run(playbook.id, .revert, in: outcome, on: db).outcome == .reverted)
            #expect(try db.query("SELECT string_agg(weight::text, ',' ORDER BY id) FROM parcels")[0, 0] == "1200,300,5400")
            #expect(try db.query("SELECT count(*) FROM pg_indexes WHERE indexname = 'parcels_weight_idx'")[0, 0] == "1")
        }
    }

    /// A migration that renames as the table's owner (`SET ROLE`, as many deploy users do): the names are still
    /// compared around its rename, and the rename is drafted (was: the comparison failed as that role, the failure was
    /// taken for a dropped table, and the load stopped on `relation "logmedic_reference_names" already exists`).
    @Test func aRenameRunAsAnotherRoleIsFollowed() throws {
        let role = "logmedic_owner_\(UInt32.random(in: 0...UInt32.max))"
        var files = Self.files
        files["000002_depots.up.sql"] = Self.depots + "ALTER TABLE depots OWNER TO \(role);\nGRANT CREATE ON SCHEMA public TO \(role);\n"
        files["000004_depots_are_hubs.up.sql"] = "SET ROLE \(role);\nALTER TABLE depots RENAME TO hubs;\nRESET ROLE;\n"
        try withTestDatabase { admin in
            try admin.execute("CREATE ROLE \(role)")
            defer { _ = try? admin.execute("DROP OWNED BY \(role); DROP ROLE \(role)") }
            try MigrationFolderDraftTests.drafting(files: files, log: Self.hubsLog, live: Self.live) { _, _, outcome in
                let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft.outcome))")
                #expect(playbook.statements == ["ALTER TABLE public.depots RENAME TO hubs"])
            }
        }
    }

    /// A migration that drops the loading session's temporary objects (`DISCARD ALL`) before its rename: the
    /// comparison starts afresh, and the rename after it is still drafted.
    @Test func aRenameAfterDiscardAllIsFollowed() throws {
        var files = Self.files
        files["000004_depots_are_hubs.up.sql"] = "DISCARD ALL;\nALTER TABLE depots RENAME TO hubs;\n"
        try MigrationFolderDraftTests.drafting(files: files, log: Self.hubsLog, live: Self.live) { _, _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft.outcome))")
            #expect(playbook.statements == ["ALTER TABLE public.depots RENAME TO hubs"])
        }
    }

    @Test func aTableTheHistoryRenamedIsRenamedNotCreatedEmpty() throws {
        try MigrationFolderDraftTests.drafting(files: Self.files, log: Self.hubsLog, live: Self.live) { _, db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft.outcome))")
            #expect(playbook.statements == ["ALTER TABLE public.depots RENAME TO hubs"])
            #expect(playbook.description.contains("000004_depots_are_hubs.up.sql"), "\(playbook.description)")
            #expect(outcome.entries.allSatisfy { $0.isReady })
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            #expect(try db.query("SELECT string_agg(city, ',' ORDER BY id) FROM hubs")[0, 0] == "Lyon,Gent")
            #expect(try Drafting.run(playbook.id, .revert, in: outcome, on: db).outcome == .reverted)
            #expect(try db.query("SELECT count(*) FROM depots")[0, 0] == "2")
        }
    }

    /// Prisma keeps models in mixed case, quoted, here in a schema of their own.
    @Test func aRenameInAnotherSchemaWithMixedCaseNamesIsQuotedByTheServer() throws {
        let files = [
            "20261101_init/migration.sql": """
                CREATE SCHEMA "Shipping";
                CREATE TABLE "Shipping"."Parcel" ("id" SERIAL NOT NULL, "weightKg" INTEGER NOT NULL, CONSTRAINT "Parcel_pkey" PRIMARY KEY ("id"));
                CREATE TABLE "Shipping"."Depot" ("id" SERIAL NOT NULL, "city" TEXT NOT NULL, CONSTRAINT "Depot_pkey" PRIMARY KEY ("id"));
                """,
            "20261120_grams/migration.sql": """
                ALTER TABLE "Shipping"."Parcel" RENAME COLUMN "weightKg" TO "weightGrams";
                ALTER TABLE "Shipping"."Depot" RENAME TO "Hub";
                ALTER TABLE "Shipping"."Hub" RENAME CONSTRAINT "Depot_pkey" TO "Hub_pkey";
                """,
            "migration_lock.toml": "provider = \"postgresql\"",
        ]
        let live = files["20261101_init/migration.sql"]! + """
            INSERT INTO "Shipping"."Parcel" ("weightKg") VALUES (3), (4);
            INSERT INTO "Shipping"."Depot" ("city") VALUES ('Lyon');
            """
        let log = """
            2026-12-04 22:10:01.100 UTC [22710] postgres@parcels ERROR:  column "weightGrams" does not exist at character 8
            2026-12-04 22:10:01.100 UTC [22710] postgres@parcels STATEMENT:  SELECT "weightGrams" FROM "Shipping"."Parcel"
            2026-12-04 22:10:01.200 UTC [22711] postgres@parcels ERROR:  relation "Shipping.Hub" does not exist at character 15
            2026-12-04 22:10:01.200 UTC [22711] postgres@parcels STATEMENT:  SELECT * FROM "Shipping"."Hub"

            """
        try MigrationFolderDraftTests.drafting(files: files, log: log, live: live) { _, db, outcome in
            let statements = outcome.entries.compactMap(Drafting.playbook).map(\.statements)
            #expect(statements.contains([#"ALTER TABLE "Shipping"."Parcel" RENAME COLUMN "weightKg" TO "weightGrams""#]), "\(outcome.entries.map(\.draft.outcome))")
            #expect(statements.contains([#"ALTER TABLE "Shipping"."Depot" RENAME TO "Hub""#,
                                         #"ALTER TABLE "Shipping"."Hub" RENAME CONSTRAINT "Depot_pkey" TO "Hub_pkey""#]), "\(statements)")
            #expect(outcome.entries.count == 2 && outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied, .applied])
            #expect(try db.query(#"SELECT sum("weightGrams") FROM "Shipping"."Parcel""#)[0, 0] == "7")
            #expect(try db.query(#"SELECT city FROM "Shipping"."Hub""#)[0, 0] == "Lyon")
            // Applied once: a second apply finds the new names and changes nothing.
            let again = try PlaybookLibrary(directory: outcome.directory.path)
            for playbook in outcome.entries.compactMap(Drafting.playbook) {
                #expect(try SQLRemediator(connection: db, library: again).run(try again.playbook(id: playbook.id), mode: .apply).outcome == .alreadyApplied)
            }
        }
    }

    /// Someone dropped the old column by hand: nothing to rename, and an empty column would hide the loss.
    @Test func neitherNameLiveIsNotRenamedAndSaysWhy() throws {
        let live = Self.live + "\nDROP INDEX parcels_weight_idx; ALTER TABLE parcels DROP COLUMN weight;"
        try MigrationFolderDraftTests.drafting(files: Self.files, log: Self.weightLog, live: live) { _, _, outcome in
            guard case .notDrafted(let reason)? = outcome.entries.first?.draft.outcome else {
                Issue.record("\(outcome.entries.map(\.draft.outcome))"); return
            }
            #expect(reason.contains("000003_rename_weight.up.sql") && reason.contains("neither"), "\(reason)")
        }
    }

    /// The new name appeared by hand after the log was read (between the report and the draft): renaming
    /// would fail, adding would duplicate; the draft says so instead.
    @Test func bothNamesLiveIsNotRenamedAndSaysWhy() throws {
        try withScratchDirectory { dir in
            let folder = dir.appendingPathComponent("migrations")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (path, sql) in Self.files { try sql.write(to: folder.appendingPathComponent(path), atomically: true, encoding: .utf8) }
            let logPath = dir.appendingPathComponent("postgresql.log")
            try Self.weightLog.write(to: logPath, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(Self.live)
                let snapshot = try SchemaInspector(connection: db).snapshot()
                let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()), snapshot: snapshot).diagnose(paths: [logPath.path])
                try db.execute("ALTER TABLE parcels ADD COLUMN weight_grams integer")
                let reference = try ReferenceDatabase(loading: [folder.path], scratchDSN: TestDatabase.url)
                defer { reference.close() }
                let entries = try DraftPipeline(target: db, snapshot: snapshot, reference: reference,
                                                outputDirectory: dir.appendingPathComponent("drafts").path).run(diagnosis)
                guard case .notDrafted(let reason)? = entries.first?.draft.outcome else {
                    Issue.record("\(entries.map(\.draft.outcome))"); return
                }
                #expect(reason.contains("both"), "\(reason)")
            }
        }
    }

    /// 3 renames weight to weight_grams, 5 adds a new weight column: by (table, column number) the history
    /// still knows weight_grams was weight, and the live weight is the one to rename.
    @Test func aRenameThenARedAddOfTheOldNameIsNotConfused() throws {
        var files = Self.files
        files["000005_weight_class.up.sql"] = "ALTER TABLE parcels ADD COLUMN weight text;\n"
        try MigrationFolderDraftTests.drafting(files: files, log: Self.weightLog, live: Self.live) { _, db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft.outcome))")
            #expect(playbook.statements.first == "ALTER TABLE public.parcels RENAME COLUMN weight TO weight_grams")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            #expect(try db.query("SELECT sum(weight_grams) FROM parcels")[0, 0] == "6900")
        }
    }

    /// The other direction, also read from the history: the database ran 3 and 4, the code still uses the
    /// old names — the code is the side behind, and no DDL is drafted.
    @Test func theOldNameAfterTheMigrationRanMeansTheCodeIsBehind() throws {
        let live = Self.live + "\nALTER TABLE parcels RENAME COLUMN weight TO weight_grams; ALTER TABLE depots RENAME TO hubs;"
        let log = """
            2026-12-04 22:09:53.579 UTC [22702] postgres@parcels ERROR:  column "weight" does not exist at character 22
            2026-12-04 22:09:53.579 UTC [22702] postgres@parcels STATEMENT:  SELECT id, tracking, weight FROM parcels WHERE tracking = 'PX-1'
            2026-12-04 22:09:53.695 UTC [22706] postgres@parcels ERROR:  relation "depots" does not exist at character 22
            2026-12-04 22:09:53.695 UTC [22706] postgres@parcels STATEMENT:  SELECT id, city FROM depots ORDER BY city

            """
        try MigrationFolderDraftTests.drafting(files: Self.files, log: log, live: live) { _, _, outcome in
            let reasons = outcome.entries.compactMap { entry -> String? in
                if case .notDrafted(let reason) = entry.draft.outcome { return reason }
                return nil
            }
            #expect(reasons.count == 2, "\(outcome.entries.map(\.draft.outcome))")
            #expect(reasons.contains { $0.contains("000003_rename_weight.up.sql") && $0.contains("the code is behind") }, "\(reasons)")
            #expect(reasons.contains { $0.contains("000004_depots_are_hubs.up.sql") && $0.contains("the code is behind") }, "\(reasons)")
        }
    }

    /// The reference is the final schema only (no history): the index named as in the reference sits on
    /// another live column, so the live database renamed it and the code lags — the old outcome, now
    /// saying which side is behind.
    @Test func withoutTheRenameInTheHistoryTheCodeIsTheSideBehind() throws {
        let files = ["000001_parcels.up.sql": """
            CREATE TABLE parcels (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tracking text NOT NULL UNIQUE, weight_grams integer NOT NULL DEFAULT 0);
            CREATE INDEX parcels_weight_idx ON parcels (weight_grams);
            """]
        try MigrationFolderDraftTests.drafting(files: files, log: Self.weightLog, live: Self.parcels) { _, _, outcome in
            guard case let .rename(_, from, to, _)? = outcome.entries.first?.draft.outcome else {
                Issue.record("\(outcome.entries.map(\.draft.outcome))"); return
            }
            #expect(from == "weight_grams" && to == "weight")
            let text = DraftRenderer.render(outcome.entries, outputDirectory: "drafts", style: TerminalStyle(enabled: false))
            #expect(text.contains("the database is ahead of the code"), "\(text)")
        }
    }
}

/// A column draft on mixed-case names (Prisma's "weightGrams"): its `absent_columns` precondition is read by
/// the server's `parse_ident`, which folds unquoted names to lower case — written unquoted, the column never
/// looked present, so a second apply re-ran ADD COLUMN and failed, and revert thought nothing was applied.
@Suite("fix --draft on mixed-case column names", .enabled(if: TestDatabase.isAvailable))
struct MixedCaseColumnDraftTests {
    @Test func anAddedMixedCaseColumnIsKnownAsAppliedAndReverts() throws {
        let initial = """
            CREATE SCHEMA "Shipping";
            CREATE TABLE "Shipping"."Parcel" ("id" SERIAL NOT NULL, CONSTRAINT "Parcel_pkey" PRIMARY KEY ("id"));
            """
        let files = ["1_init/migration.sql": initial, "2_weight/migration.sql": #"ALTER TABLE "Shipping"."Parcel" ADD COLUMN "weightGrams" INTEGER;"#]
        let log = """
            2026-12-04 22:10:01.100 UTC [22710] postgres@parcels ERROR:  column "weightGrams" does not exist at character 8
            2026-12-04 22:10:01.100 UTC [22710] postgres@parcels STATEMENT:  SELECT "weightGrams" FROM "Shipping"."Parcel"

            """
        try MigrationFolderDraftTests.drafting(files: files, log: log, live: initial) { _, db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft.outcome))")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            let library = try PlaybookLibrary(directory: outcome.directory.path)
            #expect(try SQLRemediator(connection: db, library: library).run(try library.playbook(id: playbook.id), mode: .apply).outcome == .alreadyApplied)
            #expect(try Drafting.run(playbook.id, .revert, in: outcome, on: db).outcome == .reverted)
        }
    }
}
