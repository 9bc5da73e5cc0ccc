import Foundation
import Testing

/// `logmedic report --db` on a blind trial (fixtures/trial-podcasts/capture.sh): a Celery worker on psycopg 3 and
/// psycopg_pool and a Flask app under gunicorn on pg8000 (JSON logs), failing against a drifted schema, with the
/// server's log as jsonlog in one run and with the prefix '%m %c %x %e ' in the other. Checked against a fresh
/// database holding that schema.
@Suite("a Celery + gunicorn trial's logs, reported against their live schema", .enabled(if: TestDatabase.isAvailable))
struct PodcastTrialTests {
    static let fixture = CLI.packageRoot.appendingPathComponent("fixtures/trial-podcasts")

    /// Each problem as `fingerprint ×count STATUS at file:line`, in the report's order (the fingerprint, not every
    /// capture: a deadlock's process ids differ between the two runs).
    static func problems(_ layout: String) throws -> [String] {
        try TestDatabase.with { connection, dsn in
            try connection.execute(try String(contentsOf: fixture.appendingPathComponent("schema.sql"), encoding: .utf8))
            let run = try CLI.run(["report", fixture.appendingPathComponent("logs/\(layout)").path, "--db", dsn, "--format", "json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
            return try #require(json["problems"] as? [[String: Any]]).map { problem in
                let group = problem["group"] as? [String: Any] ?? [:]
                let status = (problem["correlation"] as? [String: Any])?["status"] as? String ?? ""
                let location = (group["code_locations"] as? [[String: Any]])?.first.map {
                    " at \((($0["file"] as? String ?? "") as NSString).lastPathComponent):\($0["line"] ?? "")"
                } ?? ""
                return "\(group["fingerprint"] ?? "") ×\(group["count"] ?? "") \(status.uppercased())\(location)"
            }
        }
    }

    /// Every failure the apps logged is one problem, counted once although the app and the server both logged it,
    /// located at the app's own line, and each schema drift is confirmed by the database: the missing table, the
    /// renamed column, the text column read as JSON (was: N/A, "cast the parameter"), the lost unique index, the
    /// NOT NULL column without a default and the foreign key. The statement timeout is at the query's line, the
    /// aborted transaction at the `finally:` after it (was: both at the `finally:`). The pool timeout, deadlock,
    /// serialization failure and lock timeout have no database check; the connection limit is not reached now.
    @Test(arguments: ["jsonlog", "stderr"])
    func everyFailureIsFoundOnceLocatedAndChecked(_ layout: String) throws {
        let problems = try Self.problems(layout)
        #expect(problems == [
            "undefined_table|relation=renditions ×3 CONFIRMED at tasks.py:20",
            "db_too_many_connections ×3 INCONCLUSIVE at web.py:26",
            "undefined_column|column=audio_url ×3 CONFIRMED at web.py:33",
            "on_conflict_no_constraint ×2 CONFIRMED at tasks.py:26",
            "undefined_operator|left_type=text|operator=->>|right_type=unknown ×2 CONFIRMED at web.py:33",
            "statement_timeout|reason=statement ×1 NOT_APPLICABLE at tasks.py:64",
            "in_failed_transaction ×1 NOT_APPLICABLE at tasks.py:68",
            "db_pool_exhausted ×1 NOT_APPLICABLE at tasks.py:72",
            "deadlock_detected ×1 NOT_APPLICABLE at tasks.py:45",
            "statement_timeout|reason=lock|relation=transcode_jobs ×1 NOT_APPLICABLE at web.py:71",
            "foreign_key_violation|constraint=transcode_jobs_episode_id_fkey|table=transcode_jobs ×2 CONFIRMED at tasks.py:36",
            "not_null_violation|column=locale|table=subscribers ×2 CONFIRMED at web.py:33",
            "serialization_failure|reason=concurrent update ×1 NOT_APPLICABLE at tasks.py:55",
            "client_connection_dropped ×17 NOT_APPLICABLE",
        ], "\(problems)")
    }
}
