import Foundation
import Testing
@testable import LogMedic

/// The advice for a duplicate key names the key the server logged, whatever it is: a pair of ids as well as an
/// email (was: "an email already registered" for every key; found by a Node probe on `(book_id, member_id)`).
@Suite struct UniqueViolationAdviceTests {
    @Test(arguments: [("book_id, member_id", "(3, 7)"), ("email", "(ann@example.com)")])
    func theAdviceNamesTheLoggedKey(key: String, values: String) throws {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try """
                psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "reservations_key"
                DETAIL:  Key (\(key))=\(values) already exists.

                """.write(to: log, atomically: true, encoding: .utf8)
            let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: [log.path])
            let problem = try #require(diagnosis.problems.first { $0.group.ruleID == "unique_violation" })
            #expect(problem.recommendation.fix.contains { $0.hasPrefix("If the key comes from the request (the same \(key) sent twice") },
                    "\(problem.recommendation.fix)")
        }
    }
}
