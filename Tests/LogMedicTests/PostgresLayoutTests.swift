import Foundation
import Testing
@testable import LogMedic

/// The server log of a real PostgreSQL 15 provoked into the same failures under each layout
/// (fixtures/layouts/postgres/capture.sh): every layout must give the same findings with the same captures.
@Suite struct PostgresLayoutTests {
    static let directory = repositoryRoot.appendingPathComponent("fixtures/layouts/postgres")

    static func findings(_ file: String) throws -> [Finding] {
        let bytes = try Array(Data(contentsOf: directory.appendingPathComponent(file)))
        return scan(bytes: bytes).findings
    }

    /// Rule and captures of each finding, in log order.
    static func summary(_ findings: [Finding]) -> [String] {
        findings.map { f in f.ruleID + " " + f.captures.map { "\($0.name)=\($0.value)" }.sorted().joined(separator: " ") }
    }

    @Test(arguments: ["rds.log", "pgbadger.log", "verbose.log", "csvlog.csv", "jsonlog.json"])
    func sameFindingsAsDebianPrefix(_ file: String) throws {
        let debian = Self.summary(try Self.findings("debian.log"))
        #expect(Self.summary(try Self.findings(file)) == debian)
    }

    /// Layouts mix in one stream: a jsonlog record before each message of the Debian-prefixed log.
    @Test func layoutsMixLineByLine() throws {
        func lines(_ file: String) throws -> [String] {
            try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n").map(String.init)
        }
        var json = try lines("jsonlog.json")[...]
        var mixed: [String] = []
        for line in try lines("debian.log") {
            let opensMessage = ["LOG:  ", "ERROR:  "].contains { line.contains($0) } && !line.hasPrefix("\t")
            if opensMessage, let record = json.popFirst() { mixed.append(record) }
            mixed.append(line)
        }
        mixed += json
        let findings = scan(mixed.joined(separator: "\n")).findings
        let debian = Self.summary(try Self.findings("debian.log"))
        #expect(Self.summary(findings).sorted() == (debian + debian).sorted())
        #expect(findings.filter { $0.ruleID == "unique_violation" }.allSatisfy { $0.capture("key") == "email" })
    }

    @Test func debianPrefixFindingsCarryTheirDetailAndStatement() throws {
        let findings = try Self.findings("debian.log")
        let unique = try #require(findings.first { $0.ruleID == "unique_violation" })
        #expect(unique.capture("constraint") == "users_email_key")
        #expect(unique.capture("key") == "email")
        #expect(findings.contains { $0.ruleID == "foreign_key_violation" && $0.capture("constraint") == "orders_user_id_fkey" })
        #expect(findings.contains { $0.ruleID == "not_null_violation" && $0.capture("column") == "email" })
        #expect(findings.contains { $0.ruleID == "undefined_table" && $0.capture("relation") == "user_invitations" })
        #expect(findings.contains { $0.ruleID == "undefined_column" && $0.capture("column") == "timestamp" })
        #expect(findings.contains { $0.ruleID == "statement_timeout" })
    }

    @Test(arguments: ["debian.log", "rds.log", "pgbadger.log", "verbose.log", "csvlog.csv", "jsonlog.json"])
    func eventsKeepDetailStatementAndPrefixFields(_ file: String) throws {
        let findings = try Self.findings(file)
        let unique = try #require(findings.first { $0.ruleID == "unique_violation" })
        let lines = unique.event.text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ERROR:  ") == true)
        #expect(lines.contains("DETAIL:  Key (email)=(a@example.com) already exists."))
        #expect(lines.contains("STATEMENT:  INSERT INTO users (email) VALUES ('a@example.com');"))
        #expect(unique.event.user == "postgres")
        #expect(unique.event.database == "shop")
        #expect(unique.event.level == "error")
        #expect(unique.event.epoch != nil)
        #expect(unique.event.timestamp?.hasPrefix("20") == true)
        // The multi-line statement stays with its error, its second line indented as the server writes it.
        let multiLine = try #require(findings.last { $0.ruleID == "foreign_key_violation" })
        #expect(multiLine.event.text.contains("STATEMENT:  INSERT INTO orders (user_id, note)\n\tVALUES (7, 'it''s \"quoted\"\n\ton two lines');"))
    }

