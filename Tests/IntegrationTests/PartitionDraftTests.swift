import Foundation
import Testing
@testable import LogMedic

/// `fix --draft` for a write no partition accepts: the next partition of the live table's own series, named
/// like its siblings (was: confirmed by `partition_for_key`, nothing drafted).
@Suite("fix --draft: the partition a write needs", .enabled(if: TestDatabase.isAvailable))
struct PartitionDraftTests {
    /// A telemetry service's readings, partitioned by month the way pg_partman names them.
    static let readings = """
        CREATE TABLE readings (sensor int NOT NULL, taken_at timestamptz NOT NULL, celsius numeric(5, 2) NOT NULL) PARTITION BY RANGE (taken_at);
        CREATE INDEX readings_sensor_idx ON readings (sensor, taken_at);
        CREATE TABLE readings_p2026_09 PARTITION OF readings FOR VALUES FROM ('2026-09-01 00:00+00') TO ('2026-10-01 00:00+00');

        """
    static let later = """
        CREATE TABLE readings_p2026_10 PARTITION OF readings FOR VALUES FROM ('2026-10-01 00:00+00') TO ('2026-11-01 00:00+00');
        CREATE TABLE readings_p2026_11 PARTITION OF readings FOR VALUES FROM ('2026-11-01 00:00+00') TO ('2026-12-01 00:00+00');
        CREATE TABLE readings_future PARTITION OF readings FOR VALUES FROM ('2027-03-01 00:00+00') TO (MAXVALUE);

        """

    /// Drafts for the log the server writes when `failing` fails on a database holding `live`.
    static func drafting(live: String, failing: String, _ body: (PostgresConnection, Drafting.Outcome) throws -> Void) throws {
        try withScratchDirectory { dir in
            let schema = dir.appendingPathComponent("schema.sql")
            try readings.write(to: schema, atomically: true, encoding: .utf8)
            try withTestDatabase { db in
                try db.execute(live)
                let log = dir.appendingPathComponent("postgres.log")
                try PartitionForKeyCheckTests.serverLog(failing, db).write(to: log, atomically: true, encoding: .utf8)
                try Drafting.draft(logs: [log.path], referenceSQL: [schema.path], target: db, queried: true) { try body(db, $0) }
            }
        }
    }

