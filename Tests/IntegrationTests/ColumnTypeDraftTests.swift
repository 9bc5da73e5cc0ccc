import Foundation
import Testing
@testable import LogMedic

extension GrantsCorpusSuites {
    /// The lending service of Tests/Corpus/grants once its GRANTs ran (deposit-*.log, captured by its capture.sh): the
    /// migration that makes `loans.deposit` numeric(8,2) never ran, so psycopg 3's "12.50" fails with `invalid input
    /// syntax for type integer` (the server's `CONTEXT: … parameter $3` and `STATEMENT: INSERT INTO loans (…, deposit)
    /// VALUES (…, $3)` name the column). The check confirms the live type, and `fix --draft` changes it to the
    /// reference's type, warning of the rewrite; the revert refuses while a value would not convert back (was: not
    /// applicable, nothing drafted). Its `UPDATE loans SET returned = $1` with True fails with `column "returned" is of
    /// type integer but expression is of type boolean`, drafted the same way.
    @Suite("fix --draft: a column type a migration changes", .enabled(if: TestDatabase.isAvailable))
    struct ColumnTypeDraftTests {
        static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpus/grants")
        static let logs = ["deposit-app.log", "deposit-server.log"].map { corpus.appendingPathComponent($0).path }

        static func verdicts(on db: PostgresConnection) throws -> [String: String] {
            let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()), snapshot: try SchemaInspector(connection: db).snapshot(),
                                      database: LiveDatabase(connection: db)).diagnose(paths: logs)
            return Dictionary(diagnosis.problems.map { ($0.group.ruleID, "\($0.correlation.status): \($0.correlation.summaryHere)") }, uniquingKeysWith: { a, _ in a })
        }

        @Test func theColumnIsRetypedAsTheReferenceDeclaresItAndTheRevertRefusesWhatWouldNotConvertBack() throws {
            try withTestDatabase { db in
                try db.execute(try String(contentsOf: Self.corpus.appendingPathComponent("migrations/001_tools.sql"), encoding: .utf8))
                try db.execute("INSERT INTO tools (name) VALUES ('drill')")
                #expect(try Self.verdicts(on: db)["invalid_input_syntax"]?.hasPrefix("confirmed: public.loans.deposit is integer") == true)
                #expect(try Self.verdicts(on: db)["datatype_mismatch"]?.hasPrefix("confirmed: public.loans.returned is integer") == true)
                try Drafting.draft(logs: Self.logs, referenceSQL: [Self.corpus.appendingPathComponent("migrations").path], target: db, queried: true) { outcome in
                    let playbooks = Dictionary(outcome.entries.compactMap(Drafting.playbook).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                    let deposit = try #require(playbooks["retype_loans_deposit"], "\(outcome.entries.map(\.draft))")
                    #expect(deposit.statements == ["ALTER TABLE public.loans ALTER COLUMN deposit DROP DEFAULT, ALTER COLUMN deposit TYPE numeric(8,2) USING deposit::numeric(8,2), ALTER COLUMN deposit SET DEFAULT 0"])
                    #expect(deposit.hazards.joined().map(\.kind) == [.accessExclusiveLock, .tableRewrite])
                    // A default the server cannot cast to boolean is dropped first and set as the reference declares it.
                    #expect(playbooks["retype_loans_returned"]?.statements == ["ALTER TABLE public.loans ALTER COLUMN returned DROP DEFAULT, ALTER COLUMN returned TYPE boolean USING returned::boolean, ALTER COLUMN returned SET DEFAULT false"])
                    #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied, .applied])
                    try db.execute("INSERT INTO loans (tool_id, borrower, deposit) VALUES (1, 'ana', '12.50')")
                    try db.execute("UPDATE loans SET returned = true")
                    #expect(try Self.verdicts(on: db) == [
                        "invalid_input_syntax": "resolved: public.loans.deposit is numeric(8,2) now, no longer integer: its type was changed since the failures.",
                        "datatype_mismatch": "resolved: public.loans.returned is boolean now, no longer integer: its type was changed since the failures.",
                    ])
                    let refused = #expect(throws: (any Error).self) { try Drafting.run(deposit.id, .revert, in: outcome, on: db) }
                    #expect("\(refused.map { "\($0)" } ?? "")".contains("would not convert back to integer unchanged"))
                    try db.execute("UPDATE loans SET deposit = 13")
                    #expect(try Drafting.run(deposit.id, .revert, in: outcome, on: db).outcome == .reverted)
                    #expect(try Drafting.run("retype_loans_returned", .revert, in: outcome, on: db).outcome == .reverted)
                    #expect(try db.query("""
                        SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || ' ' || pg_get_expr(adbin, adrelid), ', ' ORDER BY attnum)
                        FROM pg_attribute JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum WHERE attrelid = 'loans'::regclass AND attname IN ('deposit', 'returned')
                        """)[0, 0] == "deposit integer 0, returned integer 0")
                }
            }
        }
    }
}
