import Foundation
import Testing
@testable import LogMedic

/// The built-in generic playbooks on an app of their own (a greenhouse sensor service), through the
/// binary against a real server: report → fix (dry-run changes nothing) → --apply → report RESOLVED →
/// revert. The log lines carry the messages this server really printed for the app's failing statements.
@Suite("generic playbooks (binary)", .enabled(if: TestDatabase.isAvailable))
struct GenericPlaybookTests {
    static let schema = """
        CREATE TABLE sensors (id serial PRIMARY KEY, label text NOT NULL UNIQUE);
        CREATE TABLE readings (id bigserial PRIMARY KEY, sensor_id int NOT NULL REFERENCES sensors, celsius numeric(5,2));
        INSERT INTO sensors (id, label) SELECT g, 'bed-' || g FROM generate_series(1, 12) g;
        INSERT INTO readings (id, sensor_id, celsius) SELECT g, 1 + g % 12, 18 + g % 9 FROM generate_series(1, 240) g;
        """

    /// The server's own error for `sql`, as psycopg2 prints it in a traceback's last line.
    static func psycopgLine(_ sql: String, _ db: PostgresConnection, exception: String) -> String {
        do {
            try db.execute(sql)
            Issue.record("\(sql) did not fail")
            return ""
        } catch let PostgresError.server(error) {
            return "psycopg2.errors.\(exception): \(error.message)\n" + (error.detail.map { "DETAIL:  \($0)\n" } ?? "")
        } catch {
            Issue.record("\(error)")
            return ""
        }
    }

    static func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("greenhouse-\(UUID()).log")
        try ("2026-12-03 14:00:01,120 ERROR greenhouse.ingest Traceback (most recent call last):\n" + text)
            .write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func sequencePosition(_ db: PostgresConnection) throws -> String {
        try db.query("SELECT last_value || '/' || is_called FROM readings_id_seq")[0, 0] ?? ""
    }

    @Test func sequenceBehindAfterAnImportIsResetAndReverted() throws {
        try TestDatabase.with { db, dsn in
            try db.execute(Self.schema)
            let line = Self.psycopgLine("INSERT INTO readings (sensor_id, celsius) VALUES (3, 21.5)", db, exception: "UniqueViolation")
            #expect(line.contains(#"duplicate key value violates unique constraint "readings_pkey""#))
            let log = try Self.write(line)
            defer { try? FileManager.default.removeItem(at: log) }

            let report = try CLI.run(["report", log.path, "--db", dsn, "--format", "markdown", "--fail-on", "medium"])
            #expect(report.status == 1, "\(report.stderr)")
            // The failed insert took value 1: the sequence has issued 1, the table holds up to 240.
            #expect(report.stdout.contains("Sequence public.readings_id_seq is at 1 but max(id) in public.readings is 240"), "\(report.stdout)")
            #expect(report.stdout.contains("(reset_sequence)"))
            #expect(report.stdout.contains(#"SHARE ROW EXCLUSIVE on "public"."readings_id_seq": nextval() in other sessions waits"#),
                    "the playbook's hazard is named beside it\n\(report.stdout)")

            let positionBefore = try Self.sequencePosition(db)
            let dryRun = try CLI.run(["fix", log.path, "--db", dsn, "--color", "never"])
            #expect(dryRun.status == 0, "\(dryRun.stderr)")
            #expect(dryRun.stdout.contains("RESTART WITH 241"))
            #expect(dryRun.stdout.contains(#"ACQUIRES_SHARE_ROW_EXCLUSIVE_LOCK: SHARE ROW EXCLUSIVE on "public"."readings_id_seq""#))
            #expect(dryRun.stdout.contains("dry-run: rolled back, nothing changed."))
            #expect(try Self.sequencePosition(db) == positionBefore, "a dry-run must leave the sequence where it was")

            let applied = try CLI.run(["fix", log.path, "--db", dsn, "--apply", "--yes", "--color", "never"])
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(try db.query("INSERT INTO readings (sensor_id, celsius) VALUES (3, 21.5) RETURNING id")[0, 0] == "241")
            #expect(try db.query("SELECT parameters->>'last_value' FROM logmedic.journal WHERE playbook = 'reset_sequence'")[0, 0] == "1")

            let after = try CLI.run(["report", log.path, "--db", dsn, "--color", "never", "--fail-on", "medium"])
            #expect(after.stdout.contains("RESOLVED"), "\(after.stdout)")
            #expect(after.status == 0, "a resolved problem fails nothing: \(after.stdout)")
            let again = try CLI.run(["fix", log.path, "--db", dsn, "--apply", "--yes", "--color", "never"])
            #expect(again.status == 0 && again.stdout.contains("resolved in the database now"), "\(again.stdout)\(again.stderr)")

            // Rows written since the reset hold its values: going back below them is refused, nothing changes.
            let refused = try CLI.run(["fix", "--revert", "reset_sequence", "--db", dsn, "--apply", "--yes", "--color", "never"])
            #expect(refused.status != 0, "\(refused.stdout)\(refused.stderr)")
            #expect((refused.stdout + refused.stderr).contains("rows were written since it was applied (the column reaches 241, the reset restarted at 241)"),
                    "\(refused.stdout)\(refused.stderr)")
            #expect(try Self.sequencePosition(db) == "241/true", "a refused revert leaves the sequence where it was")

