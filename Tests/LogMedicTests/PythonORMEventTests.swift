import Foundation
import Testing
@testable import LogMedic

/// The logs of real apps on Peewee (Flask), Tortoise ORM and Piccolo (uvicorn), pg8000 and psycopg_pool (a worker)
/// in fixtures/stacks/python-orms: each failure is one event, from the record that logs it to the last line of its
/// (chained) traceback, neither split per traceback nor joined to the access line or record after it.
@Suite struct PythonORMEventTests {
    static let fixture = repositoryRoot.appendingPathComponent("fixtures/stacks/python-orms")
    static let failures = ["undefined_table", "undefined_column", "unique_violation", "foreign_key_violation", "not_null_violation",
                           "check_violation", "invalid_input_syntax", "string_data_right_truncation", "statement_timeout"]

    @Test(arguments: [
        ("peewee-flask.log", "ERROR in app: Exception on /", failures + ["db_pool_exhausted", "db_connection_refused", "peewee_does_not_exist"]),
        ("tortoise-uvicorn.log", "ERROR:    Exception in ASGI application", failures + ["db_pool_exhausted", "db_connection_refused", "tortoise_does_not_exist"]),
        // Piccolo warns at import that its engine cannot reach port 1: that line is a finding of its own.
        ("piccolo-uvicorn.log", "ERROR:    Exception in ASGI application", ["db_connection_refused"] + failures + ["db_pool_exhausted", "db_connection_refused"]),
        ("worker.log", "ERROR [worker.jobs] job ", failures + ["db_connection_refused", "db_pool_exhausted"]),
        ("aerich.log", "Traceback (most recent call last):", ["duplicate_column", "invalid_input_syntax"]),
    ])
    func everyFailureIsOneEventFromItsRecordToItsLastException(log: String, head: String, rules: [String]) throws {
        let text = try String(contentsOf: Self.fixture.appendingPathComponent(log), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let findings = scan(bytes: Array(text.utf8)).findings
        #expect(findings.map(\.ruleID) == rules)
        for finding in findings where !lines[finding.event.firstLine - 1].contains("Warning: ") {
            let event = finding.event
            #expect(lines[event.firstLine - 1].contains(head), "\(log):\(event.firstLine): \(lines[event.firstLine - 1])")
            // The last line is the outermost exception's (`module.Class: message`, or a continuation of its message).
            let next = event.lastLine < lines.count ? lines[event.lastLine] : ""
            #expect(!next.hasPrefix(" ") && !next.hasPrefix("Traceback") && !next.hasPrefix("The above") && !next.hasPrefix("During handling"),
                    "\(log):\(event.lastLine + 1) after the event: \(next)")
        }
    }
}
