import Foundation
import Testing
@testable import LogMedic

/// A lending-library API on Node and node-postgres, with a playbook its team wrote: `report` and `fix` name
/// what the playbook's statements would risk on this database (locks, index builds on N rows), and a
/// column playbook is offered only for the table it names, never for a same-named column of another table.
/// The error messages are the ones this server printed for the app's statements, in node-postgres's layout
/// (as captured in fixtures/incident-node-billing).
@Suite("playbook hazards in report and fix (binary)", .enabled(if: TestDatabase.isAvailable))
struct PlaybookHazardTests {
    static let schema = """
        CREATE TABLE members (id serial PRIMARY KEY, name text NOT NULL);
        CREATE TABLE loans (id serial PRIMARY KEY, member_id int NOT NULL REFERENCES members, book text NOT NULL);
        INSERT INTO members (name) SELECT 'member ' || g FROM generate_series(1, 50) g;
        INSERT INTO loans (member_id, book) SELECT 1 + g % 50, 'book ' || g FROM generate_series(1, 500) g;
        ANALYZE loans;
        """

    static let playbook: [String: String] = [
        "playbook.yaml": """
            id: add_loans_due_on
            title: Add loans.due_on with its index
            fixes:
              rule: undefined_column
              columns: [public.loans.due_on]
            preconditions:
              present: [public.loans]
              absent_columns: [public.loans.due_on]
            """,
        "deploy.sql": """
            ALTER TABLE public.loans ADD COLUMN due_on date;
            CREATE INDEX loans_due_on_idx ON public.loans (due_on);
            """,
        "verify.sql": "SELECT to_regclass('public.loans_due_on_idx') IS NOT NULL\n",
        "revert.sql": "ALTER TABLE public.loans DROP COLUMN due_on;\n",
    ]

    /// node-postgres's printed error for `sql` on this server, as an Express handler logs it.
    static func nodeError(_ sql: String, path: String, _ db: PostgresConnection) throws -> String {
        do {
            try db.execute(sql)
        } catch let PostgresError.server(error) {
            return """
                2026-12-03T09:14:02.311Z error GET \(path) failed: error: \(error.message)
                    at Parser.parseErrorMessage (/srv/lending/node_modules/pg-protocol/dist/parser.js:287:98)
                    at async listOverdue (/srv/lending/src/loans.js:14:18) {
                  length: 110,
                  severity: 'ERROR',
                  code: '\(error.sqlState.code)',
                }

                """
        }
        Issue.record("\(sql) did not fail")
        return ""
    }

    @Test func hazardsAreNamedPerStatementAndAColumnPlaybookOnlyFixesItsTable() throws {
        try TestDatabase.with { db, dsn in
            try db.execute(Self.schema)
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("lending-\(UUID()).log")
            let playbooks = FileManager.default.temporaryDirectory.appendingPathComponent("lending-playbooks-\(UUID())")
            defer { try? FileManager.default.removeItem(at: log); try? FileManager.default.removeItem(at: playbooks) }
            let text = try Self.nodeError("SELECT loans.due_on FROM loans", path: "/loans/overdue", db)
                + Self.nodeError("SELECT members.due_on FROM members", path: "/members/7/reminders", db)
            try text.write(to: log, atomically: true, encoding: .utf8)
            let folder = playbooks.appendingPathComponent("add_loans_due_on")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, content) in Self.playbook { try content.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
            let approve = try CLI.run(["remediations", "approve", "add_loans_due_on", "--playbooks", playbooks.path])
            #expect(approve.status == 0, "\(approve.stderr)")

            let report = try CLI.run(["report", log.path, "--db", dsn, "--playbooks", playbooks.path, "--format", "json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any], "\(report.stderr)")
            let problems = json["problems"] as? [[String: Any]] ?? []
            func problem(_ table: String) -> [String: Any]? {
                problems.first { (($0["correlation"] as? [String: Any])?["facts"] as? [String: String])?["table_name"] == table }
            }
            let loans = try #require(problem("loans"), "\(report.stdout)")
            let members = try #require(problem("members"), "\(report.stdout)")
            let loansAdvice = loans["recommendation"] as? [String: Any] ?? [:]
            #expect(loansAdvice["playbooks"] as? [String] == ["add_loans_due_on"])
            #expect((members["recommendation"] as? [String: Any])?["playbooks"] as? [String] == [], "same column name, another table")
            let hazards = loansAdvice["hazards"] as? [[String: Any]] ?? []
            #expect(hazards.map { $0["statement"] as? String } == ["ALTER TABLE public.loans ADD COLUMN due_on date",
                                                                     "CREATE INDEX loans_due_on_idx ON public.loans (due_on)"])
            let kinds = hazards.map { ($0["hazards"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String } }
            #expect(kinds == [["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"], ["ACQUIRES_SHARE_LOCK", "INDEX_BUILD"]])
            #expect(((hazards.last?["hazards"] as? [[String: Any]])?.last?["message"] as? String)
                    == "index build on public.loans, 500 rows (pg_class.reltuples)")

            let fix = try CLI.run(["fix", log.path, "--db", dsn, "--playbooks", playbooks.path, "--color", "never"])
            #expect(fix.status == 1, "the members problem is confirmed and has no playbook\n\(fix.stdout)\(fix.stderr)")
            // Which of the two column problems has none is said by name, not by the rule's title alone.
            #expect(fix.stdout.contains("Column does not exist: members.due_on: no playbook applies"), "\(fix.stdout)")
            #expect(fix.stdout.contains("""
                hazards:
                  ALTER TABLE public.loans ADD COLUMN due_on date
                    ACQUIRES_ACCESS_EXCLUSIVE_LOCK: ACCESS EXCLUSIVE on public.loans
                  CREATE INDEX loans_due_on_idx ON public.loans (due_on)
                    ACQUIRES_SHARE_LOCK: SHARE on public.loans: writes to it wait until the index is built
                    INDEX_BUILD: index build on public.loans, 500 rows (pg_class.reltuples)
                """), "\(fix.stdout)")
            #expect(fix.stdout.contains("(fixes P") && fix.stdout.components(separatedBy: "== add_loans_due_on").count == 2)
        }
    }
}
