import Foundation
import Testing
@testable import LogMedic

/// The lending service of Tests/Corpus/grants once its GRANTs ran (deposit-*.log, captured by its capture.sh): the
/// migration that makes `loans.deposit` numeric(8,2) never ran, so psycopg 3's "12.50" fails with `invalid input
/// syntax for type integer` (the server's `CONTEXT: … parameter $3` and `STATEMENT: INSERT INTO loans (…, deposit)
/// VALUES (…, $3)` name the column). The check confirms the live type, and `fix --draft` changes it to the
/// reference's type, warning of the rewrite; the revert refuses while a value would not convert back (was: not
/// applicable, nothing drafted).
@Suite("fix --draft: a column type a migration changes", .enabled(if: TestDatabase.isAvailable))
struct ColumnTypeDraftTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpus/grants")
    static let logs = ["deposit-app.log", "deposit-server.log"].map { corpus.appendingPathComponent($0).path }

    static func verdict(on db: PostgresConnection) throws -> String? {
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()), snapshot: try SchemaInspector(connection: db).snapshot(),
                                  database: LiveDatabase(connection: db)).diagnose(paths: logs)
        return diagnosis.problems.first { $0.group.ruleID == "invalid_input_syntax" }.map { "\($0.correlation.status): \($0.correlation.summary)" }
    }

    @Test func theColumnIsRetypedAsTheReferenceDeclaresItAndTheRevertRefusesWhatWouldNotConvertBack() throws {
        try withTestDatabase { db in
            try db.execute(try String(contentsOf: Self.corpus.appendingPathComponent("migrations/001_tools.sql"), encoding: .utf8))
            try db.execute("INSERT INTO tools (name) VALUES ('drill')")
            #expect(try Self.verdict(on: db)?.hasPrefix("confirmed: public.loans.deposit is integer") == true)
            try Drafting.draft(logs: Self.logs, referenceSQL: [Self.corpus.appendingPathComponent("migrations").path], target: db, queried: true) { outcome in
                let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
                #expect(playbook.statements == ["ALTER TABLE public.loans ALTER COLUMN deposit TYPE numeric(8,2) USING deposit::numeric(8,2)"])
                #expect(playbook.hazards.joined().map(\.kind) == [.accessExclusiveLock, .tableRewrite])
                #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
                try db.execute("INSERT INTO loans (tool_id, borrower, deposit) VALUES (1, 'ana', '12.50')")
                #expect(try Self.verdict(on: db) == "resolved: public.loans.deposit is numeric(8,2) now, no longer integer: its type was changed since the failures.")
                let refused = #expect(throws: (any Error).self) { try Drafting.run(playbook.id, .revert, in: outcome, on: db) }
                #expect("\(refused.map { "\($0)" } ?? "")".contains("would not convert back to integer unchanged"))
                try db.execute("UPDATE loans SET deposit = 13")
                #expect(try Drafting.run(playbook.id, .revert, in: outcome, on: db).outcome == .reverted)
                #expect(try db.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'loans'::regclass AND attname = 'deposit'")[0, 0] == "integer")
            }
        }
    }
}