    @Test(arguments: ["pgbadger.log", "csvlog.csv", "jsonlog.json"])
    func applicationNameIsKept(_ file: String) throws {
        let findings = try Self.findings(file)
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0.event.application == "shop-api" })
    }

    @Test(arguments: ["verbose.log", "csvlog.csv", "jsonlog.json"])
    func structuredRecordsAreRenderedInTheVerboseForm(_ file: String) throws {
        let findings = try Self.findings(file)
        let undefined = try #require(findings.first { $0.ruleID == "undefined_table" })
        #expect(undefined.event.text.hasPrefix(#"ERROR:  42P01: relation "user_invitations" does not exist"#))
        let unique = try #require(findings.first { $0.ruleID == "unique_violation" })
        #expect(unique.event.text.hasPrefix(#"ERROR:  23505: duplicate key value violates unique constraint "users_email_key""#))
    }

    /// Continuation lines join the error of their own server process, not whatever line came before.
    @Test func continuationLinesFollowTheirProcess() {
        let log = """
        2026-12-03 14:12:52.486 UTC [11411] postgres@shop ERROR:  duplicate key value violates unique constraint "users_email_key"
        2026-12-03 14:12:52.486 UTC [11999] postgres@shop DETAIL:  Key (email)=(b@example.com) already exists.
        2026-12-03 14:12:52.487 UTC [11411] postgres@shop ERROR:  duplicate key value violates unique constraint "users_email_key"
        2026-12-03 14:12:52.487 UTC [11411] postgres@shop DETAIL:  Key (email)=(a@example.com) already exists.
        2026-12-03 14:12:52.490 UTC [11377] LOG:  checkpoint starting: time
        """
        let (findings, _) = scan(log)
        #expect(findings.count == 2)
        #expect(findings.first?.capture("key") == nil)
        #expect(findings.first?.event.lastLine == 1)
        #expect(findings.last?.capture("key") == "email")
        #expect(findings.last?.event.lastLine == 4)
    }

    /// The lines of an error repeat its prefix, and lines of other processes often differ from it only in a pid,
    /// longer or shorter: each line still reads as its own, pid, user and timestamp.
    @Test func repeatedPrefixesReadAsTheirOwnLines() {
        let (findings, _) = scan("""
        2026-12-03 14:12:52.486 UTC [9] app@shop ERROR:  duplicate key value violates unique constraint "users_email_key"
        2026-12-03 14:12:52.486 UTC [10411] app@shop DETAIL:  Key (email)=(b@example.com) already exists.
        2026-12-03 14:12:52.486 UTC [10411] app@shop ERROR:  duplicate key value violates unique constraint "users_email_key"
        2026-12-03 14:12:52.486 UTC [10411] app@shop DETAIL:  Key (email)=(a@example.com) already exists.
        2026-12-03 14:12:52.486 UTC [9] app@shop DETAIL:  Key (email)=(c@example.com) already exists.
        2026-12-03 14:12:53.001 UTC [7] report@shop ERROR:  relation "x" does not exist
        """)
        #expect(findings.map { f in
            "\(f.event.firstLine)-\(f.event.lastLine) \(f.event.user ?? "-") \(f.event.timestamp ?? "-") \(f.capture("key") ?? "-")"
        } == [
            "1-1 app 2026-12-03 14:12:52.486 UTC -", "3-4 app 2026-12-03 14:12:52.486 UTC email",
            "6-6 report 2026-12-03 14:12:53.001 UTC -",
        ])
        #expect(abs((findings.last?.event.epoch ?? 0) - 1_796_307_173.001) < 1e-6)
    }

    /// A prefix without the pid (`%t %u@%d `): user and database still keep two sessions apart.
    @Test func withoutPidUserAndDatabaseKeepSessionsApart() {
        let (findings, _) = scan("""
        2026-12-03 14:12:52 UTC app@shop ERROR:  duplicate key value violates unique constraint "users_email_key"
        2026-12-03 14:12:52 UTC report@shop DETAIL:  Key (email)=(b@example.com) already exists.
        2026-12-03 14:12:53 UTC app@shop ERROR:  duplicate key value violates unique constraint "users_email_key"
        2026-12-03 14:12:53 UTC app@shop DETAIL:  Key (email)=(a@example.com) already exists.
        """)
        #expect(findings.map { $0.capture("key") } == [nil, "email"])
    }

    /// Sessions of more users than a scanner keeps prefixes of, interleaved with other sessions' lines:
    /// each error keeps its own user, database and DETAIL.
    @Test func interleavedSessionsKeepTheirOwnPrefixFields() {
        let users = ["api", "app", "worker", "report", "cron", "admin"]
        var lines: [String] = []
        var expected: [String] = []
        for round in 0..<3 {
            for (index, user) in users.enumerated() {
                let prefix = "2026-12-03 14:12:5\(round).00\(index) UTC [\(1000 + 10 * round + index)] \(user)@db\(index)"
                expected.append("\(lines.count + 1)-\(lines.count + 2) \(user)@db\(index) c\(index)")
                lines.append(#"\#(prefix) ERROR:  duplicate key value violates unique constraint "t\#(index)_key""#)
                lines.append("\(prefix) DETAIL:  Key (c\(index))=(\(round)) already exists.")
                lines.append("2026-12-03 14:12:5\(round).00\(index) UTC [\(2000 + index)] \(users[(index + 1) % users.count])@other LOG:  duration: 1.0 ms")
            }
        }
        let (findings, _) = scan(lines.joined(separator: "\n"))
        #expect(findings.map { f in
            "\(f.event.firstLine)-\(f.event.lastLine) \(f.event.user ?? "-")@\(f.event.database ?? "-") \(f.capture("key") ?? "-")"
        } == expected)
    }

    /// Prefix fields come from the log: secrets in them are masked like in the text.
    @Test func prefixFieldsAreRedacted() throws {
        let (findings, _) = scan(#"2026-12-03 14:12:56 UTC [11526]: user=postgres,db=shop,app=worker password=S3cretPw1,client=[local] ERROR:  relation "x" does not exist"#)
        let finding = try #require(findings.first)
        #expect(finding.event.application == "worker password=S3cretPw1")
        let output = FindingFormatter(format: .ndjson, style: TerminalStyle(enabled: false)).render(finding)
        #expect(output.contains(#""application":"worker password="#) && !output.contains("S3cretPw1"))
    }

    /// `%e` before the severity and a prefix without brackets around the pid.
    @Test func sqlstateInThePrefixIsRenderedAfterTheSeverity() {
        let (findings, _) = scan("""
        2026-12-03 14:12:59.063 UTC 23505 app@shop ERROR:  duplicate key value violates unique constraint "users_email_key"
        2026-12-03 14:12:59.063 UTC 23505 app@shop DETAIL:  Key (email)=(a@example.com) already exists.
        """)
        #expect(findings.count == 1)
        #expect(findings.first?.event.text.hasPrefix(#"ERROR:  23505: duplicate key"#) == true)
        #expect(findings.first?.capture("key") == "email")
        #expect(findings.first?.event.user == "app")
    }

    /// An error line that holds no rule's literal (`RAISE EXCEPTION 'order % cannot be refunded'`), then the
    /// continuation that a rule knows (`CONTEXT:  PL/pgSQL function … at RAISE`): the event starts at the error,
    /// with its message, in every language the server printed it in (Tests/Corpus/catalog/server, PostgreSQL 15
    /// with `%e` in its prefix). It used to start at the CONTEXT line, without the message.
    @Test(arguments: [("en", "ERROR:  P0001: order 42 cannot be refunded"), ("de", "FEHLER:  P0001: order 42 cannot be refunded"),
                      ("fr", "ERREUR:  P0001: order 42 cannot be refunded")])
    func aContinuationARuleKnowsBringsTheErrorLineBeforeIt(language: String, message: String) throws {
        let log = repositoryRoot.appendingPathComponent("Tests/Corpus/catalog/server/\(language)/postgresql.log")
        let findings = scan(bytes: Array(try Data(contentsOf: log))).findings.filter { $0.ruleID == "plpgsql_raise_exception" }
        let raised = try #require(findings.first { $0.captures.contains { $0.value == "refund(integer)" } })
        #expect(raised.event.text.hasPrefix(message + "\n"), "\(raised.event.text)")
        #expect(raised.event.level == "error")
        #expect(raised.event.lastLine == raised.event.firstLine + 2)
    }

    /// Under `lc_messages` the server translates its severity words (ingest/postgres-severities.yaml, generated
    /// from its catalogs): a translated CONTEXT or STATEMENT line, also with a space before the colon or inside
    /// the word, still continues its message, and a translated ERROR is an error. (The corpus test shows the
    /// localized patterns reading captures from such lines, in the server's own German and French output.)
    @Test(arguments: [
        ("FEHLER", "ZUSAMMENHANG"), ("ERREUR", "CONTEXTE "), ("ОШИБКА", "КОНТЕКСТ"), ("오류", "명령 구문"), ("ERROR", "CONTEXT"),
    ])
    func translatedSeverityWordsAreRead(error: String, continuation: String) throws {
        let (findings, _) = scan("""
        2026-12-03 14:40:06.221 UTC [31796] P0002 app_user@appdb \(error):  query returned no rows
        2026-12-03 14:40:06.221 UTC [31796] P0002 app_user@appdb \(continuation):  SELECT customer_name(999)
        2026-12-03 14:40:06.222 UTC [31777] LOG:  checkpoint starting: time
        """)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.event.lastLine == 2, "the continuation line belongs to the error")
        #expect(finding.event.level == "error")
    }

    /// Words that only look like severities do not make a line a server line.
    @Test func lookAlikeWordsAreNotSeverities() {
        func parse(_ line: String) -> PostgresServerLine? { Array(line.utf8).withUnsafeBytes(PostgresServerLine.parse) }
        for line in ["2026-12-03 14:40:06 app Error:  query returned no rows", "2026-12-03 14:40:06 [1] XERROR:  query returned no rows"] {
            #expect(parse(line) == nil, "\(line)")
        }
        #expect(parse("2026-12-03 14:40:06.221 UTC [7]ERREUR:  x")?.severity == "ERROR")
    }
}
