import Foundation
import Testing
@testable import LogMedic

/// Regression: shared/incident-2025-12-19.md — `logmedic report` against the fixture's live schema.
@Suite("logmedic report (binary, live PostgreSQL)", .enabled(if: TestDatabase.isAvailable))
struct ReportCommandTests {
    static let fixture = CLI.packageRoot.appendingPathComponent("fixtures/incident-2025-12-19")
    static let logs = ["frontend.log", "postgres.log", "railway-backend.jsonl"].map { fixture.appendingPathComponent("logs/\($0)").path }
    static let source = fixture.appendingPathComponent("source").path

    /// A fresh database holding the production schema of 2025-12-19.
    static func withIncidentDatabase<R>(_ body: (PostgresConnection, String) throws -> R) throws -> R {
        try TestDatabase.with { connection, dsn in
            try connection.execute(try String(contentsOf: fixture.appendingPathComponent("schema.sql"), encoding: .utf8))
            return try body(connection, dsn)
        }
    }

    /// The `| P… |` summary row naming `thing`.
    static func row(_ markdown: String, _ thing: String) -> String {
        markdown.split(separator: "\n").first { $0.hasPrefix("| P") && $0.contains(thing) }.map(String.init) ?? "no row for \(thing)"
    }

    @Test func markdownOnTheLiveSchemaReproducesTheIncidentReport() throws {
        try Self.withIncidentDatabase { _, dsn in
            let run = try CLI.run(["report"] + Self.logs + ["--db", dsn, "--source", Self.source, "--format", "markdown"])
            #expect(run.status == 1, "high and critical problems fail the default --fail-on high: \(run.stderr)")
            let md = run.stdout
            #expect(Self.row(md, "`user_invitations`").hasSuffix("| CONFIRMED |"))
            #expect(Self.row(md, "`pending_signup_queue`").hasSuffix("| CONFIRMED |"))
            #expect(md.contains("The column meant is public.audit_logs.created_at (timestamp with time zone)."))
            #expect(md.contains("- `app/routers/admin.py:100: db.execute(\"SELECT 1\")`"))
            #expect(md.contains("+ db.execute(text(\"SELECT 1\"))"))
            #expect(md.contains("The frontend called .map() on the response of GET /api/admin/agencies"))
            for heading in ["### Problem", "### Root cause", "### Database check", "### Recommended fix", "### Verification", "### Rollback"] {
                // The 7 incident problems and 7 other failures the logs hold (near misses with other_rule, a shutdown).
                #expect(md.components(separatedBy: "\n\(heading)\n").count - 1 == 14, "\(heading)")
            }
            #expect(md.contains("## Input quality"))

            let bare = try CLI.run(["report"] + Self.logs + ["--db", dsn, "--format", "markdown"])
            #expect(bare.stdout.contains("`/app/app/routers/admin.py:100` in `database_health`"))
            #expect(!bare.stdout.contains("Lines to change"))
        }
    }

    @Test func tablesCreatedSinceAreReportedResolved() throws {
        try Self.withIncidentDatabase { connection, dsn in
            try connection.execute("CREATE TABLE user_invitations (id int); CREATE TABLE pending_signup_queue (id int)")
            let run = try CLI.run(["report"] + Self.logs + ["--db", dsn, "--format", "markdown"])
            #expect(Self.row(run.stdout, "`user_invitations`").hasSuffix("| RESOLVED |"))
            #expect(Self.row(run.stdout, "`pending_signup_queue`").hasSuffix("| RESOLVED |"))
            #expect(run.stdout.contains("public.user_invitations exists now (table, 1 columns)"))
        }
    }

