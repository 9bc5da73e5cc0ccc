import Foundation
import Testing
@testable import LogMedic

/// `fix --draft` for views and enum types a migration creates: the bike-rental Go service's migration 000004
/// creates the enum payment_method, the view active_customers and the materialized view rental_counts (over
/// rentals, from 000002); production ran only 000001. Real PostgreSQL 15 log lines.
@Suite("fix --draft: views and enum types", .enabled(if: TestDatabase.isAvailable))
struct ViewAndTypeDraftTests {
    static let reporting = """
        CREATE TYPE payment_method AS ENUM ('card', 'cash', 'voucher');
        CREATE VIEW active_customers AS
            SELECT id, name, email FROM customers WHERE active;
        CREATE MATERIALIZED VIEW rental_counts AS
            SELECT customer_id, count(*) AS rentals FROM rentals GROUP BY customer_id;
        CREATE UNIQUE INDEX rental_counts_customer_idx ON rental_counts (customer_id);

        """
    static let viewLog = """
        2026-12-05 00:10:20.651 UTC [7829] postgres@rentals_prod ERROR:  relation "active_customers" does not exist at character 29
        2026-12-05 00:10:20.651 UTC [7829] postgres@rentals_prod STATEMENT:  SELECT id, name, email FROM active_customers ORDER BY name;

        """
    static let materializedLog = """
        2026-12-05 00:10:20.651 UTC [7829] postgres@rentals_prod ERROR:  relation "rental_counts" does not exist at character 34
        2026-12-05 00:10:20.651 UTC [7829] postgres@rentals_prod STATEMENT:  SELECT customer_id, rentals FROM rental_counts ORDER BY rentals DESC LIMIT 10;

        """
    static let typeLog = """
        2026-12-05 00:10:20.651 UTC [7829] postgres@rentals_prod ERROR:  type "payment_method" does not exist at character 32
        2026-12-05 00:10:20.651 UTC [7829] postgres@rentals_prod STATEMENT:  SELECT unnest(enum_range(NULL::payment_method));

        """
    static let rows = "INSERT INTO customers (name, email, active) VALUES ('Ada', 'ada@example.com', true), ('Bo', 'bo@example.com', false);"

    static func drafting(log: String, live: String = SharedObjectDraftTests.initial + Self.rows,
                         _ body: (PostgresConnection, Drafting.Outcome) throws -> Void) throws {
        let migrations = ["000001_init.up.sql": SharedObjectDraftTests.initial, "000002_rentals.up.sql": SharedObjectDraftTests.rentals,
                          "000003_repairs.up.sql": SharedObjectDraftTests.repairs, "000004_reporting.up.sql": reporting]
        try Drafting.draft(migrations: migrations, log: log, live: live, queried: true, body)
    }

