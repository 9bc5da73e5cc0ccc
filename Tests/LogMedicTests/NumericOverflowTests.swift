import Foundation
import Testing
@testable import LogMedic

/// `numeric field overflow` says which numeric type overflowed: every driver and the server print the column's precision
/// and scale in the DETAIL under it (was: `Number out of range for its type`, found by the Django probe). On what
/// PostgreSQL 15 printed in its three layouts (Tests/Corpus/catalog/server/en) and psycopg2 and asyncpg printed for
/// the same insert into a numeric(8,2) column.
@Suite struct NumericOverflowTests {
    static func headlines(_ paths: [String]) -> [String] {
        Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: paths).problems
            .filter { $0.group.ruleID == "numeric_value_out_of_range" }.map(\.headline).sorted()
    }

    @Test(arguments: ["postgresql.log", "postgresql.csv", "postgresql.json"])
    func theServerLogNamesTheNumericType(file: String) {
        let path = repositoryRoot.appendingPathComponent("Tests/Corpus/catalog/server/en/\(file)").path
        #expect(Self.headlines([path]) == ["Number out of range for its type: integer", "Number too large for numeric(8,2): it must round below 10^6"])
    }

    /// A log that kept only the exception's first line is the same failure as the server's record with its DETAIL.
    @Test func aMessageWithoutItsDetailIsFoldedIntoTheOneWithIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("numeric-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = dir.appendingPathComponent("app.log"), server = dir.appendingPathComponent("postgresql.log")
        try """
            2026-12-06 20:24:54,121 ERROR invoices.api asyncpg.exceptions.NumericValueOutOfRangeError: numeric field overflow

            """.write(to: app, atomically: true, encoding: .utf8)
        try """
            2026-12-06 20:24:54.120 UTC [13975] ERROR:  numeric field overflow
            2026-12-06 20:24:54.120 UTC [13975] DETAIL:  A field with precision 8, scale 2 must round to an absolute value less than 10^6.
            2026-12-06 20:24:54.120 UTC [13975] STATEMENT:  INSERT INTO invoices VALUES (1, 1234567.5)

            """.write(to: server, atomically: true, encoding: .utf8)
        #expect(Self.headlines([app.path, server.path]) == ["Number too large for numeric(8,2): it must round below 10^6"])
    }
}
