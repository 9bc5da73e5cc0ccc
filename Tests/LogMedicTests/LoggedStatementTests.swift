import Testing
@testable import LogMedic

/// Statements the server logs because they ran (`log_statement`, `log_min_duration_statement`) are SQL
/// that succeeded, even when they carry an error message as data. Lines as PostgreSQL 15 wrote them
/// with `log_line_prefix = '%m [%p-%l] %q%u@%d %e '`, `log_error_verbosity = verbose` and
/// `log_min_duration_statement = 0`.
@Suite struct LoggedStatementTests {
    static let log = """
        2026-12-04 17:37:04.944 UTC [5068-1] postgres@ledger 42703 ERROR:  42703: column "memo" does not exist at character 12
        2026-12-04 17:37:04.944 UTC [5068-2] postgres@ledger 42703 LOCATION:  errorMissingColumn, parse_relation.c:3665
        2026-12-04 17:37:04.944 UTC [5068-3] postgres@ledger 42703 STATEMENT:  SELECT id, memo FROM postings
        2026-12-04 17:37:04.968 UTC [5070-1] postgres@ledger 00000 LOG:  00000: duration: 0.278 ms  statement: UPDATE jobs SET last_error = 'relation "ghost" does not exist' WHERE id = 7
        2026-12-04 17:37:04.968 UTC [5070-2] postgres@ledger 00000 LOCATION:  exec_simple_query, postgres.c:1314
        2026-12-04 17:37:05.015 UTC [5074-1] postgres@ledger 42P01 ERROR:  42P01: relation "reconciliations" does not exist at character 15
        2026-12-04 17:37:05.015 UTC [5074-3] postgres@ledger 42P01 STATEMENT:  SELECT * FROM reconciliations
        2026-12-04 17:37:06.001 UTC [5080-1] postgres@ledger LOG:  statement: INSERT INTO job_errors (message) VALUES ('deadlock detected')
        2026-12-04 17:37:06.002 UTC [5080-2] postgres@ledger LOG:  execute <unnamed>: INSERT INTO job_errors (message) VALUES ('canceling statement due to lock timeout')

        """

    @Test func loggedStatementsAreNoFailures() {
        let findings = scan(Self.log).findings
        #expect(findings.map(\.ruleID) == ["undefined_column", "undefined_table"])
        #expect(findings.last?.capture("relation") == "reconciliations")
    }

    @Test func whatCountsAsALoggedStatement() {
        func logged(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { Scanner.isLoggedStatement($0) } }
        #expect(logged("LOG:  duration: 12.5 ms  statement: SELECT 1"))
        #expect(logged("LOG:  00000: statement: SELECT 1"))
        #expect(logged("LOG:  execute S_1: SELECT 1"))
        #expect(!logged("LOG:  checkpoints are occurring too frequently (9 seconds apart)"))
        #expect(!logged("ERROR:  relation \"x\" does not exist\nSTATEMENT:  SELECT * FROM x"))
        #expect(!logged("LOG:  temporary file: path \"base/pgsql_tmp/pgsql_tmp123.0\", size 1024\nSTATEMENT:  SELECT 1"))
    }
}
