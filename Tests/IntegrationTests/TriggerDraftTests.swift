import Foundation
import Testing
@testable import LogMedic

/// A table or column that `fix --draft` creates comes with the reference's triggers on it: migration 000002
/// adds invoices.updated_at with a `set_updated_at()` trigger, 000003 creates payments with the same trigger;
/// production ran only 000001 (real PostgreSQL 15 log lines).
@Suite("fix --draft: triggers come with their table or column", .enabled(if: TestDatabase.isAvailable))
struct TriggerDraftTests {
    static let invoices = "CREATE TABLE invoices (id serial PRIMARY KEY, customer text NOT NULL);\n"
    static let updatedAt = """
        ALTER TABLE invoices ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
        CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          NEW.updated_at := now();
          RETURN NEW;
        END
        $$;
        CREATE TRIGGER invoices_updated_at BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION set_updated_at();

        """
    static let payments = """
        CREATE TABLE payments (id serial PRIMARY KEY, invoice_id integer NOT NULL REFERENCES invoices(id), updated_at timestamptz NOT NULL DEFAULT now());
        CREATE TRIGGER payments_updated_at BEFORE UPDATE ON payments FOR EACH ROW EXECUTE FUNCTION set_updated_at();

        """
    static let columnLog = """
        2026-12-04 23:15:25.737 UTC [14294] postgres@billing ERROR:  column "updated_at" of relation "invoices" does not exist at character 37
        2026-12-04 23:15:25.737 UTC [14294] postgres@billing STATEMENT:  UPDATE invoices SET customer = 'x', updated_at = now() WHERE id = 1

        """
    static let tableLog = """
        2026-12-04 23:15:25.753 UTC [14298] postgres@billing ERROR:  relation "payments" does not exist at character 16
        2026-12-04 23:15:25.753 UTC [14298] postgres@billing STATEMENT:  SELECT id FROM payments WHERE invoice_id = 1

        """

    static func drafting(log: String, live: String, _ body: (PostgresConnection, Drafting.Outcome) throws -> Void) throws {
        let migrations = ["000001_invoices.up.sql": invoices, "000002_updated_at.up.sql": updatedAt, "000003_payments.up.sql": payments]
        try Drafting.draft(migrations: migrations, log: log, live: live, body)
    }

    /// The column's draft adds the trigger that stamps it, after its function; revert drops the trigger first.
    @Test func theColumnComesWithItsTriggerAndFunction() throws {
        try Self.drafting(log: Self.columnLog, live: Self.invoices + "INSERT INTO invoices (customer) VALUES ('a');") { db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.id == "add_invoices_updated_at")
            let statements = playbook.statements
            let add = statements.firstIndex { $0.contains("ADD COLUMN updated_at") }
            let function = statements.firstIndex { $0.contains("CREATE FUNCTION public.set_updated_at()") }
            let trigger = statements.firstIndex { $0.hasPrefix("CREATE TRIGGER invoices_updated_at") }
            #expect(add != nil && function != nil && trigger != nil, "\(statements)")
            #expect((add ?? 0) < (trigger ?? 0) && (function ?? 0) < (trigger ?? 0))
            let revert = playbook.revert
            let dropTrigger = try #require(revert.range(of: "DROP TRIGGER invoices_updated_at ON public.invoices;"), "\(revert)")
            let dropColumn = try #require(revert.range(of: "DROP COLUMN updated_at"), "\(revert)")
            let dropFunction = try #require(revert.range(of: "DROP FUNCTION IF EXISTS public.set_updated_at();"), "\(revert)")
            #expect(dropTrigger.lowerBound < dropColumn.lowerBound && dropColumn.lowerBound < dropFunction.lowerBound)
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            // The trigger stamps rows the application updates.
            try db.execute("UPDATE invoices SET updated_at = '2000-01-01', customer = 'b'")
            #expect(try db.query("SELECT updated_at > '2001-01-01' FROM invoices")[0, 0] == "t")
        }
    }

    /// A created table brings its trigger, and the trigger's function when the target lacks it; revert drops
    /// the function after the table. With the function already there, only the trigger comes.
    @Test func theTableComesWithItsTrigger() throws {
        try Self.drafting(log: Self.tableLog, live: Self.invoices) { db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.statements.contains { $0.contains("CREATE FUNCTION public.set_updated_at()") }, "\(playbook.statements)")
            #expect(playbook.statements.last?.hasPrefix("CREATE TRIGGER payments_updated_at") == true, "\(playbook.statements)")
            let table = try #require(playbook.revert.range(of: "DROP TABLE public.payments"), "\(playbook.revert)")
            let function = try #require(playbook.revert.range(of: "DROP FUNCTION IF EXISTS public.set_updated_at()"), "\(playbook.revert)")
            #expect(table.lowerBound < function.lowerBound)
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            let library = try PlaybookLibrary(directory: outcome.directory.path)
            let revert = try SQLRemediator(connection: db, library: library).run(try library.playbook(id: playbook.id), mode: .revert)
            #expect(revert.outcome == .reverted, "\(revert)")
            #expect(try db.query("SELECT to_regprocedure('public.set_updated_at()') IS NULL")[0, 0] == "t")
        }
        try Self.drafting(log: Self.tableLog, live: Self.invoices + Self.updatedAt) { _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(!playbook.statements.contains { $0.contains("CREATE FUNCTION") }, "\(playbook.statements)")
            #expect(playbook.statements.last?.hasPrefix("CREATE TRIGGER payments_updated_at") == true, "\(playbook.statements)")
            #expect(!playbook.revert.contains("DROP FUNCTION"))
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
        }
    }
}
