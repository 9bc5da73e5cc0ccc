import Foundation
import Testing
@testable import LogMedic

/// A problem, its verdict and its playbook refer to exactly the relation the log named (issue 12 item 5,
/// with the probe's inputs): no case folding of a printed name, the logged schema, pg_temp not actionable.
@Suite struct RelationIdentityTests {
    static func diagnose(_ line: String) throws -> Diagnosis.Problem {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try ("psycopg2.errors.UndefinedTable: " + line + "\n").write(to: log, atomically: true, encoding: .utf8)
            let diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(extra: [ReportFixture.table("user_invitations", [ReportFixture.id])]),
                                                   paths: [log.path])
            return try #require(diagnosis.problems.first)
        }
    }

    @Test(arguments: [
        (#"relation "user_invitations" does not exist"#, Correlation.Status.resolved),
        (#"relation "public.user_invitations" does not exist"#, .resolved),
        (#"relation "evilschema.user_invitations" does not exist"#, .confirmed),
        (#"relation "USER_INVITATIONS" does not exist"#, .confirmed),
        (#"relation "User_Invitations" does not exist"#, .confirmed),
        (#"relation "pg_temp.user_invitations" does not exist"#, .inconclusive),
    ])
    func theVerdictIsAboutTheLoggedName(line: String, status: Correlation.Status) throws {
        let problem = try Self.diagnose(line)
        #expect(problem.correlation.status == status, "\(problem.correlation.summary)")
    }

    /// `relation "a.b.c"` is how the server prints `a."b.c"`, `"a.b".c` and `"a.b.c"` alike: when the
    /// readings disagree about what exists, the verdict is not a guess.
    @Test(arguments: [
        (#"relation "sales.eu.orders" does not exist"#, Correlation.Status.inconclusive, #""sales.eu".orders exists"#),
        (#"relation "sales.eu.invoices" does not exist"#, .confirmed, "does not exist in database"),
        (#"relation "audit.2026" does not exist"#, .inconclusive, #""audit.2026" (on the search_path) exists"#),
        (#"relation "public.user_invitations" does not exist"#, .resolved, "exists now"),
        (#"relation "sales.eu" does not exist"#, .resolved, "sales.eu exists now"),
        (#"relation "sales.eu.refunds" does not exist"#, .inconclusive, #"sales."eu.refunds" exists (table); "sales.eu.refunds" (on the search_path) does not exist; "sales.eu".refunds does not exist"#),
    ])
    func aDottedNameThatReadsSeveralWaysIsNotGuessed(line: String, status: Correlation.Status, says: String) throws {
        let problem = try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try ("psycopg2.errors.UndefinedTable: " + line + "\n").write(to: log, atomically: true, encoding: .utf8)
            let extra = [ReportFixture.table("user_invitations", [ReportFixture.id]),
                         Relation(schema: "sales.eu", name: "orders", kind: .table, columns: [ReportFixture.id]),
                         Relation(schema: "sales", name: "eu", kind: .table, columns: [ReportFixture.id]),
                         Relation(schema: "sales", name: "eu.refunds", kind: .table, columns: [ReportFixture.id]),
                         Relation(schema: "public", name: "audit.2026", kind: .table, columns: [ReportFixture.id])]
            let diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(extra: extra), paths: [log.path])
            return try #require(diagnosis.problems.first)
        }
        #expect(problem.correlation.status == status, "\(problem.correlation.summary)")
        #expect(problem.correlation.summary.contains(says), "\(problem.correlation.summary)")
        if status == .inconclusive { #expect(problem.recommendation.playbooks.isEmpty) }
    }

    /// A temporary table is the application's own session state: the advice says so, and never to create
    /// it with a migration or to drop it.
    @Test func aTemporaryTableIsAdvisedAsSessionStateNotAMigration() throws {
        let problem = try Self.diagnose(#"relation "pg_temp.import_rows" does not exist"#)
        #expect(problem.correlation.status == .inconclusive)
        #expect(problem.correlation.facts["temporary"] == "pg_temp")
        let advice = problem.recommendation
        #expect(advice.rootCause.contains("pg_temp.import_rows is a temporary table"), "\(advice.rootCause)")
        #expect(!advice.fix.joined().contains("migration that defines it"), "\(advice.fix)")
        #expect(advice.fix.first?.contains("Do not create pg_temp.import_rows") == true, "\(advice.fix)")
        #expect(!advice.rollback.contains("DROP"), "\(advice.rollback)")
        #expect(advice.playbooks.isEmpty)
        let ordinary = try Self.diagnose(#"relation "import_rows" does not exist"#)
        #expect(ordinary.recommendation.fix.first?.contains("migration that defines it") == true)
    }

    /// Against the day's schema (no invitation tables): only the name the incident's playbook creates,
    /// as the log names it, gets that playbook.
    @Test(arguments: [
        (#"relation "user_invitations" does not exist"#, ["create_missing_tables"]),
        (#"relation "evilschema.user_invitations" does not exist"#, []),
        (#"relation "USER_INVITATIONS" does not exist"#, []),
        (#"relation "User_Invitations" does not exist"#, []),
        (#"relation "pg_temp.user_invitations" does not exist"#, []),
    ])
    func onlyTheExactRelationGetsThePlaybook(line: String, playbooks: [String]) throws {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try ("psycopg2.errors.UndefinedTable: " + line + "\n").write(to: log, atomically: true, encoding: .utf8)
            let diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(), paths: [log.path])
            let problem = try #require(diagnosis.problems.first)
            #expect(problem.recommendation.playbooks == playbooks, "\(problem.correlation.summary)")
            let plan = FixPlanner.plan(diagnosis, selector: PlaybookSelector(library: ReportFixture.playbooks))
            #expect(plan.sql.map(\.playbook.id) == playbooks)
        }
    }
}

/// A missing column is checked on the relation the message printed, not on one whose name differs in
/// case, nor on a guessed schema when several have the name and none is on the search path.
@Suite struct ColumnRelationIdentityTests {
    @Test(arguments: [
        (#"column "amount" of relation "invoices" does not exist"#, Correlation.Status.confirmed, "public.invoices has no column amount"),
        (#"column "amount" of relation "Invoices" does not exist"#, .inconclusive, "public.invoices is another one"),
        (#"column "note" of relation "orders" does not exist"#, .inconclusive, "orders exists in schemas tenant_a, tenant_b"),
        (#"column "note" of relation "ledger" does not exist"#, .resolved, "books.ledger.note exists now"),
    ])
    func theColumnIsLookedForOnThePrintedRelation(line: String, status: Correlation.Status, says: String) throws {
        let problem = try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try ("psycopg.errors.UndefinedColumn: " + line + "\n").write(to: log, atomically: true, encoding: .utf8)
            let total = Column(name: "total", type: "integer")
            let extra = [ReportFixture.table("invoices", [ReportFixture.id, total]),
                         Relation(schema: "tenant_a", name: "orders", kind: .table, columns: [ReportFixture.id]),
                         Relation(schema: "tenant_b", name: "orders", kind: .table, columns: [ReportFixture.id, Column(name: "note", type: "text")]),
                         Relation(schema: "books", name: "ledger", kind: .table, columns: [ReportFixture.id, Column(name: "note", type: "text")])]
            return try #require(ReportFixture.diagnose(ReportFixture.snapshot(extra: extra), paths: [log.path]).problems.first)
        }
        #expect(problem.correlation.status == status, "\(problem.correlation.summary)")
        #expect(problem.correlation.summary.contains(says), "\(problem.correlation.summary)")
    }
}

/// A column playbook names its column: it is not offered for another missing column of the same rule.
@Suite struct ColumnSelectionTests {
    @Test func onlyTheNamedColumnGetsTheColumnPlaybook() throws {
        try withTemporaryDirectory { dir in
            let folder = dir.appendingPathComponent("playbooks/add_weight")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in [("playbook.yaml", "id: add_weight\ntitle: t\nfixes: {rules: [undefined_column], columns: [public.products.weight]}\npreconditions: {absent_columns: [public.products.weight]}\n"),
                                 ("deploy.sql", "ALTER TABLE public.products ADD COLUMN weight int"), ("verify.sql", "SELECT true"), ("revert.sql", "SELECT 1")] {
                try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            let library = try PlaybookLibrary(directory: dir.appendingPathComponent("playbooks").path)
            _ = try library.approve(id: "add_weight")
            let log = dir.appendingPathComponent("app.log")
            try """
                psycopg.errors.UndefinedColumn: column "weight" of relation "products" does not exist
                psycopg.errors.UndefinedColumn: column "email" of relation "products" does not exist
                2026-12-03 09:00:00.000 UTC [7] ERROR:  column "weight" does not exist at character 8
                2026-12-03 09:00:01.000 UTC [7] ERROR:  column "email" does not exist at character 8

                """.write(to: log, atomically: true, encoding: .utf8)
            let snapshot = SchemaSnapshot(database: "shop", serverVersion: "15", searchPath: ["public"], takenAt: "",
                                          relations: [Relation(schema: "public", name: "products", kind: .table, columns: [Column(name: "id", type: "integer")])])
            let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: snapshot,
                                      selector: PlaybookSelector(library: library)).diagnose(paths: [log.path])
            // Keyed by column and by whether the log named the table.
            let byColumn = Dictionary(uniqueKeysWithValues: diagnosis.problems.map {
                ("\($0.group.capture("table") ?? "?").\($0.group.capture("column") ?? "")", $0.recommendation.playbooks)
            })
            #expect(byColumn["products.weight"] == ["add_weight"])
            #expect(byColumn["products.email"] == [])
            // No table named and none has the column: the column playbook's entry decides.
            #expect(byColumn["?.weight"] == ["add_weight"], "\(byColumn)")
            #expect(byColumn["?.email"] == [])
        }
    }
}

/// SQL shown in advice quotes the names it takes from logs, so a pasted statement means what it says.
@Suite struct AdviceSQLQuotingTests {
    @Test(arguments: [
        (#"FATAL:  role "Mixed Case" does not exist"#, #"CREATE ROLE "Mixed Case" LOGIN PASSWORD"#),
        (#"FATAL:  role "x; DROP TABLE users; --" does not exist"#, #"CREATE ROLE "x; DROP TABLE users; --" LOGIN PASSWORD"#),
        (#"FATAL:  role "app" does not exist"#, "CREATE ROLE app LOGIN PASSWORD"),
        (#"psycopg2.errors.DuplicateSchema: schema "Reporting" already exists"#, #"CREATE SCHEMA IF NOT EXISTS "Reporting"."#),
    ])
    func aNameFromTheLogIsQuotedInAdviceSQL(line: String, shows: String) throws {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try (line + "\n").write(to: log, atomically: true, encoding: .utf8)
            let problem = try #require(ReportFixture.diagnose(nil, source: nil, paths: [log.path]).problems.first)
            #expect(problem.recommendation.fix.contains { $0.contains(shows) }, "\(problem.recommendation.fix)")
        }
    }
}
