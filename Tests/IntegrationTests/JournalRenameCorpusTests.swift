import Foundation
import Testing
@testable import LogMedic

/// A column logmedic itself renamed (Tests/Corpus/journal-rename): the drafted rename is applied from the new release's
/// logs with the real binary, then an old worker still writes the old name. The report says logmedic renamed it and
/// tells to change the code (was: "Add the column with a migration", which adds an empty column beside the renamed
/// one; found by the Node probe).
@Suite("report: a column renamed by logmedic (binary, live PostgreSQL)", .enabled(if: TestDatabase.isAvailable))
struct JournalRenameCorpusTests {
    static let corpus = CLI.packageRoot.appendingPathComponent("Tests/Corpus/journal-rename")
    static func logs(_ release: String) -> [String] {
        ["\(release)-app.log", "\(release)-server.log"].map { corpus.appendingPathComponent($0).path }
    }
    static let playbooks = corpus.appendingPathComponent("drafts").path

    /// A database as migration 0001 left it, and `body` after `applied` (the rename by logmedic, or none).
    static func withMembers(renamedByLogmedic applied: Bool, _ body: (PostgresConnection, String) throws -> Void) throws {
        try TestDatabase.with { connection, dsn in
            try connection.execute(try String(contentsOf: corpus.appendingPathComponent("migrations/0001_members.sql"), encoding: .utf8))
            if applied {
                let fix = try CLI.run(["fix"] + logs("new") + ["--db", dsn, "--playbooks", playbooks, "--apply", "--yes"])
                #expect(fix.status == 0, "\(fix.stdout)\(fix.stderr)")
                #expect(fix.stdout.contains("applied and committed; recorded in logmedic.journal."))
            }
            try body(connection, dsn)
        }
    }

    @Test func theReportSaysLogmedicRenamedItAndToChangeTheCode() throws {
        try Self.withMembers(renamedByLogmedic: true) { _, dsn in
            let run = try CLI.run(["report"] + Self.logs("old") + ["--db", dsn, "--color", "never"])
            #expect(run.status == 1)
            #expect(run.stderr.split(separator: "\n").allSatisfy { !$0.contains("journal") }, "\(run.stderr)")
            let text = run.stdout
            #expect(text.contains("HIGH P1  Column does not exist: members.full_name"), "\(text)")
            #expect(text.range(of: #"database: CONFIRMED  public.members has no column full_name. logmedic renamed it to display_name at 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC \(rename_members_full_name, logmedic.journal #1\): the code is behind the database."#, options: .regularExpression) != nil, "\(text)")
            #expect(text.contains("fix: Change the code to use display_name where it uses full_name"))
            #expect(text.contains("Do not add full_name back"))
            #expect(text.contains("`logmedic fix --revert rename_members_full_name"))
            #expect(!text.contains("Add the column with a migration"))

            let json = try CLI.run(["report"] + Self.logs("old") + ["--db", dsn, "--format", "json"])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let problem = try #require((document["problems"] as? [[String: Any]])?.first)
            let correlation = try #require(problem["correlation"] as? [String: Any])
            #expect(correlation["status"] as? String == "confirmed")
            let facts = try #require(correlation["facts"] as? [String: String])
            #expect(facts["renamed_to"] == "display_name" && facts["journal_id"] == "1" && facts["renamed_by"] == "rename_members_full_name")
            let steps = try #require((problem["recommendation"] as? [String: Any])?["fix"] as? [String])
            #expect(steps.first?.hasPrefix("Change the code to use display_name where it uses full_name") == true, "\(steps)")
            // No playbook is offered: adding the old column back is what the report warns against. `fix` says why and
            // exits 1, as for any confirmed problem it cannot fix.
            #expect((problem["recommendation"] as? [String: Any])?["playbooks"] as? [String] ?? [] == [])
            let fix = try CLI.run(["fix"] + Self.logs("old") + ["--db", dsn, "--playbooks", Self.playbooks, "--color", "never"])
            #expect(fix.status == 1)
            #expect(fix.stdout.contains("P1 Column does not exist: members.full_name: no playbook applies — the code is behind the database: logmedic renamed the column to display_name (logmedic.journal #1); change the code to use it, see `logmedic report`"), "\(fix.stdout)")
        }
    }

    /// `watch` runs the same check: its report at the end of input says the same.
    @Test func watchSaysTheSame() throws {
        try Self.withMembers(renamedByLogmedic: true) { _, dsn in
            let input = try #require(FileHandle(forReadingAtPath: Self.logs("old")[1]))
            let run = try TimedRun(executable: CLI.binary, arguments: ["watch", "-", "--db", dsn, "--interval", "0", "--color", "never"], standardInput: input)
            _ = run.waitForLines()
            #expect(run.stdout.contains("logmedic renamed it to display_name at "), "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("fix: Change the code to use display_name where it uses full_name"))
        }
    }

    /// A rename logmedic did not make (by hand, no journal), or one it made and reverted, says nothing of logmedic; no
    /// error either.
    @Test(arguments: [false, true])
    func aRenameTheJournalDoesNotHoldChangesNothing(revertedFirst: Bool) throws {
        try Self.withMembers(renamedByLogmedic: revertedFirst) { connection, dsn in
            if revertedFirst {
                let revert = try CLI.run(["fix", "--revert", "rename_members_full_name", "--db", dsn, "--playbooks", Self.playbooks, "--apply", "--yes"])
                #expect(revert.status == 0, "\(revert.stdout)\(revert.stderr)")
            }
            try connection.execute("ALTER TABLE members RENAME COLUMN full_name TO display_name")
            try Self.expectNothingOfLogmedic(dsn)
        }
    }

    /// A journal an older logmedic wrote has no `renamed_columns`: it is read without error and tells nothing.
    @Test func aJournalWithoutRenamesIsReadWithoutError() throws {
        try Self.withMembers(renamedByLogmedic: false) { connection, dsn in
            try connection.execute("""
                CREATE SCHEMA logmedic;
                CREATE TABLE logmedic.journal (id bigserial PRIMARY KEY, playbook text NOT NULL, action text NOT NULL,
                    checksums jsonb NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), schema_diff text NOT NULL,
                    logmedic_version text NOT NULL, parameters jsonb NOT NULL DEFAULT '{}');
                INSERT INTO logmedic.journal (playbook, action, checksums, schema_diff, logmedic_version)
                    VALUES ('rename_members_full_name', 'apply', '{}', '', '0.0.9');
                ALTER TABLE members RENAME COLUMN full_name TO display_name;
                """)
            try Self.expectNothingOfLogmedic(dsn)
        }
    }

    /// The report of the old worker's logs as before: the column is missing, nothing is said of logmedic, no error.
    static func expectNothingOfLogmedic(_ dsn: String) throws {
        let run = try CLI.run(["report"] + logs("old") + ["--db", dsn, "--color", "never"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("database: CONFIRMED  public.members has no column full_name."), "\(run.stdout)")
        #expect(!run.stdout.contains("logmedic renamed"))
        #expect(!run.stdout.contains("Change the code to use display_name"))
        #expect(!run.stderr.contains("journal"), "\(run.stderr)")
    }
}
