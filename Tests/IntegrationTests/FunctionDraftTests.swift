import Foundation
import Testing
@testable import LogMedic

/// `fix --draft` for the application's own functions: a billing service's migration 000009 creates
/// invoice_total(integer) (and an overload taking an enum); production ran only 000001, and the server logs
/// `function invoice_total(integer) does not exist` (a real PostgreSQL 15 log line).
@Suite("fix --draft: the app's own functions", .enabled(if: TestDatabase.isAvailable))
struct FunctionDraftTests {
    static let invoices = """
        CREATE TABLE invoices (id serial PRIMARY KEY, customer text NOT NULL);
        CREATE TABLE invoice_lines (id serial PRIMARY KEY, invoice_id integer NOT NULL REFERENCES invoices(id), amount numeric(12,2) NOT NULL);

        """
    static let total = """
        CREATE TYPE invoice_state AS ENUM ('open', 'paid');
        CREATE FUNCTION invoice_total(integer) RETURNS numeric LANGUAGE sql STABLE AS $$
          SELECT coalesce(sum(amount), 0) FROM invoice_lines WHERE invoice_id = $1
        $$;
        CREATE FUNCTION invoice_total(integer, invoice_state) RETURNS numeric LANGUAGE sql STABLE AS $$
          SELECT coalesce(sum(amount), 0) FROM invoice_lines WHERE invoice_id = $1
        $$;
        CREATE FUNCTION invoice_state_of(integer) RETURNS invoice_state LANGUAGE sql STABLE AS $$
          SELECT 'open'::invoice_state
        $$;

        """
    static let log = """
        2026-12-04 23:05:37.726 UTC [3395] postgres@billing ERROR:  function invoice_total(integer) does not exist at character 8
        2026-12-04 23:05:37.726 UTC [3395] postgres@billing HINT:  No function matches the given name and argument types. You might need to add explicit type casts.
        2026-12-04 23:05:37.726 UTC [3395] postgres@billing STATEMENT:  SELECT invoice_total(42)

        """

    static func drafting(log: String = Self.log, live: String = Self.invoices,
                         _ body: (PostgresConnection, Drafting.Outcome) throws -> Void) throws {
        try withScratchDirectory { dir in
            let folder = dir.appendingPathComponent("migrations")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try invoices.write(to: folder.appendingPathComponent("000001_invoices.up.sql"), atomically: true, encoding: .utf8)
            try total.write(to: folder.appendingPathComponent("000009_invoice_total.up.sql"), atomically: true, encoding: .utf8)
            let logPath = dir.appendingPathComponent("postgresql.log")
            try log.write(to: logPath, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(live)
                try Drafting.draft(logs: [logPath.path], referenceSQL: [folder.path], target: db, queried: true) { try body(db, $0) }
            }
        }
    }

    /// The overload whose argument types the log gives, as the reference server prints it; applied, the
    /// function exists with that signature only; reverted, it is gone.
    @Test func theMissingFunctionIsDraftedFromTheReference() throws {
        try Self.drafting { db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.id == "create_invoice_total")
            #expect(playbook.statements.count == 1, "\(playbook.statements)")
            #expect(playbook.statements.first?.hasPrefix("CREATE FUNCTION public.invoice_total(integer)") == true, "\(playbook.statements)")
            #expect(!playbook.statements.joined().contains("invoice_state"))
            #expect(playbook.revert.contains("DROP FUNCTION public.invoice_total(integer)"))
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
            let reports = try Drafting.approveAndApply(outcome, on: db)
            #expect(reports.map(\.outcome) == [.applied])
            #expect(try db.query("SELECT to_regprocedure('public.invoice_total(integer)') IS NOT NULL")[0, 0] == "t")
            #expect(try db.query("SELECT count(*) FROM pg_proc WHERE proname = 'invoice_total'")[0, 0] == "1")
            let library = try PlaybookLibrary(directory: outcome.directory.path)
            let revert = try SQLRemediator(connection: db, library: library).run(try library.playbook(id: playbook.id), mode: .revert)
            #expect(revert.outcome == .reverted, "\(revert)")
            #expect(try db.query("SELECT to_regprocedure('public.invoice_total(integer)') IS NULL")[0, 0] == "t")
        }
    }

    /// The draft names the migration that creates the function, to be marked applied once the draft is (was: no
    /// note, so the tool's next run failed on `function … already exists`).
    @Test func theNoteNamesTheMigrationThatCreatesIt() throws {
        try Self.drafting { _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.note?.hasPrefix("Migration 000009_invoice_total.up.sql creates it and never ran here: once this is applied, mark ") == true,
                    "\(playbook.note ?? "no note")")
            #expect(playbook.afterApply?.hasPrefix("Mark migration 000009_invoice_total.up.sql applied in ") == true, "\(playbook.afterApply ?? "nothing")")
        }
    }

    /// A function that returns a type the target lacks brings the type; a table it reads that the target
    /// lacks is not created: the draft names it.
    @Test func itsTypeComesAlongAndAMissingTableIsNamed() throws {
        let log = """
            2026-12-04 23:05:37.726 UTC [3395] postgres@billing ERROR:  function invoice_state_of(integer) does not exist at character 8

            """
        try Self.drafting(log: log) { _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            // Created only where absent (another draft may bring the same type), dropped only when unused.
            #expect(playbook.statements.first?.contains("EXECUTE $create$CREATE TYPE public.invoice_state AS ENUM") == true, "\(playbook.statements)")
            #expect(playbook.revert.contains("DROP TYPE IF EXISTS public.invoice_state"))
            #expect(outcome.entries.allSatisfy { $0.isReady }, "\(outcome.entries.map(\.rehearsal))")
        }
        try Self.drafting(live: "CREATE TABLE invoices (id serial PRIMARY KEY, customer text NOT NULL);") { _, outcome in
            let draft = try #require(outcome.entries.first?.draft)
            #expect(draft.problem.contains("invoice_total"))
            guard case .notDrafted(let reason) = draft.outcome else { Issue.record("\(draft.outcome)"); return }
            #expect(reason.contains("public.invoice_lines"), "\(reason)")
        }
    }
}

extension FunctionDraftTests {
    /// A function of that name in a schema off the search_path: not confirmed missing, nothing drafted.
    @Test func aFunctionOffTheSearchPathIsNotDrafted() throws {
        let live = Self.invoices + "CREATE SCHEMA billing; CREATE FUNCTION billing.invoice_total(integer) RETURNS numeric LANGUAGE sql AS 'SELECT 0';"
        try Self.drafting(live: live) { _, outcome in
            #expect(outcome.entries.isEmpty, "\(outcome.entries.map(\.draft))")
        }
    }
}