    @Test func aSnapshotFileGivesTheSameDiagnosisAsTheLiveDatabase() throws {
        try Self.withIncidentDatabase { _, dsn in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID()).json")
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(try CLI.run(["schema", "inspect", "--db", dsn, "-o", file.path]).status == 0)
            let live = try CLI.run(["report"] + Self.logs + ["--db", dsn, "--format", "json", "--fail-on", "never"])
            let offline = try CLI.run(["report"] + Self.logs + ["--schema", file.path, "--format", "json", "--fail-on", "never"],
                                      environment: ["DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"])
            #expect(live.status == 0 && offline.status == 0, "\(live.stderr)\(offline.stderr)")
            var a = try Self.comparable(live.stdout), b = try Self.comparable(offline.stdout)
            #expect(a.removeValue(forKey: "schema_source") as? String == "live")
            #expect(b.removeValue(forKey: "schema_source") as? String == "file")
            #expect(NSDictionary(dictionary: a).isEqual(to: b))
            #expect((a["problems"] as? [Any])?.count == 14)
        }
    }

    /// The JSON report without the times that differ between runs.
    static func comparable(_ text: String) throws -> [String: Any] {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        json["generated_at"] = nil
        var schema = try #require(json["schema"] as? [String: Any])
        schema["taken_at"] = nil
        json["schema_source"] = schema.removeValue(forKey: "source")
        json["schema"] = schema
        return json
    }

    @Test func unreachableDatabaseExitsThreeOnOneLineWithoutThePassword() throws {
        let run = try CLI.run(["report", Self.logs[1], "--db", "postgresql://postgres:Railway-S3cret-Pw@127.0.0.1:1/railway"])
        #expect(run.status == 3)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("cannot connect to PostgreSQL at 127.0.0.1:1"))
        #expect(!run.stderr.contains("Railway-S3cret-Pw"))
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }

    @Test func dbAndSchemaTogetherIsAUsageError() throws {
        let run = try CLI.run(["report", Self.logs[1], "--db", "postgresql://x@127.0.0.1:1/y", "--schema", "snapshot.json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--db and --schema"))
    }

    @Test func injectionShapedNamesAreReportedAndNeverRun() throws {
        try Self.withIncidentDatabase { connection, dsn in
            let before = try connection.query("SELECT count(*) FROM users").rows[0][0]
            #expect(before != "0")
            try withTemporaryFile(lines: [
                #"2025-12-19 13:21:24.183 UTC [4121] ERROR:  relation "x; DROP TABLE users; --" does not exist at character 15"#,
                #"2025-12-19 13:21:25.183 UTC [4121] ERROR:  relation "users\"; DROP TABLE users; --" does not exist at character 15"#,
            ]) { log in
                let run = try CLI.run(["report", log, "--db", dsn, "--format", "json"])
                #expect(run.status == 1, "\(run.stderr)")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
                let problems = try #require(json["problems"] as? [[String: Any]])
                let relations = problems.compactMap { (($0["group"] as? [String: Any])?["captures"] as? [[String: String]])?.first?["value"] }
                #expect(Set(relations) == [#"x; DROP TABLE users; --"#, #"users\"; DROP TABLE users; --"#])
                let statuses = problems.compactMap { ($0["correlation"] as? [String: Any])?["status"] as? String }
                #expect(statuses == ["confirmed", "confirmed"])
            }
            #expect(try connection.query("SELECT to_regclass('public.users') IS NOT NULL").rows[0][0] == "t")
            #expect(try connection.query("SELECT count(*) FROM users").rows[0][0] == before)
        }
    }

    @Test func outputFileIsWrittenAndSummarisedOnStderr() throws {
        try Self.withIncidentDatabase { _, dsn in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID()).sarif")
            defer { try? FileManager.default.removeItem(at: file) }
            let run = try CLI.run(["report"] + Self.logs + ["--db", dsn, "--source", Self.source, "--format", "sarif", "-o", file.path, "--fail-on", "never"])
            #expect(run.status == 0)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr == "logmedic: wrote sarif report of 14 problems to \(file.path)\n")
            let sarif = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            #expect(sarif["version"] as? String == "2.1.0")
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("Railway-S3cret-Pw"))
        }
    }

    @Test func withoutADatabaseNothingIsChecked() throws {
        let run = try CLI.run(["report"] + Self.logs + ["--format", "text", "--color", "always", "--fail-on", "critical"],
                              environment: ["DATABASE_URL": ""])
        #expect(run.status == 1)
        #expect(run.stdout.contains("NOT CHECKED"))
        #expect(run.stdout.contains("\u{1B}["))
        #expect(run.stdout.contains("database: not checked — pass --db or --schema"))
    }
}

/// Runs `body` with the path of a temporary log file holding `lines`.
func withTemporaryFile<R>(lines: [String], _ body: (String) throws -> R) throws -> R {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-\(UUID()).log")
    try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}
