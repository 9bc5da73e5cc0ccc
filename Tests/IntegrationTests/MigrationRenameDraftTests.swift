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

    static func revert(_ id: String, _ outcome: Drafting.Outcome, on db: PostgresConnection) throws -> SQLRunReport {
        let library = try PlaybookLibrary(directory: outcome.directory.path)
        return try SQLRemediator(connection: db, library: library).run(try library.playbook(id: id), mode: .revert)
    }

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
}