            try db.execute("DELETE FROM readings WHERE id = 241")
            let reverted = try CLI.run(["fix", "--revert", "reset_sequence", "--db", dsn, "--apply", "--yes", "--color", "never"])
            #expect(reverted.status == 0, "\(reverted.stdout)\(reverted.stderr)")
            #expect(try db.query("SELECT nextval('readings_id_seq')")[0, 0] == "2", "where it stood before the apply")
        }
    }

    @Test func aUniqueKeyThatNoSequenceFillsIsNotOfferedTheReset() throws {
        try TestDatabase.with { db, dsn in
            try db.execute(Self.schema)
            let line = Self.psycopgLine("INSERT INTO sensors (id, label) VALUES (100, 'bed-3')", db, exception: "UniqueViolation")
            #expect(line.contains("sensors_label_key"))
            let log = try Self.write(line)
            defer { try? FileManager.default.removeItem(at: log) }
            let report = try CLI.run(["report", log.path, "--db", dsn, "--color", "never", "--format", "json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
            let problem = try #require((json["problems"] as? [[String: Any]])?.first)
            #expect((problem["correlation"] as? [String: Any])?["status"] as? String == "not_applicable")
            #expect(((problem["recommendation"] as? [String: Any])?["playbooks"] as? [String]) == [])
            // No sequence fills the key: the advice about one that is behind is left out.
            let steps = try #require((problem["recommendation"] as? [String: Any])?["fix"] as? [String])
            #expect(steps.count == 1 && steps[0].hasPrefix("If the key comes from the request"), "\(steps)")
            let fix = try CLI.run(["fix", log.path, "--db", dsn, "--color", "never"])
            #expect(!fix.stdout.contains("reset_sequence"))
        }
    }

    /// A key of two columns (one reading per sensor and minute) is not a sequence's: the check says which columns it
    /// covers and the advice about a sequence behind is left out (was: "No single-column unique key named … in this
    /// database", as if it did not exist, and the sequence advice).
    @Test func aUniqueKeyOfSeveralColumnsIsSaidToBeOneAndNotASequences() throws {
        try TestDatabase.with { db, dsn in
            try db.execute(Self.schema + """
                ALTER TABLE readings ADD COLUMN minute timestamptz NOT NULL DEFAULT '2026-12-03 14:00+00';
                UPDATE readings SET minute = minute + id * interval '1 minute';
                ALTER TABLE readings ADD CONSTRAINT readings_sensor_minute_key UNIQUE (sensor_id, minute);
                """)
            let line = Self.psycopgLine("INSERT INTO readings (id, sensor_id, celsius, minute) SELECT 10000, sensor_id, 20, minute FROM readings WHERE id = 7",
                                        db, exception: "UniqueViolation")
            #expect(line.contains("readings_sensor_minute_key"))
            let log = try Self.write(line)
            defer { try? FileManager.default.removeItem(at: log) }
            let report = try CLI.run(["report", log.path, "--db", dsn, "--color", "never"])
            #expect(report.stdout.contains("N/A  readings_sensor_minute_key is a unique key of public.readings on (sensor_id, minute), which no sequence fills alone"), "\(report.stdout)")
            #expect(!report.stdout.contains("sequence may be behind"), "\(report.stdout)")
        }
    }

    /// A type the log says is missing (`citext`) that exists by the time of the report: RESOLVED, and the advice
    /// says there is nothing to create, with the last occurrence's instant in UTC (was: "Install extension citext").
    @Test func aMissingTypeThatExistsNowIsNotToBeInstalledAgain() throws {
        try TestDatabase.with { db, dsn in
            try db.execute(Self.schema)
            let line = Self.psycopgLine("SELECT label::citext FROM sensors", db, exception: "UndefinedObject")
            #expect(line.contains("type \"citext\" does not exist"), "\(line)")
            try db.execute("CREATE EXTENSION citext")
            // Python's logging time has no zone and a comma: the advice gives the instant in UTC.
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("greenhouse-\(UUID()).log")
            try ("2026-12-03 14:00:01,120 ERROR greenhouse.ingest " + line).write(to: log, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: log) }
            let report = try CLI.run(["report", log.path, "--db", dsn, "--color", "never"])
            #expect(report.stdout.contains("RESOLVED"), "\(report.stdout)")
            #expect(report.stdout.contains("fix: Nothing to create. Confirm the errors stopped after 2026-12-03T14:00:01.120Z."), "\(report.stdout)")
            #expect(!report.stdout.contains("CREATE EXTENSION"), "\(report.stdout)")
        }
    }

    @Test func aMissingExtensionFunctionIsInstalledAndRevertRefusesWhileSomethingUsesIt() throws {
        try TestDatabase.with { db, dsn in
            try db.execute("CREATE TABLE plants (id int PRIMARY KEY, name text)")
            let line = Self.psycopgLine("INSERT INTO plants VALUES (1, uuid_generate_v4()::text)", db, exception: "UndefinedFunction")
            #expect(line.contains("function uuid_generate_v4() does not exist"))
            let log = try Self.write(line)
            defer { try? FileManager.default.removeItem(at: log) }
            let common = [log.path, "--db", dsn, "--color", "never"]

            let report = try CLI.run(["report"] + common + ["--format", "markdown"])
            #expect(report.stdout.contains("extension uuid-ossp provides it, is available"), "\(report.stdout)\(report.stderr)")
            #expect(report.stdout.contains("(create_extension)"))
            let snapshot = FileManager.default.temporaryDirectory.appendingPathComponent("plants-\(UUID()).json")
            defer { try? FileManager.default.removeItem(at: snapshot) }
            #expect(try CLI.run(["schema", "inspect", "--db", dsn, "-o", snapshot.path]).status == 0)
            let offline = try CLI.run(["report", log.path, "--schema", snapshot.path, "--color", "never"])
            #expect(offline.stdout.contains("needs a live database"), "\(offline.stdout)")

            let dryRun = try CLI.run(["fix"] + common)
            #expect(dryRun.status == 0 && dryRun.stdout.contains(#"CREATE EXTENSION "uuid-ossp""#), "\(dryRun.stdout)\(dryRun.stderr)")
            #expect(try db.query("SELECT count(*) FROM pg_extension WHERE extname = 'uuid-ossp'")[0, 0] == "0")
            let applied = try CLI.run(["fix"] + common + ["--apply", "--yes"])
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(try db.query("SELECT length(uuid_generate_v4()::text)")[0, 0] == "36")
            #expect(try CLI.run(["report"] + common).stdout.contains("RESOLVED"))

            try db.execute("CREATE TABLE plant_tags (id uuid DEFAULT uuid_generate_v4())")
            let refused = try CLI.run(["fix", "--revert", "create_extension", "--db", dsn, "--apply", "--yes", "--color", "never"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("2BP01"), "\(refused.stderr)")
            #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
            #expect(try db.query("SELECT count(*) FROM pg_extension WHERE extname = 'uuid-ossp'")[0, 0] == "1")
            try db.execute("DROP TABLE plant_tags")
            let reverted = try CLI.run(["fix", "--revert", "create_extension", "--db", dsn, "--apply", "--yes", "--color", "never"])
            #expect(reverted.status == 0, "\(reverted.stderr)")
            #expect(try db.query("SELECT count(*) FROM pg_extension WHERE extname = 'uuid-ossp'")[0, 0] == "0")
        }
    }

    /// Two extensions created by two applies of create_extension (found by the Django probe: pg_trgm, then citext):
    /// `--revert` named neither and reverted the latest. Now it lists both runs and reverts the one `--param` picks;
    /// with one left, it needs no `--param`.
    @Test func twoAppliedRunsAreNamedAndTheChosenOneIsReverted() throws {
        try TestDatabase.with { db, dsn in
            try db.execute("CREATE TABLE plants (id int PRIMARY KEY, name text)")
            let logs = try [
                Self.write(Self.psycopgLine("INSERT INTO plants VALUES (1, uuid_generate_v4()::text)", db, exception: "UndefinedFunction")),
                Self.write(Self.psycopgLine("SELECT similarity(name, 'fern') FROM plants", db, exception: "UndefinedFunction")),
            ]
            defer { for log in logs { try? FileManager.default.removeItem(at: log) } }
            for log in logs {
                let applied = try CLI.run(["fix", log.path, "--db", dsn, "--apply", "--yes", "--color", "never"])
                #expect(applied.status == 0 && applied.stdout.contains("CREATE EXTENSION"), "\(applied.stdout)\(applied.stderr)")
            }
            func installed() throws -> String {
                try db.query("SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension WHERE extname IN ('pg_trgm', 'uuid-ossp')")[0, 0] ?? ""
            }
            #expect(try installed() == "pg_trgm,uuid-ossp")

            let ambiguous = try CLI.run(["fix", "--revert", "create_extension", "--db", dsn, "--apply", "--yes", "--color", "never"])
            #expect(ambiguous.status != 0)
            #expect(ambiguous.stderr.contains("extension=pg_trgm") && ambiguous.stderr.contains("extension=uuid-ossp")
                    && ambiguous.stderr.contains("--param extension=pg_trgm"), "\(ambiguous.stderr)")
            #expect(try installed() == "pg_trgm,uuid-ossp")

            let chosen = try CLI.run(["fix", "--revert", "create_extension", "--param", "extension=uuid-ossp", "--db", dsn, "--apply", "--yes", "--color", "never"])
            #expect(chosen.status == 0, "\(chosen.stdout)\(chosen.stderr)")
            #expect(try installed() == "pg_trgm")
            let last = try CLI.run(["fix", "--revert", "create_extension", "--db", dsn, "--apply", "--yes", "--color", "never"])
            #expect(last.status == 0, "\(last.stdout)\(last.stderr)")
            #expect(try installed() == "")
        }
    }
}