    /// The view as the reference server prints it (pg_get_viewdef); verify compares its definition and
    /// columns; applied, the application's query works; reverted, it is gone.
    @Test func theViewIsDraftedFromTheReference() throws {
        try Self.drafting(log: Self.viewLog) { db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.id == "create_active_customers")
            #expect(playbook.statements.count == 1, "\(playbook.statements)")
            #expect(playbook.statements.first?.hasPrefix("CREATE VIEW public.active_customers AS") == true, "\(playbook.statements)")
            #expect(playbook.present == ["public.customers"])
            #expect(playbook.revert.contains("DROP VIEW public.active_customers"), "\(playbook.revert)")
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            #expect(try db.query("SELECT string_agg(name, ',') FROM active_customers")[0, 0] == "Ada")
            #expect(try db.execute(playbook.verify).rowCount == 0)
            // verify.sql sees a different definition.
            try db.execute("CREATE OR REPLACE VIEW active_customers AS SELECT id, name, email FROM customers")
            let differences = try db.execute(playbook.verify)
            #expect(differences.rowCount == 2 && (0..<differences.rowCount).allSatisfy { differences[$0, 2] == "definition" },
                    "\(differences.rows)")
            let revert = try Drafting.run(playbook.id, .revert, in: outcome, on: db)
            #expect(revert.outcome == .reverted, "\(revert)")
            #expect(try db.query("SELECT to_regclass('public.active_customers') IS NULL")[0, 0] == "t")
        }
    }

    /// A materialized view over a table the target lacks is not drafted: the reason names the table. With the
    /// table there, it is drafted with its index, populated.
    @Test func aMaterializedViewNamesTheTableItNeeds() throws {
        try Self.drafting(log: Self.materializedLog) { _, outcome in
            #expect(outcome.entries.compactMap(Drafting.playbook).isEmpty)
            guard case .notDrafted(let reason)? = outcome.entries.first?.draft.outcome else {
                Issue.record("\(outcome.entries.map(\.draft))"); return
            }
            #expect(reason.contains("public.rentals"), "\(reason)")
        }
        let live = SharedObjectDraftTests.initial + Self.rows + SharedObjectDraftTests.rentals
            + "INSERT INTO bikes (label) VALUES ('B-01'); INSERT INTO rentals (customer_id, bike_id) VALUES (1, 1), (1, 1);"
        try Self.drafting(log: Self.materializedLog, live: live) { db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.id == "create_rental_counts")
            #expect(playbook.statements.first?.hasPrefix("CREATE MATERIALIZED VIEW public.rental_counts AS") == true, "\(playbook.statements)")
            #expect(playbook.statements.contains { $0.hasPrefix("CREATE UNIQUE INDEX rental_counts_customer_idx") }, "\(playbook.statements)")
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            #expect(try db.query("SELECT rentals FROM rental_counts WHERE customer_id = 1")[0, 0] == "2")
            let revert = try Drafting.run(playbook.id, .revert, in: outcome, on: db)
            #expect(revert.outcome == .reverted, "\(revert)")
            #expect(try db.query("SELECT to_regclass('public.rental_counts') IS NULL")[0, 0] == "t")
        }
    }

    /// `type "payment_method" does not exist`, no extension provides it and the database has no type of that
    /// name: confirmed, and drafted as the reference's enum with its labels in order.
    @Test func theEnumTypeIsDraftedWithItsLabelsInOrder() throws {
        try Self.drafting(log: Self.typeLog) { db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.id == "create_payment_method")
            #expect(playbook.statements == ["CREATE TYPE public.payment_method AS ENUM ('card', 'cash', 'voucher')"], "\(playbook.statements)")
            #expect(playbook.revert.contains("DROP TYPE public.payment_method"), "\(playbook.revert)")
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            #expect(try db.query("SELECT enum_range(NULL::payment_method)::text")[0, 0] == "{card,cash,voucher}")
            // The report now finds it: RESOLVED.
            try withScratchDirectory { dir in
                let log = dir.appendingPathComponent("postgresql.log")
                try Self.typeLog.write(to: log, atomically: true, encoding: .utf8)
                let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()), snapshot: try SchemaInspector(connection: db).snapshot(),
                                          database: LiveDatabase(connection: db)).diagnose(paths: [log.path])
                #expect(diagnosis.problems.map(\.correlation.status) == [.resolved], "\(diagnosis.problems.map(\.correlation))")
            }
            #expect(try db.execute(playbook.verify).rowCount == 0)
            try db.execute("ALTER TYPE payment_method ADD VALUE 'crypto'")
            #expect(try db.execute(playbook.verify).rowCount == 1)
            let revert = try Drafting.run(playbook.id, .revert, in: outcome, on: db)
            #expect(revert.outcome == .reverted, "\(revert)")
            #expect(try db.query("SELECT to_regtype('public.payment_method') IS NULL")[0, 0] == "t")
        }
    }

    /// `fix LOGS --playbooks drafts` offers the type's playbook for its own problem only: the app's own type,
    /// confirmed missing, is actionable, and `fixes.objects` keeps the playbook from another missing type's
    /// problem (two logged, one in the reference).
    @Test func fixOffersTheTypePlaybookForItsOwnProblemOnly() throws {
        let log = Self.typeLog + """
            2026-12-05 00:10:20.660 UTC [7829] postgres@rentals_prod ERROR:  type "currency_code" does not exist at character 32
            2026-12-05 00:10:20.660 UTC [7829] postgres@rentals_prod STATEMENT:  SELECT unnest(enum_range(NULL::currency_code));

            """
        try withScratchDirectory { dir in
            let logPath = dir.appendingPathComponent("postgresql.log")
            try log.write(to: logPath, atomically: true, encoding: .utf8)
            try Self.drafting(log: log) { db, outcome in
                let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
                #expect(outcome.entries.compactMap(Drafting.playbook).count == 1)
                let library = try PlaybookLibrary(directory: outcome.directory.path)
                _ = try library.approve(id: playbook.id)
                let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()), snapshot: try SchemaInspector(connection: db).snapshot(),
                                          database: LiveDatabase(connection: db)).diagnose(paths: [logPath.path])
                let selector = PlaybookSelector(library: try PlaybookLibrary(directory: outcome.directory.path))
                let offered = diagnosis.problems.map { problem in
                    (problem.group.capture("name") ?? "", selector.select(problem.group, problem.correlation).map(\.playbook.id))
                }
                #expect(offered.first { $0.0 == "payment_method" }?.1 == ["create_payment_method"], "\(offered)")
                #expect(offered.first { $0.0 == "currency_code" }?.1 == [], "\(offered)")
            }
        }
    }
}
