import Foundation
import Testing
@testable import LogMedic

/// `null value in column … violates not-null constraint` checked against the live column: still NOT
/// NULL (with or without a default the write bypassed), or accepting NULL since.
@Suite(.enabled(if: TestDatabase.isAvailable, "needs DATABASE_URL (run through scripts/test)"))
struct NotNullColumnCheckTests {
    /// The server's own error for `sql`, as its log shows it (PostgreSQL before 13 named no relation:
    /// `withoutRelation` cuts it, and the STATEMENT line then tells the table).
    static func serverLog(_ sql: String, _ db: PostgresConnection, withoutRelation: Bool = false) throws -> String {
        do {
            try db.execute(sql)
        } catch let PostgresError.server(error) {
            var message = error.message
            if withoutRelation, let cut = message.range(of: #" of relation "[^"]+""#, options: .regularExpression) {
                message.removeSubrange(cut)
            }
            return "2026-12-04 17:25:24.123 UTC [4711] ERROR:  \(message)\n2026-12-04 17:25:24.123 UTC [4711] STATEMENT:  \(sql)\n"
        }
        Issue.record("\(sql) did not fail")
        return ""
    }

    static func correlation(_ log: String, _ db: PostgresConnection) throws -> Correlation {
        try withScratchDirectory { dir in
            let file = dir.appendingPathComponent("postgresql.log")
            try log.write(to: file, atomically: true, encoding: .utf8)
            let snapshot = try SchemaInspector(connection: db).snapshot()
            let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: try CompiledCatalog()), snapshot: snapshot, database: LiveDatabase(connection: db))
                .diagnose(paths: [file.path])
            return try #require(diagnosis.problems.first { $0.group.ruleID == "not_null_violation" }).correlation
        }
    }

    @Test func theColumnAsItIsNow() throws {
        try withTestDatabase { db in
            try db.execute("CREATE TABLE accounts (id serial PRIMARY KEY, code text NOT NULL, name text NOT NULL)")
            let log = try Self.serverLog("INSERT INTO accounts (code, name) VALUES ('5000', NULL)", db)
            let none = try Self.correlation(log, db)
            #expect(none.status == .confirmed)
            #expect(none.summary == "public.accounts.name is NOT NULL and has no default: every write must set it.")

            try db.execute("ALTER TABLE accounts ALTER name SET DEFAULT 'unnamed'")
            let bypassed = try Self.correlation(log, db)
            #expect(bypassed.status == .confirmed)
            #expect(bypassed.facts["default"] == "'unnamed'::text")
            #expect(bypassed.summary.contains("the write sent NULL explicitly"))

            try db.execute("ALTER TABLE accounts ALTER name DROP NOT NULL")
            #expect(try Self.correlation(log, db).status == .resolved)
        }
    }

    @Test func withoutTheRelationTheStatementTellsTheTable() throws {
        try withTestDatabase { db in
            try db.execute("CREATE TABLE invoices (id serial PRIMARY KEY, total int NOT NULL)")
            let log = try Self.serverLog("INSERT INTO invoices (total) VALUES (NULL)", db, withoutRelation: true)
            #expect(log.contains(#"null value in column "total" violates not-null constraint"#))
            let c = try Self.correlation(log, db)
            #expect(c.status == .confirmed)
            #expect(c.table == "public.invoices")
        }
    }
}
