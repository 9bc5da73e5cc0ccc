import Foundation
import Testing
@testable import LogMedic

/// Drafts of one run that need the same object: a bike-rental Go service (golang-migrate folder) whose
/// migration 000002 creates `set_updated_at()` and rentals with a trigger on it, and 000003 repairs with a
/// trigger on the same function; production ran only 000001. Real PostgreSQL 15 log lines (the handlers'
/// queries, run with psql against production).
@Suite("fix --draft: drafts that share what they bring (trigger function, schema, type)", .enabled(if: TestDatabase.isAvailable))
struct SharedObjectDraftTests {
    static let initial = """
        CREATE TABLE customers (id bigserial PRIMARY KEY, name text NOT NULL, email text NOT NULL UNIQUE,
                                active boolean NOT NULL DEFAULT true, created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE bikes (id bigserial PRIMARY KEY, label text NOT NULL UNIQUE);

        """
    static let rentals = """
        CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END
        $$;
        CREATE TYPE rental_status AS ENUM ('reserved', 'active', 'returned', 'cancelled');
        CREATE TABLE rentals (
            id bigserial PRIMARY KEY,
            customer_id bigint NOT NULL REFERENCES customers(id),
            bike_id bigint NOT NULL REFERENCES bikes(id),
            status rental_status NOT NULL DEFAULT 'reserved',
            started_at timestamptz,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX rentals_customer_idx ON rentals (customer_id);
        CREATE TRIGGER rentals_updated_at BEFORE UPDATE ON rentals FOR EACH ROW EXECUTE FUNCTION set_updated_at();

        """
    static let repairs = """
        CREATE TABLE repairs (
            id bigserial PRIMARY KEY,
            bike_id bigint NOT NULL REFERENCES bikes(id),
            note text NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TRIGGER repairs_updated_at BEFORE UPDATE ON repairs FOR EACH ROW EXECUTE FUNCTION set_updated_at();

        """
    static let log = """
        2026-12-05 00:10:20.651 UTC [7829] postgres@rentals_prod ERROR:  relation "rentals" does not exist at character 56
        2026-12-05 00:10:20.651 UTC [7829] postgres@rentals_prod STATEMENT:  PREPARE list_rentals(bigint) AS SELECT id, status FROM rentals WHERE customer_id = $1;
        2026-12-05 00:10:20.651 UTC [7829] postgres@rentals_prod ERROR:  relation "repairs" does not exist at character 50
        2026-12-05 00:10:20.651 UTC [7829] postgres@rentals_prod STATEMENT:  PREPARE open_repair(bigint, text) AS INSERT INTO repairs (bike_id, note) VALUES ($1, $2) RETURNING id;

        """

    static func drafting(_ body: (PostgresConnection, Drafting.Outcome) throws -> Void) throws {
        let migrations = ["000001_init.up.sql": initial, "000002_rentals.up.sql": rentals, "000003_repairs.up.sql": repairs]
        let live = initial + "INSERT INTO customers (name, email) VALUES ('Ada', 'ada@example.com'); INSERT INTO bikes (label) VALUES ('B-01');"
        try Drafting.draft(migrations: migrations, log: log, live: live, body)
    }

    static func functionExists(_ db: PostgresConnection) throws -> Bool {
        try db.query("SELECT to_regprocedure('public.set_updated_at()') IS NOT NULL")[0, 0] == "t"
    }

