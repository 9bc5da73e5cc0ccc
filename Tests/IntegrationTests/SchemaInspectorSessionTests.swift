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

    @Test func theHelperTakesOverSessionSettingsThatChangeDeparsedText() throws {
        try withTestDatabase { connection in
            try connection.execute("""
                CREATE SCHEMA app; CREATE SEQUENCE app.counter;
                CREATE TABLE app.items (id bigint DEFAULT nextval('app.counter'), due date DEFAULT '2025-01-02',
                                        "Key" text);
                CREATE INDEX items_key ON app.items ("Key");
                SET search_path = app, public; SET DateStyle = 'SQL, DMY'; SET quote_all_identifiers = on;
                """)
            var inspector = SchemaInspector(connection: connection)
            let withHelper = try inspector.snapshot()
            inspector.usesSecondSession = false
            let alone = try inspector.snapshot()
            let items = try #require(withHelper.relation(named: "items"))
            #expect(items.columns.map(\.defaultExpression)
                    == [#""nextval"('"counter"'::"regclass")"#, #"'02/01/2025'::"date""#, nil])
            #expect(items.indexes.first?.definition == #"CREATE INDEX "items_key" ON "app"."items" USING "btree" ("Key")"#)
            #expect(withHelper.relations == alone.relations)
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
