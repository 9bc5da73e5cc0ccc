import Foundation
import Testing

/// A blind trial (fixtures/trial-greenhouse): a Starlette + Tortoise ORM (asyncpg) API logging uvicorn's default
/// lines, without timestamps, a Peewee (psycopg2) worker logging JSON, and their PostgreSQL 15 server with
/// pgBadger's prefix, all captured by capture.sh from the real software against a schema that drifted from the code.
/// `logmedic report --db` against a fresh database holding that schema.
@Suite("a greenhouse service's logs, reported against its drifted schema", .enabled(if: TestDatabase.isAvailable))
struct GreenhouseTrialTests {
    static let fixture = CLI.packageRoot.appendingPathComponent("fixtures/trial-greenhouse")
    static let logs = ["logs/api.log", "logs/worker.jsonl", "logs/postgresql.log"]

    static func report() throws -> [[String: Any]] {
        try TestDatabase.with { connection, dsn in
            for file in ["schema.sql", "data.sql"] {
                try connection.execute(try String(contentsOf: fixture.appendingPathComponent(file), encoding: .utf8))
            }
            return try TrialReport.problems(logs.map { fixture.appendingPathComponent($0).path }, dsn: dsn)
        }
    }

    /// Every drift the app met is found once per failure (the API's untimed tracebacks and the server's records of
    /// them are one failure each), checked against the schema, and placed at the app's own frame.
    @Test func everyFailureIsFoundCountedOnceAndChecked() throws {
        let problems = try Self.report().map(TrialReport.summary).sorted()
        #expect(problems == [
            "asyncpg_invalid_argument position=1 value='B-12' reason='str' object cannot be interpreted as an integer ×1 (0 linked) NOT_APPLICABLE at /srv/greenhouse/api.py:29",
            "db_too_many_connections  ×2 (2 linked) INCONCLUSIVE at /srv/greenhouse/worker.py:109",
            "deadlock_detected pid=11273 lock_mode=ShareLock lock_target=transaction 739 blocking_pid=11274 ×1 (1 linked) NOT_APPLICABLE at /srv/greenhouse/worker.py:74",
            "foreign_key_violation operation=insert or update table=alerts constraint=alerts_sensor_id_fkey key=sensor_id ×1 (1 linked) CONFIRMED at /srv/greenhouse/api.py:42",
            "invalid_input_syntax type=integer value=B-12 ×1 (1 linked) CONFIRMED at /srv/greenhouse/worker.py:66",
            "not_null_violation column=unit table=readings ×2 (2 linked) CONFIRMED at /srv/greenhouse/api.py:35",
            "on_conflict_no_constraint  ×2 (2 linked) CONFIRMED at /srv/greenhouse/worker.py:62",
            "serialization_failure reason=concurrent update ×1 (1 linked) NOT_APPLICABLE at /srv/greenhouse/worker.py:97",
            "statement_timeout reason=lock relation=valves ×1 (1 linked) NOT_APPLICABLE at /srv/greenhouse/worker.py:88",
            "statement_timeout reason=statement ×1 (1 linked) NOT_APPLICABLE at /srv/greenhouse/api.py:48",
            "undefined_column column=mounted_at ×2 (2 linked) CONFIRMED at /srv/greenhouse/api.py:24",
            "undefined_table relation=watering_schedules ×3 (3 linked) CONFIRMED at /srv/greenhouse/api.py:18",
        ], "\(problems)")
    }

    /// The advice lends no part's tool to another's problem (was: Aerich's `aerich upgrade` for the worker's upsert,
    /// lent by the API's problems), and names neither Aerich's nor peewee-migrate's commands: the database holds
    /// neither tool's history table (the trial's schema was made without them). The column the worker's literal was
    /// compared with is checked (was: "The log does not tell which column the value was for").
    @Test func theAdviceFitsTheStackAndTheColumnIsNamed() throws {
        let problems = try Self.report()
        func problem(_ rule: String) throws -> [String: Any] { try #require(problems.first { ($0["group"] as? [String: Any])?["rule_id"] as? String == rule }) }
        func fix(_ rule: String) throws -> String { ((try problem(rule)["recommendation"] as? [String: Any])?["fix"] as? [String] ?? []).joined(separator: "\n") }
        #expect(try !fix("undefined_table").contains("pw_migrate"), "the worker's stack is not lent to the API's problem")
        let upsert = try fix("on_conflict_no_constraint")
        #expect(upsert.contains("with the migration that defines it (e.g. "), "\(upsert)")
        #expect(!upsert.contains("aerich") && !upsert.contains("pw_migrate"), "\(upsert)")
        let literal = try problem("invalid_input_syntax")["correlation"] as? [String: Any]
        #expect((literal?["summary"] as? String)?.hasPrefix("public.sensors.bed is integer: the value sent is not one,") == true, "\(literal ?? [:])")
    }
}