    /// Both drafts bring set_updated_at(): each applies whichever comes first (the second finds the function
    /// and keeps it), and reverting one leaves the function while the other's trigger uses it; the last
    /// revert drops it. In both orders.
    @Test(arguments: [false, true]) func bothApplyAndEachRevertLeavesWhatTheOtherNeeds(reversed: Bool) throws {
        try Self.drafting { db, outcome in
            let playbooks = outcome.entries.compactMap(Drafting.playbook)
            #expect(Set(playbooks.map(\.id)) == ["create_rentals", "create_repairs"], "\(outcome.entries.map(\.draft))")
            #expect(playbooks.allSatisfy { $0.statements.contains { $0.contains("CREATE FUNCTION public.set_updated_at()") } },
                    "\(playbooks.map(\.statements))")
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
            let library = try PlaybookLibrary(directory: outcome.directory.path)
            for playbook in playbooks { _ = try library.approve(id: playbook.id) }
            let order = reversed ? ["create_repairs", "create_rentals"] : ["create_rentals", "create_repairs"]

            for id in order {
                let applied = try Drafting.run(id, .apply, in: outcome, on: db)
                #expect(applied.outcome == .applied, "\(id): \(applied)")
            }
            #expect(try db.query("SELECT count(*) FROM pg_proc WHERE proname = 'set_updated_at'")[0, 0] == "1")

            let reverted = try Drafting.run(order[0], .revert, in: outcome, on: db)
            #expect(reverted.outcome == .reverted, "\(order[0]): \(reverted)")
            #expect(try Self.functionExists(db), "the other draft's trigger still uses it")
            // The other table's trigger still stamps its rows.
            let other = order[1] == "create_rentals" ? "rentals" : "repairs"
            try db.execute(other == "rentals"
                ? "INSERT INTO rentals (customer_id, bike_id, updated_at) VALUES (1, 1, '2000-01-01')"
                : "INSERT INTO repairs (bike_id, note, updated_at) VALUES (1, 'flat tyre', '2000-01-01')")
            try db.execute("UPDATE \(other) SET updated_at = '2000-01-01'")
            #expect(try db.query("SELECT updated_at > '2001-01-01' FROM \(other)")[0, 0] == "t")
            try db.execute("DELETE FROM \(other)")

            let last = try Drafting.run(order[1], .revert, in: outcome, on: db)
            #expect(last.outcome == .reverted, "\(order[1]): \(last)")
            #expect(try !Self.functionExists(db), "nothing uses it any more")
        }
    }

    /// Migration 000006 creates the schema fleet, the enum fleet.bike_condition and two tables using it; both
    /// drafts bring the schema and the type. Each applies in either order, and each revert leaves what the
    /// other's table uses; the last revert drops them.
    static let fleet = """
        CREATE SCHEMA fleet;
        CREATE TYPE fleet.bike_condition AS ENUM ('ok', 'worn', 'broken');
        CREATE TABLE fleet.inspections (
            id bigserial PRIMARY KEY,
            bike_id bigint NOT NULL REFERENCES public.bikes(id),
            condition fleet.bike_condition NOT NULL,
            inspected_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE fleet.damage_reports (
            id bigserial PRIMARY KEY,
            bike_id bigint NOT NULL REFERENCES public.bikes(id),
            condition fleet.bike_condition NOT NULL DEFAULT 'worn',
            note text
        );

        """
    static let fleetLog = """
        2026-12-05 00:39:55.883 UTC [13102] postgres@rentals_prod ERROR:  relation "fleet.inspections" does not exist at character 58
        2026-12-05 00:39:55.883 UTC [13102] postgres@rentals_prod STATEMENT:  PREPARE inspections(bigint) AS SELECT id, condition FROM fleet.inspections WHERE bike_id = $1;
        2026-12-05 00:39:55.883 UTC [13102] postgres@rentals_prod ERROR:  relation "fleet.damage_reports" does not exist at character 52
        2026-12-05 00:39:55.883 UTC [13102] postgres@rentals_prod STATEMENT:  PREPARE report_damage(bigint, text) AS INSERT INTO fleet.damage_reports (bike_id, note) VALUES ($1, $2);

        """

    @Test(arguments: [false, true]) func twoTablesShareTheirSchemaAndEnumType(reversed: Bool) throws {
        try withScratchDirectory { dir in
            let folder = dir.appendingPathComponent("migrations")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (file, sql) in [("000001_init.up.sql", Self.initial), ("000006_fleet.up.sql", Self.fleet)] {
                try sql.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
            }
            let logPath = dir.appendingPathComponent("postgresql.log")
            try Self.fleetLog.write(to: logPath, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(Self.initial + "INSERT INTO bikes (label) VALUES ('B-01');")
                try Drafting.draft(logs: [logPath.path], referenceSQL: [folder.path], target: db) { outcome in
                    let playbooks = outcome.entries.compactMap(Drafting.playbook)
                    #expect(Set(playbooks.map(\.id)) == ["create_inspections", "create_damage_reports"], "\(outcome.entries.map(\.draft))")
                    #expect(playbooks.allSatisfy { $0.statements.contains { $0.contains("CREATE TYPE fleet.bike_condition") } }, "\(playbooks.map(\.statements))")
                    #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
                    let library = try PlaybookLibrary(directory: outcome.directory.path)
                    for playbook in playbooks { _ = try library.approve(id: playbook.id) }
                    let order = reversed ? ["create_damage_reports", "create_inspections"] : ["create_inspections", "create_damage_reports"]
                    for id in order {
                        let applied = try Drafting.run(id, .apply, in: outcome, on: db)
                        #expect(applied.outcome == .applied, "\(id): \(applied)")
                    }
                    let reverted = try Drafting.run(order[0], .revert, in: outcome, on: db)
                    #expect(reverted.outcome == .reverted, "\(order[0]): \(reverted)")
                    #expect(try db.query("SELECT to_regtype('fleet.bike_condition') IS NOT NULL")[0, 0] == "t", "the other table uses it")
                    let other = order[1] == "create_inspections" ? "fleet.inspections (bike_id, condition) VALUES (1, 'ok')" : "fleet.damage_reports (bike_id) VALUES (1)"
                    try db.execute("INSERT INTO \(other)")
                    try db.execute("DELETE FROM fleet.\(order[1].dropFirst("create_".count))")
                    let last = try Drafting.run(order[1], .revert, in: outcome, on: db)
                    #expect(last.outcome == .reverted, "\(order[1]): \(last)")
                    #expect(try db.query("SELECT to_regtype('fleet.bike_condition') IS NULL AND to_regnamespace('fleet') IS NULL")[0, 0] == "t")
                }
            }
        }
    }

    /// The type's own draft (`type "rental_status" does not exist`) and the table's draft that brings the same
    /// type, in one run: whichever applies second finds the type there (the type's playbook as already applied,
    /// the table's creating it only where absent).
    @Test(arguments: [false, true]) func aTypeDraftAndATableDraftBringingItApplyInEitherOrder(typeFirst: Bool) throws {
        let log = """
            2026-12-05 00:10:20.651 UTC [7829] postgres@rentals_prod ERROR:  relation "rentals" does not exist at character 56
            2026-12-05 00:10:20.651 UTC [7829] postgres@rentals_prod STATEMENT:  PREPARE list_rentals(bigint) AS SELECT id, status FROM rentals WHERE customer_id = $1;
            2026-12-05 00:55:55.515 UTC [2849] postgres@rentals_prod ERROR:  type "rental_status" does not exist at character 32
            2026-12-05 00:55:55.515 UTC [2849] postgres@rentals_prod STATEMENT:  SELECT unnest(enum_range(NULL::rental_status));

            """
        try withScratchDirectory { dir in
            let folder = dir.appendingPathComponent("migrations")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (file, sql) in [("000001_init.up.sql", Self.initial), ("000002_rentals.up.sql", Self.rentals)] {
                try sql.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
            }
            let logPath = dir.appendingPathComponent("postgresql.log")
            try log.write(to: logPath, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(Self.initial)
                try Drafting.draft(logs: [logPath.path], referenceSQL: [folder.path], target: db, queried: true) { outcome in
                    let ids = outcome.entries.compactMap(Drafting.playbook).map(\.id)
                    #expect(Set(ids) == ["create_rentals", "create_rental_status"], "\(outcome.entries.map(\.draft))")
                    #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
                    let library = try PlaybookLibrary(directory: outcome.directory.path)
                    for id in ids { _ = try library.approve(id: id) }
                    let order = typeFirst ? ["create_rental_status", "create_rentals"] : ["create_rentals", "create_rental_status"]
                    #expect(try Drafting.run(order[0], .apply, in: outcome, on: db).outcome == .applied)
                    #expect(try Drafting.run(order[1], .apply, in: outcome, on: db).outcome == (typeFirst ? .applied : .alreadyApplied))
                    #expect(try db.query("SELECT enum_range(NULL::rental_status)::text")[0, 0] == "{reserved,active,returned,cancelled}")
                    // Reverting the table keeps the type only while something else uses it: nothing does here.
                    #expect(try Drafting.run("create_rentals", .revert, in: outcome, on: db).outcome == .reverted)
                    #expect(try db.query("SELECT to_regtype('public.rental_status') IS NULL")[0, 0] == "t")
                }
            }
        }
    }
}
