import Foundation
import Testing
@testable import LogMedic

/// `no partition of relation … found for row` checked against the live partitions: the server compares the
/// logged key, cast to the key column's type, with each partition's bounds from the catalog.
@Suite(.enabled(if: TestDatabase.isAvailable, "needs DATABASE_URL (run through scripts/test)"))
struct PartitionForKeyCheckTests {
    static func serverLog(_ sql: String, _ db: PostgresConnection) throws -> String {
        try Checking.serverLog(sql, on: db)
    }

    static func correlation(_ log: String, _ db: PostgresConnection) throws -> Correlation {
        try Checking.correlation(of: "no_partition_for_row", in: log, on: db)
    }

    @Test func aMissingMonthlyRangeUntilItIsCreated() throws {
        try withTestDatabase { db in
            try db.execute("""
                CREATE TABLE events (id bigint, created_at timestamptz NOT NULL, payload text NOT NULL) PARTITION BY RANGE (created_at);
                CREATE TABLE events_2026_10 PARTITION OF events FOR VALUES FROM ('2026-10-01 00:00+00') TO ('2026-11-01 00:00+00');
                CREATE TABLE events_2026_11 PARTITION OF events FOR VALUES FROM ('2026-11-01 00:00+00') TO ('2026-12-01 00:00+00');
                CREATE TABLE "events 2027" PARTITION OF events FOR VALUES FROM ('2027-01-01 00:00+00') TO (MAXVALUE)
                """)
            let log = try Self.serverLog("INSERT INTO events (id, created_at, payload) VALUES (1, '2026-12-05 10:00+00', 'x')", db)
            #expect(log.contains("Partition key of the failing row contains (created_at) = (2026-12-05 10:00:00+00)."))
            let missing = try Self.correlation(log, db)
            #expect(missing.status == .confirmed)
            #expect(missing.facts["table"] == "public.events")
            #expect(missing.facts["key_type"] == "timestamp with time zone")
            #expect(missing.facts["before"] == "public.events_2026_11 FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00')")
            #expect(missing.facts["after"] == #"public."events 2027" FOR VALUES FROM ('2027-01-01 00:00:00+00') TO (MAXVALUE)"#)
            #expect(missing.summary.hasPrefix("None of the 3 partitions of public.events accepts 2026-12-05 10:00:00+00 (timestamp with time zone) and it has no DEFAULT partition"))

            try db.execute("CREATE TABLE events_2026_12 PARTITION OF events FOR VALUES FROM ('2026-12-01 00:00+00') TO ('2027-01-01 00:00+00')")
            let created = try Self.correlation(log, db)
            #expect(created.status == .resolved)
            #expect(created.facts["accepting"] == "public.events_2026_12")
        }
    }

    @Test func listValuesAndTheDefaultPartition() throws {
        try withTestDatabase { db in
            try db.execute("""
                CREATE TABLE metrics (tenant int NOT NULL, region text, v int) PARTITION BY LIST (tenant);
                CREATE TABLE metrics_a PARTITION OF metrics FOR VALUES IN (1, 2, 3);
                CREATE TABLE metrics_b PARTITION OF metrics FOR VALUES IN (4)
                """)
            let log = try Self.serverLog("INSERT INTO metrics VALUES (7, 'eu', 1)", db)
            #expect(try Self.correlation(log, db).status == .confirmed)
            try db.execute("CREATE TABLE metrics_c PARTITION OF metrics FOR VALUES IN (5, 7)")
            #expect(try Self.correlation(log, db).facts["accepting"] == "public.metrics_c")
            try db.execute("DROP TABLE metrics_c; CREATE TABLE metrics_rest PARTITION OF metrics DEFAULT")
            #expect(try Self.correlation(log, db).status == .resolved)

            try db.execute("""
                CREATE TABLE regions (name text NOT NULL) PARTITION BY LIST (name);
                CREATE TABLE regions_eu PARTITION OF regions FOR VALUES IN ('eu', 'it''s', 'a, b')
                """)
            let long = try Self.serverLog("INSERT INTO regions VALUES (repeat('x', 100))", db)
            #expect(long.contains("x..."))
            #expect(try Self.correlation(long, db).summary.hasPrefix("The server logged the key value cut to 64 bytes"))
            let quoted = try Self.serverLog("INSERT INTO regions VALUES ('us')", db)
            #expect(try Self.correlation(quoted, db).status == .confirmed)
            try db.execute("ALTER TABLE regions DETACH PARTITION regions_eu; DROP TABLE regions_eu; CREATE TABLE regions_any PARTITION OF regions FOR VALUES IN ('us', 'it''s')")
            #expect(try Self.correlation(quoted, db).status == .resolved)
        }
    }

    @Test func hashKeysAndPlainTablesAreNotJudged() throws {
        try withTestDatabase { db in
            try db.execute("""
                CREATE TABLE shards (id int NOT NULL) PARTITION BY HASH (id);
                CREATE TABLE shards_1 PARTITION OF shards FOR VALUES WITH (MODULUS 2, REMAINDER 1)
                """)
            let log = try Self.serverLog("INSERT INTO shards SELECT generate_series(1, 2)", db)
            let hash = try Self.correlation(log, db)
            #expect(hash.status == .notChecked)
            #expect(hash.summary.contains("partitioned by HASH"))
            try db.execute("DROP TABLE shards; CREATE TABLE shards (id int)")
            #expect(try Self.correlation(log, db).summary == "public.shards is not a partitioned table now.")
        }
    }
}
