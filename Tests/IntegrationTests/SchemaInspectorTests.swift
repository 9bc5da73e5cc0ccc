import Foundation
import Testing
@testable import LogMedic

/// Snapshots of real schemas, checked for what a user would expect to see.
@Suite("Schema inspector (PostgreSQL)", .enabled(if: TestDatabase.isAvailable))
struct SchemaInspectorTests {
    @Test func snapshotShowsWhatAUserSees() throws {
        let snapshot = try withTestDatabase { connection in
            try connection.execute(SampleSchema.sql)
            return try SchemaInspector(connection: connection).snapshot()
        }
        #expect(snapshot.database.hasPrefix("logmedic_t_"))
        #expect(snapshot.serverVersion.first?.isNumber == true)
        #expect(snapshot.searchPath == ["public"])
        #expect(snapshot.takenAt.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil)
        #expect(snapshot.relations.map(\.qualifiedName) == [
            "public.active_users", "public.events", "public.nothing", "public.order_totals",
            "public.pair_refs", "public.pairs", "public.users", "sales.orders"])

        let users = try #require(snapshot.relation(named: "users"))
        #expect(users.kind == .table)
        #expect(users.columns.map(\.name) == ["id", "email", "settings", "created_at"])
        #expect(users.columns[0] == Column(name: "id", type: "bigint", isNullable: false,
                                           defaultExpression: "nextval('users_id_seq'::regclass)"))
        #expect(users.column(named: "settings")?.defaultExpression == "'{}'::jsonb")
        #expect(users.column(named: "created_at")?.type == "timestamp with time zone")
        #expect(users.column(named: "created_at")?.isNullable == true)
        #expect(users.primaryKey == ["id"])
        #expect(users.uniqueConstraints == [.init(name: "users_email_key", columns: ["email"])])
        #expect(users.indexes.map(\.name) == ["users_email_key", "users_pkey"])
        #expect(users.indexes.first { $0.isPrimary }?.definition
                == "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)")

        let orders = try #require(snapshot.relation(named: "orders"))
        #expect(orders.schema == "sales")
        #expect(orders.column(named: "total")?.type == "numeric(10,2)")
        #expect(orders.foreignKeys == [.init(
            name: "orders_user_id_fkey", columns: ["user_id"], referencedSchema: "public",
            referencedTable: "users", referencedColumns: ["id"], onDelete: .setNull, onUpdate: .noAction)])
        #expect(orders.checkConstraints == [.init(name: "orders_total_positive", definition: "CHECK ((total > (0)::numeric))")])
        #expect(users.checkConstraints == [])
        let expressionIndex = try #require(orders.indexes.first { $0.name == "orders_lower_idx" })
        #expect(expressionIndex.columns == [#"lower("Mixed Case")"#, "total"])
        #expect(expressionIndex.definition.contains("INCLUDE (id)"))

        let refs = try #require(snapshot.relation(named: "pair_refs"))
        #expect(refs.foreignKeys.first?.columns == ["y", "x"])
        #expect(refs.foreignKeys.first?.referencedColumns == ["y", "x"])
        #expect(refs.foreignKeys.first?.onUpdate == .cascade)
        #expect(snapshot.relation(named: "pairs")?.uniqueConstraints.first?.columns == ["x", "y"])
        #expect(snapshot.relation(named: "active_users")?.kind == .view)
        #expect(snapshot.relation(named: "active_users")?.columns.map(\.name) == ["id", "email"])
        #expect(snapshot.relation(named: "order_totals")?.kind == .materializedView)
        #expect(snapshot.relation(named: "events")?.kind == .partitionedTable)
        #expect(snapshot.relation(named: "nothing")?.columns == [])
    }

    @Test func searchPathIsHonoured() throws {
        try withTestDatabase { connection in
            try connection.execute("""
                CREATE SCHEMA app; CREATE TABLE public.accounts (id int); CREATE TABLE app.accounts (id int, name text);
                SET search_path = app, public, missing_schema;
                """)
            let snapshot = try SchemaInspector(connection: connection).snapshot()
            #expect(snapshot.searchPath == ["app", "public"])
            #expect(snapshot.relation(named: "accounts")?.schema == "app")
            #expect(snapshot.relation(named: "accounts", schema: "public")?.columns.count == 1)
        }
    }

    @Test func insideACallersTransactionTheSnapshotSeesItAndLeavesItOpen() throws {
        try withTestDatabase { connection in
            try connection.execute("BEGIN; CREATE TABLE pending (id int);")
            let snapshot = try SchemaInspector(connection: connection).snapshot()
            #expect(snapshot.relation(named: "pending") != nil)
            #expect(connection.transactionState == .inTransaction)
            try connection.execute("ROLLBACK")
            #expect(try SchemaInspector(connection: connection).snapshot().relation(named: "pending") == nil)
        }
    }

    @Test func manyTablesAreReadQuicklyAndCompletely() throws {
        try withTestDatabase { connection in
            try connection.execute("""
                DO $$ BEGIN FOR i IN 1..300 LOOP
                  EXECUTE format('CREATE TABLE t%s (id serial PRIMARY KEY, %s)', i,
                    (SELECT string_agg(format('c%s text', j), ', ') FROM generate_series(1, 19) j));
                END LOOP; END $$;
                """)
            let clock = ContinuousClock()
            let start = clock.now
            let snapshot = try SchemaInspector(connection: connection).snapshot()
            #expect(clock.now - start < .seconds(5))
            #expect(snapshot.relations.count == 300)
            #expect(snapshot.relations.allSatisfy { $0.columns.count == 20 && $0.primaryKey == ["id"] })
        }
    }
}

/// Catalog corners: dropped and generated columns, quoted names.
@Suite("Schema inspector edge cases (PostgreSQL)", .enabled(if: TestDatabase.isAvailable))
struct SchemaInspectorEdgeCaseTests {
    @Test func droppedColumnsGeneratedColumnsAndOddNames() throws {
        try withTestDatabase { connection in
            try connection.execute("""
                CREATE TABLE "Weird Table" (a int, b int, c int, "Ünïcode col" varchar(40) DEFAULT 'x',
                                            total int GENERATED ALWAYS AS (a + c) STORED);
                ALTER TABLE "Weird Table" DROP COLUMN b;
                """)
            let relation = try #require(try SchemaInspector(connection: connection).snapshot().relation(named: "weird table"))
            #expect(relation.name == "Weird Table")
            #expect(relation.columns.map(\.name) == ["a", "c", "Ünïcode col", "total"])
            #expect(relation.column(named: "Ünïcode col")?.type == "character varying(40)")
            #expect(relation.column(named: "Ünïcode col")?.defaultExpression == "'x'::character varying")
            #expect(relation.column(named: "total")?.defaultExpression == "(a + c)")
        }
    }
}
