import Foundation
import Testing
@testable import LogMedic

/// The server names a column's type without its modifier (`numeric`, not `numeric(8,2)`): the check compares
/// types so, or a numeric(8,2) column that still rejects the value would read as changed since.
@Suite struct ColumnTypeCheckTests {
    static func diagnose(liveType: String) throws -> Correlation {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("postgresql.log")
            try """
                2026-12-05 02:53:24.383 UTC [29418] app@shop ERROR:  invalid input syntax for type numeric: "12,50"
                2026-12-05 02:53:24.383 UTC [29418] app@shop CONTEXT:  unnamed portal parameter $2 = '...'
                2026-12-05 02:53:24.383 UTC [29418] app@shop STATEMENT:  UPDATE "loans" SET "borrower" = $1, "deposit" = $2 WHERE "id" = $3

                """.write(to: log, atomically: true, encoding: .utf8)
            let loans = Relation(schema: "public", name: "loans", kind: .table,
                                 columns: [ReportFixture.id, Column(name: "borrower", type: "text", isNullable: false),
                                           Column(name: "deposit", type: liveType, isNullable: false)], primaryKey: ["id"])
            let diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(extra: [loans]), paths: [log.path])
            return try #require(diagnosis.problems.first { $0.group.ruleID == "invalid_input_syntax" }).correlation
        }
    }

    @Test func theTypeIsComparedWithoutItsModifier() throws {
        let confirmed = try Self.diagnose(liveType: "numeric(8,2)")
        #expect(confirmed.status == .confirmed && confirmed.facts["column"] == "deposit", "\(confirmed.summary)")
        #expect(try Self.diagnose(liveType: "text").status == .resolved)
    }
}
