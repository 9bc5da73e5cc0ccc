import Foundation
import Testing
@testable import LogMedic

/// `column "x" does not exist` and `column a.x does not exist` checked against the tables the logged
/// statement reads (server `STATEMENT:` lines as PostgreSQL 15 writes them with log_min_error_statement).
@Suite struct StatementRelationsTests {
    static let snapshot = SchemaSnapshot(
        database: "books", serverVersion: "15", searchPath: ["ledger", "public"], takenAt: "",
        relations: [
            Relation(schema: "ledger", name: "postings", kind: .table,
                     columns: [Column(name: "id", type: "bigint"), Column(name: "amount_cents", type: "bigint")]),
            Relation(schema: "ledger", name: "journal_entries", kind: .table,
                     columns: [Column(name: "id", type: "integer"), Column(name: "memo", type: "text")]),
            Relation(schema: "ledger", name: "accounts", kind: .table,
                     columns: [Column(name: "id", type: "bigint"), Column(name: "balance", type: "bigint")]),
        ])

    func correlation(_ log: String) throws -> Correlation {
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("postgresql.log")
            try log.write(to: file, atomically: true, encoding: .utf8)
            let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: Self.snapshot).diagnose(paths: [file.path])
            return try #require(diagnosis.problems.first { $0.group.ruleID == "undefined_column" }).correlation
        }
    }

    /// Another table having the column does not make the query that read postings work.
    @Test func unqualifiedColumnIsCheckedOnTheTableTheStatementReads() throws {
        let c = try correlation("""
            2026-12-04 17:25:24 UTC [19305]: [1-1] user=app,db=books ERROR:  column "memo" does not exist at character 26
            2026-12-04 17:25:24 UTC [19305]: [2-1] user=app,db=books STATEMENT:  SELECT id, amount_cents, memo FROM postings WHERE entry_id = 3

            """)
        #expect(c.status == .confirmed)
        #expect(c.summary.hasPrefix("ledger.postings has no column memo."), "\(c.summary)")
        #expect(c.table == "ledger.postings")
    }

    @Test func aliasIsResolvedFromTheStatement() throws {
        let c = try correlation("""
            2026-12-04 17:30:17 UTC:[local]:app@books:[26680]:ERROR:  column a.balance_cents does not exist at character 8
            2026-12-04 17:30:17 UTC:[local]:app@books:[26680]:STATEMENT:  SELECT a.balance_cents FROM accounts a WHERE a.id = 1

            """)
        #expect(c.status == .confirmed)
        #expect(c.summary == "ledger.accounts has no column balance_cents.", "\(c.summary)")
    }

    @Test func joinWhereNoTableHasTheColumn() throws {
        let c = try correlation("""
            2026-12-04 17:30:17 UTC [7]: ERROR:  column "memo" does not exist at character 8
            2026-12-04 17:30:17 UTC [7]: STATEMENT:  SELECT memo FROM ledger.postings AS p JOIN accounts ON accounts.id = p.id

            """)
        #expect(c.status == .confirmed)
        #expect(c.summary == "None of the tables the statement reads (ledger.postings, ledger.accounts) has a column memo.")
    }

    /// Peewee aliases every table (`"t1"`) and the server cuts `LINE 1:` before the FROM: the alias cannot be
    /// resolved, but no relation having the column settles it (was: inconclusive). One that has it still does not.
    @Test func anUnresolvedAliasIsConfirmedWhenNoRelationHasTheColumn() throws {
        let c = try correlation("""
            psycopg2.errors.UndefinedColumn: column t1.loyalty_tier does not exist
            LINE 1: SELECT "t1"."id", "t1"."email", "t1"."loyalty_tier" FROM "cu...

            """)
        #expect(c.status == .confirmed)
        #expect(c.summary == "No relation in books has a column named loyalty_tier, whichever table t1 names.", "\(c.summary)")
        let other = try correlation("psycopg2.errors.UndefinedColumn: column t1.memo does not exist\n")
        #expect(other.status == .inconclusive && other.summary == "t1 is not a relation in books (it may be a query alias).", "\(other.summary)")
    }

    @Test func withoutAStatementAnyTableWithTheColumnStillCounts() throws {
        let c = try correlation("2026-12-04 17:30:17 UTC [7]: ERROR:  column \"memo\" does not exist at character 8\n")
        #expect(c.status == .resolved)
    }

    @Test func references() {
        #expect(StatementRelations.references(in: "SELECT * FROM ledger.postings AS p, accounts a JOIN \"Odd\" o ON o.id = a.id WHERE 1")
                == [.init(name: "ledger.postings", alias: "p"), .init(name: "accounts", alias: "a"), .init(name: "Odd", alias: "o")])
        #expect(StatementRelations.references(in: "UPDATE accounts SET name = 'x'; INSERT INTO postings (id) VALUES (1)")
                == [.init(name: "accounts", alias: nil), .init(name: "postings", alias: nil)])
        // A driver's excerpt cuts names off: `reconcilia...` is not a table.
        #expect(StatementRelations.references(in: "LINE 1: ...CT id, statement_date FROM reconcilia...") == [])
    }
}

/// A problem's headline names what identifies it, not what one occurrence happened to have.
@Suite struct HeadlineTests {
    @Test func deadlocksAreNotNamedByTheFirstOneProcessIDs() throws {
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("postgresql.log")
            try """
                2026-12-04 17:25:25 UTC [19328]: [1-1] user=app,db=books ERROR:  deadlock detected
                2026-12-04 17:25:25 UTC [19328]: [2-1] user=app,db=books DETAIL:  Process 19328 waits for ShareLock on transaction 743; blocked by process 19330.
                2026-12-04 17:26:25 UTC [19400]: [1-1] user=app,db=books ERROR:  deadlock detected
                2026-12-04 17:26:25 UTC [19400]: [2-1] user=app,db=books DETAIL:  Process 19400 waits for ShareLock on transaction 801; blocked by process 19401.

                """.write(to: file, atomically: true, encoding: .utf8)
            let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: [file.path])
            let problem = try #require(diagnosis.problems.first)
            #expect(diagnosis.problems.count == 1 && problem.group.count == 2)
            #expect(problem.headline == "Transaction deadlock detected: ShareLock")
            let text = TextReporter(style: TerminalStyle(enabled: false)).render(diagnosis)
            #expect(!text.contains("19328") && !text.contains("transaction 743"), "\(text)")
        }
    }

    @Test func identifyingValuesWithDigitsStay() throws {
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil)
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("postgresql.log")
            try "2026-12-04 17:30:17 UTC [7]: ERROR:  value too long for type character varying(32)\n".write(to: file, atomically: true, encoding: .utf8)
            #expect(diagnosis.diagnose(paths: [file.path]).problems.first?.headline == "Value too long for column: character varying(32)")
        }
    }
}

extension HeadlineTests {
    /// `null value in column "name" of relation "accounts"` captures the column before the table.
    @Test func aPairCapturedInEitherOrderIsWrittenOnce() throws {
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("postgresql.log")
            try "2026-12-04 17:25:24 UTC [9]: ERROR:  null value in column \"name\" of relation \"accounts\" violates not-null constraint\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: [file.path])
            #expect(diagnosis.problems.first?.headline == "NOT NULL constraint violated: accounts.name")
        }
    }
}
