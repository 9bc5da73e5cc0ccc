import Foundation
import Testing
@testable import LogMedic

/// The second session the inspector reads with must see exactly the inspector's own snapshot.
@Suite("Schema inspector sessions (PostgreSQL)", .enabled(if: TestDatabase.isAvailable))
struct SchemaInspectorSessionTests {
    @Test func theHelperSeesTheExportedSnapshotNotLaterCommits() throws {
        try TestDatabase.with { connection, dsn in
            try connection.execute("CREATE TABLE before (id int)")
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            let helper = try #require(SchemaInspector(connection: connection).openHelper())
            let other = try PostgresConnection(dsn: dsn)
            try other.execute("CREATE TABLE after (id int); DROP TABLE before")
            let count = "SELECT count(*) FROM pg_class WHERE relname IN ('before', 'after') AND relkind = 'r'"
            let visible = "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relname IN ('before', 'after')"
            #expect(try helper.query(visible)[0, 0] == "before")
            #expect(try connection.query(visible)[0, 0] == "before")
            #expect(try other.query(count)[0, 0] == "1")
            try helper.execute("COMMIT")
            try connection.execute("COMMIT")
        }
    }

    @Test func withAndWithoutAHelperAndInsideATransactionTheSnapshotIsTheSame() throws {
        try withTestDatabase { connection in
            try connection.execute(SampleSchema.sql + IndexDefinitionTests.schema.replacingOccurrences(of: "events", with: "logs"))
            var inspector = SchemaInspector(connection: connection)
            func untimed(_ snapshot: SchemaSnapshot) -> SchemaSnapshot {
                var snapshot = snapshot
                snapshot.takenAt = ""
                return snapshot
            }
            let withHelper = untimed(try inspector.snapshot())
            inspector.usesSecondSession = false
            let alone = untimed(try inspector.snapshot())
            try connection.execute("BEGIN")
            let inTransaction = untimed(try inspector.snapshot())
            try connection.execute("ROLLBACK")
            #expect(withHelper.relations.count > 10)
            #expect(withHelper == alone)
            #expect(withHelper == inTransaction)
        }
    }
}