    @Test func theMissingMonthIsAddedBetweenItsNeighboursAndNamedLikeThem() throws {
        try Self.drafting(live: Self.readings + Self.later, failing: "INSERT INTO readings VALUES (7, '2026-12-05 10:00+00', 21.5)") { db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.statements == ["CREATE TABLE public.readings_p2026_12 PARTITION OF public.readings FOR VALUES FROM ('2026-12-01 00:00:00+00') TO ('2027-01-01 00:00:00+00')"])
            #expect(playbook.hazards.joined().map(\.message).contains { $0.hasPrefix("ACCESS EXCLUSIVE on public.readings while the partition is added") })
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            try db.execute("INSERT INTO readings VALUES (7, '2026-12-05 10:00+00', 21.5)")
            #expect(try db.query("SELECT tableoid::regclass::text FROM readings WHERE taken_at = '2026-12-05 10:00+00'")[0, 0] == "readings_p2026_12")
            // The partition has the parent's index; a revert would drop the reading, so it refuses.
            #expect(try db.query("SELECT count(*) FROM pg_indexes WHERE tablename = 'readings_p2026_12'")[0, 0] == "1")
            #expect(throws: (any Error).self) { _ = try Drafting.run(playbook.id, .revert, in: outcome, on: db) }
            try db.execute("DELETE FROM readings WHERE taken_at = '2026-12-05 10:00+00'")
            #expect(try Drafting.run(playbook.id, .revert, in: outcome, on: db).outcome == .reverted)
            #expect(try db.query("SELECT to_regclass('readings_p2026_12') IS NULL")[0, 0] == "t")
        }
    }

    /// A value before every partition and in a gap narrower than a month: aligned on the series, cut to the gap.
    @Test func earlierValuesAndNarrowGaps() throws {
        try Self.drafting(live: Self.readings + Self.later, failing: "INSERT INTO readings VALUES (7, '2026-06-20 10:00+00', 21.5)") { _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.statements == ["CREATE TABLE public.readings_p2026_06 PARTITION OF public.readings FOR VALUES FROM ('2026-06-01 00:00:00+00') TO ('2026-07-01 00:00:00+00')"])
        }
        let gap = Self.readings + "CREATE TABLE readings_p2026_10 PARTITION OF readings FOR VALUES FROM ('2026-10-15 00:00+00') TO ('2026-11-15 00:00+00');\n"
        try Self.drafting(live: gap, failing: "INSERT INTO readings VALUES (7, '2026-10-03 10:00+00', 21.5)") { db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.statements == ["CREATE TABLE public.readings_p2026_10_01 PARTITION OF public.readings FOR VALUES FROM ('2026-10-01 00:00:00+00') TO ('2026-10-15 00:00:00+00')"])
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
        }
    }

    /// A ledger partitioned by blocks of 100,000 ids named by their first id; a series of mixed widths is not guessed.
    @Test func integerBlocksAndIrregularSeries() throws {
        let ledger = """
            CREATE TABLE ledger (id bigint NOT NULL, amount_cents bigint NOT NULL) PARTITION BY RANGE (id);
            CREATE TABLE ledger_0 PARTITION OF ledger FOR VALUES FROM (0) TO (100000);
            CREATE TABLE ledger_100000 PARTITION OF ledger FOR VALUES FROM (100000) TO (200000);

            """
        try Self.drafting(live: ledger, failing: "INSERT INTO ledger VALUES (745123, 990)") { db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.statements == ["CREATE TABLE public.ledger_700000 PARTITION OF public.ledger FOR VALUES FROM ('700000') TO ('800000')"])
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            try db.execute("INSERT INTO ledger VALUES (745123, 990)")
        }
        let mixed = ledger + "CREATE TABLE ledger_big PARTITION OF ledger FOR VALUES FROM (200000) TO (500000);\n"
        try Self.drafting(live: mixed, failing: "INSERT INTO ledger VALUES (745123, 990)") { _, outcome in
            guard case .notDrafted(let reason)? = outcome.entries.first?.draft.outcome else {
                Issue.record("\(outcome.entries.map(\.draft))"); return
            }
            #expect(reason == "the partitions of public.ledger differ in width (100000, 300000): which range to add is not known")
        }
    }

    /// LIST: a partition for the value alone, named like the one-value partitions (`usage_1` → `usage_2`),
    /// else `parent_value`; HASH is not drafted.
    @Test func listValues() throws {
        let tenants = "CREATE TABLE usage (tenant int NOT NULL, units int) PARTITION BY LIST (tenant); CREATE TABLE usage_1 PARTITION OF usage FOR VALUES IN (1);"
        try Self.drafting(live: tenants, failing: "INSERT INTO usage VALUES (2, 10)") { db, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.statements == ["CREATE TABLE public.usage_2 PARTITION OF public.usage FOR VALUES IN ('2')"])
            #expect(try Drafting.approveAndApply(outcome, on: db).map(\.outcome) == [.applied])
            try db.execute("INSERT INTO usage VALUES (2, 10)")
        }
        let regions = "CREATE TABLE sales (region text NOT NULL, cents int) PARTITION BY LIST (region); CREATE TABLE sales_europe PARTITION OF sales FOR VALUES IN ('de', 'fr');"
        try Self.drafting(live: regions, failing: "INSERT INTO sales VALUES ('US-East', 10)") { _, outcome in
            let playbook = try #require(outcome.entries.compactMap(Drafting.playbook).first, "\(outcome.entries.map(\.draft))")
            #expect(playbook.statements == ["CREATE TABLE public.sales_us_east PARTITION OF public.sales FOR VALUES IN ('US-East')"])
        }
    }

    /// The binary without `--reference-sql`: the partition needs none and is drafted; a missing table's draft
    /// needs the schema the code expects, and says so.
    @Test func withoutAReferenceOnlyThePartitionIsDrafted() throws {
        try withScratchDirectory { dir in
            try TestDatabase.with { db, dsn in
                try db.execute(Self.readings + Self.later)
                let log = try PartitionForKeyCheckTests.serverLog("INSERT INTO readings VALUES (7, '2026-12-05 10:00+00', 21.5)", db)
                    + "2026-12-05 03:20:01.100 UTC [5160] ERROR:  relation \"alerts\" does not exist at character 13\n"
                let logPath = dir.appendingPathComponent("postgres.log")
                try log.write(to: logPath, atomically: true, encoding: .utf8)
                let out = dir.appendingPathComponent("drafts").path
                let run = try CLI.run(["fix", logPath.path, "--db", dsn, "--draft", "--out", out, "--color", "never"])
                #expect(run.status == 1, "one problem has no playbook: \(run.stderr)")
                #expect(run.stdout.contains("drafted partition_readings_p2026_12"), "\(run.stdout)")
                #expect(run.stdout.contains("drafting it needs the schema the code expects: add --reference-sql FILE|DIR or --reference-db DSN"), "\(run.stdout)")
                let deploy = try String(contentsOfFile: out + "/partition_readings_p2026_12/deploy.sql", encoding: .utf8)
                #expect(deploy.contains("Drafted by logmedic \(LogMedic.version) from the live database "))
            }
        }
    }
}
