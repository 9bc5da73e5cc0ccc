import Foundation
import Testing
@testable import LogMedic

/// A statement timeout that was a lock wait (Tests/Corpus/lock-wait-timeout: two psycopg2 sessions, PostgreSQL 15 with
/// log_lock_waits): the server named the row the UPDATE waited for, and the SELECT's session had logged its wait on
/// a table lock first. Each timeout is the lock wait's effect, with the lock advice (was: two unrelated problems,
/// and index/EXPLAIN advice beside a line conditional on what the server had said; found by the Node probe).
@Suite struct LockWaitTimeoutCorpusTests {
    static let corpus = repositoryRoot.appendingPathComponent("Tests/Corpus/lock-wait-timeout")
    static let logs = ["server.log", "app.log"].map { corpus.appendingPathComponent($0).path }

    static func diagnosis(_ paths: [String]) -> Diagnosis {
        Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: paths)
    }

    static func text(_ paths: [String]) -> String {
        TextReporter(style: TerminalStyle(enabled: false)).render(diagnosis(paths))
    }

    /// The problem's block in the text report, from its headline to the blank line after it.
    static func block(_ text: String, _ headline: String) -> String {
        text.components(separatedBy: "\n\n").first { $0.contains(headline) } ?? "no problem \(headline) in:\n\(text)"
    }

    @Test func eachTimeoutIsCausedByTheLockWaitItsSessionLogged() {
        let text = Self.text(Self.logs)
        let row = Self.block(text, "HIGH P1  Lock wait cancelled by statement_timeout on books\n")
        #expect(row.contains("caused by: P3"), "\(row)")
        #expect(row.contains("Find what pid 21884 runs in `pg_stat_activity`"))
        #expect(!row.contains("EXPLAIN"))
        #expect(!row.contains("If the server names a row"))
        #expect(Self.block(text, "MEDIUM P3  Session waiting on a lock (log_lock_waits): ShareLock").contains("Find the holder (pid 21884)"))

        // A table lock: the server's timeout names no row; the session's wait before it (held by 21901) says it all.
        let table = Self.block(text, "HIGH P2  Lock wait cancelled by statement_timeout on a locked row or table\n")
        #expect(table.contains("caused by: P4"), "\(table)")
        #expect(table.contains("Find what pid 21901 runs"))
        #expect(!table.contains("EXPLAIN"))
        #expect(Self.block(text, "MEDIUM P4  Session waiting on a lock (log_lock_waits): AccessShareLock").contains("Find the holder (pid 21901)"))
    }

    @Test func theJSONReportNamesTheHolderAndTheCause() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONReporter().render(Self.diagnosis(Self.logs)).utf8)) as? [String: Any])
        let problems = try #require(json["problems"] as? [[String: Any]])
        let timeouts = problems.filter { ($0["group"] as? [String: Any])?["rule_id"] as? String == "statement_timeout" }
        #expect(timeouts.count == 2)
        for timeout in timeouts {
            let cause = try #require((timeout["caused_by"] as? [String])?.first)
            let wait = try #require(problems.first { $0["id"] as? String == cause })
            #expect((wait["group"] as? [String: Any])?["rule_id"] as? String == "lock_wait")
            let rootCause = try #require((timeout["recommendation"] as? [String: Any])?["root_cause"] as? String)
            #expect(rootCause.contains("was waiting for a lock: its session logged the wait first"))
            #expect(rootCause.contains("held by pid 21884") || rootCause.contains("held by pid 21901"))
        }
    }

    /// The app's log alone has no pid, but psycopg2 prints the server's CONTEXT: the row is named, so the advice is the
    /// lock's all the same.
    @Test func theRowTheServerNamesIsEnoughWithoutTheServerLog() {
        let text = Self.text([Self.logs[1]])
        let row = Self.block(text, "Lock wait cancelled by statement_timeout on books\n")
        #expect(row.contains("Find the transaction that holds rows of books"), "\(row)")
        #expect(!row.contains("EXPLAIN"))
        // Nothing says the other one waited: the index advice stays.
        #expect(Self.block(text, "Query cancelled by statement_timeout\n").contains("EXPLAIN (ANALYZE, BUFFERS)"))
    }
}
