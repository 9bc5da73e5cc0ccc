import Foundation
import Testing
@testable import LogMedic

/// A Python exception raised while handling another prints two tracebacks in one record ("During handling of the
/// above exception, another exception occurred:"); each failure's code location is the app's line in its own
/// traceback. fixtures/trial-podcasts: a Celery task's query hits its statement timeout at tasks.py:64, then its
/// `finally: conn.execute("RESET statement_timeout")` fails at tasks.py:68 in the aborted transaction.
@Suite struct ChainedTracebackLocationTests {
    static func location(of rule: String) throws -> String? {
        let log = repositoryRoot.appendingPathComponent("fixtures/trial-podcasts/logs/stderr/worker.log")
        let finding = try #require(scan(bytes: try Array(Data(contentsOf: log))).findings.first { $0.ruleID == rule })
        return finding.frames.last { !$0.isLibrary }.map { "\(($0.file as NSString).lastPathComponent):\($0.line) in \($0.function ?? "")" }
    }

    /// Was: both at tasks.py:68, the line of the second exception.
    @Test func eachExceptionOfTheChainIsLocatedInItsOwnTraceback() throws {
        #expect(try Self.location(of: "statement_timeout") == "tasks.py:64 in loudness_report")
        #expect(try Self.location(of: "in_failed_transaction") == "tasks.py:68 in loudness_report")
    }

    /// SQLAlchemy's chain has library frames only in the driver's traceback: its location stays the app's
    /// line in the traceback that reaches the app.
    @Test func aTracebackWithoutAppFramesKeepsTheWholeChainsLocation() {
        let text = """
            Traceback (most recent call last):
              File "/usr/lib/python3/site-packages/sqlalchemy/engine/default.py", line 941, in do_execute
                cursor.execute(statement, parameters)
            psycopg2.errors.UndefinedTable: relation "renditions" does not exist

            The above exception was the direct cause of the following exception:

            Traceback (most recent call last):
              File "/app/worker.py", line 12, in store
                session.execute(insert)
              File "/usr/lib/python3/site-packages/sqlalchemy/engine/base.py", line 1967, in _exec_single_context
                self.dialect.do_execute(
            sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation "renditions" does not exist

            """
        let finding = scan(text).findings.first { $0.ruleID == "undefined_table" }
        #expect(finding?.frames.last { !$0.isLibrary }?.line == 12)
    }
}
