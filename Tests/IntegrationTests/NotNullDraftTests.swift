import Foundation
import Testing
@testable import LogMedic

/// A shop on psycopg 3 and dbmate: a migration that made `gift_note` optional and gave `channel` a default
/// never ran in production, so checkout's writes fail with `null value in column … violates not-null
/// constraint`. `fix --draft` alters the column as the migrations leave it (was: nothing drafted, and the
/// advice said to change the code).
@Suite("fix --draft: a NOT NULL column the migrations relaxed", .enabled(if: TestDatabase.isAvailable))
struct NotNullDraftTests {
    static let orders = "CREATE TABLE orders (id bigserial PRIMARY KEY, customer_email text NOT NULL, gift_note text NOT NULL, channel text NOT NULL);\n"
    static let relax = "ALTER TABLE orders ALTER COLUMN gift_note DROP NOT NULL;\nALTER TABLE orders ALTER COLUMN channel SET DEFAULT 'web';\n"
    /// As psycopg 3 printed them (/tmp capture of the shop's checkout, table renamed).
    static let log = """
        2026-12-05 00:29:44,692 [2742] ERROR shop.checkout: POST /checkout failed
        Traceback (most recent call last):
          File "/srv/shop/checkout.py", line 7, in place_order
            conn.execute("INSERT INTO orders (customer_email, gift_note, channel) VALUES (%s, %s, %s)", (email, note, "web"))
        psycopg.errors.NotNullViolation: null value in column "gift_note" of relation "orders" violates not-null constraint
        DETAIL:  Failing row contains (1, a@example.com, null, web).
        2026-12-05 00:29:44,694 [2742] ERROR shop.checkout: POST /api/orders failed
        Traceback (most recent call last):
          File "/srv/shop/api.py", line 11, in create_order
            conn.execute("INSERT INTO orders (customer_email, gift_note) VALUES (%s, %s)", ("c@example.com", "happy birthday"))
        psycopg.errors.NotNullViolation: null value in column "channel" of relation "orders" violates not-null constraint
        DETAIL:  Failing row contains (3, c@example.com, happy birthday, null).

        """

    static func drafting(migrations: [String: String], _ body: (PostgresConnection, Drafting.Outcome) throws -> Void) throws {
        try Drafting.draft(migrations: migrations, log: log, live: orders, body)
    }

    /// Each draft names the migration that relaxed the column (its default, its NOT NULL), to be marked applied
    /// once the draft is (was: no note; the `create` wording of other drafts does not fit a change).
    @Test func theNoteNamesTheMigrationThatMadeTheChange() throws {
        let migrations = ["20261101090000_orders.sql": "-- migrate:up\n" + Self.orders,
                          "20261110090000_channel_default.sql": "-- migrate:up\nALTER TABLE orders ALTER COLUMN channel SET DEFAULT 'web';\n",
                          "20261120090000_optional_gift_note.sql": "-- migrate:up\nALTER TABLE orders ALTER COLUMN gift_note DROP NOT NULL;\n"]
        try Self.drafting(migrations: migrations) { _, outcome in
            let notes = Dictionary(uniqueKeysWithValues: outcome.entries.compactMap(Drafting.playbook).map { ($0.id, $0.note ?? "no note") })
            #expect(notes["alter_orders_channel"]?.hasPrefix("Migration 20261110090000_channel_default.sql makes this change and never ran here: once this is applied, mark ") == true, "\(notes)")
            #expect(notes["alter_orders_gift_note"]?.hasPrefix("Migration 20261120090000_optional_gift_note.sql makes this change and never ran here: once this is applied, mark ") == true, "\(notes)")
        }
    }

    @Test func theColumnIsAlteredAsTheMigrationsLeaveItAndRevertedWhileNoNullWasWritten() throws {
        let migrations = ["20261101090000_orders.sql": "-- migrate:up\n" + Self.orders + "-- migrate:down\nDROP TABLE orders;\n",
                          "20261120090000_optional_gift_note.sql": "-- migrate:up\n" + Self.relax]
        try Self.drafting(migrations: migrations) { db, outcome in
            let playbooks = outcome.entries.compactMap(Drafting.playbook)
            #expect(playbooks.map(\.id).sorted() == ["alter_orders_channel", "alter_orders_gift_note"], "\(outcome.entries.map(\.draft))")
            #expect(playbooks.flatMap(\.statements).sorted() == ["ALTER TABLE public.orders ALTER COLUMN channel SET DEFAULT 'web'::text",
                                                                  "ALTER TABLE public.orders ALTER COLUMN gift_note DROP NOT NULL"])
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied, .applied])
            // The writes that failed now succeed; a second apply sees the change in place.
            try db.execute("INSERT INTO orders (customer_email, gift_note, channel) VALUES ('a@example.com', NULL, 'web')")
            try db.execute("INSERT INTO orders (customer_email, gift_note) VALUES ('c@example.com', 'happy birthday')")
            let library = try PlaybookLibrary(directory: outcome.directory.path)
            #expect(PlaybookLinter(library: library, catalog: try CompiledCatalog()).lint().filter { $0.level == .error }.isEmpty)
            let remediator = SQLRemediator(connection: db, library: library)
            #expect(try remediator.run(try library.playbook(id: "alter_orders_gift_note"), mode: .apply).outcome == .alreadyApplied)
            // A NULL was written since: NOT NULL cannot come back, refused and nothing changes.
            #expect(throws: (any Error).self) { _ = try remediator.run(try library.playbook(id: "alter_orders_gift_note"), mode: .revert) }
            #expect(try db.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'gift_note'")[0, 0] == "f")
            try db.execute("UPDATE orders SET gift_note = '' WHERE gift_note IS NULL")
            #expect(try remediator.run(try library.playbook(id: "alter_orders_gift_note"), mode: .revert).outcome == .reverted)
            #expect(try remediator.run(try library.playbook(id: "alter_orders_channel"), mode: .revert).outcome == .reverted)
            let column = try db.query("SELECT attnotnull, atthasdef FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname IN ('gift_note', 'channel') ORDER BY attname")
            #expect(column.rows.map { $0.compactMap { $0 } } == [["t", "f"], ["t", "f"]])
        }
    }

    /// The migrations keep the column NOT NULL without a default: no schema change fixes the write, the code must.
    @Test func aColumnTheMigrationsKeepStrictIsNotDrafted() throws {
        try Self.drafting(migrations: ["0001_orders.sql": Self.orders]) { _, outcome in
            let reasons = outcome.entries.compactMap { entry -> String? in
                if case .notDrafted(let reason) = entry.draft.outcome { return reason } else { return nil }
            }
            #expect(reasons.count == 2 && reasons.allSatisfy { $0.contains("the code must set the value") }, "\(reasons)")
        }
    }
}
