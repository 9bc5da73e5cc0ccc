import Foundation
import Testing
@testable import LogMedic

/// The catalog against logs printed by real software (Tests/Corpus/catalog, captured by its capture.sh):
/// every provoked failure must be found by its rule with the right captures.
@Suite struct CorpusRecallTests {
    static let results = try! CorpusRecall(catalog: builtinCatalog)
        .run(corpus: repositoryRoot.appendingPathComponent("Tests/Corpus/catalog").path)

    @Test func serverWasProvokedIntoManySQLStates() {
        for language in ["en", "de", "fr"] {
            let log = Self.results.first { $0.path.hasSuffix("/server/\(language)/postgresql.log") }
            let states = Set(log?.expectations.compactMap(\.sqlstate) ?? [])
            #expect(states.count >= 40, "\(language): only \(states.count) distinct SQLSTATEs")
        }
    }

    @Test(arguments: ["psycopg2", "psycopg3", "asyncpg", "sqlalchemy", "django"])
    func driverFailuresAreFoundInEveryEnvelope(driver: String) {
        let files = Self.results.filter { $0.path.contains("/drivers/") && $0.path.contains("/\(driver).") }
        #expect(files.count == 3)
        for file in files {
            #expect(file.expected > 0)
            for missed in file.missed { Issue.record("\(file.path): \(missed)") }
        }
    }

    /// stderr, csvlog and jsonlog, each in English, German and French: captures read from a translated
    /// DETAIL/CONTEXT line included.
    @Test(arguments: ["en", "de", "fr"])
    func serverFailuresAreFoundInEachLanguage(language: String) {
        let files = Self.results.filter { $0.path.contains("/server/\(language)/") }
        #expect(files.count == 3)
        for file in files {
            #expect(file.expected >= 60)
            for missed in file.missed { Issue.record("\(file.path): \(missed)") }
        }
    }
}

/// The catalog on stacks it was not captured from (Tests/Corpus/holdout, captured by its capture.sh):
/// FastAPI + SQLAlchemy asyncio/asyncpg under uvicorn (plain and Docker json-file), and a job worker on
/// psycopg 3 + psycopg_pool and peewee logging JSON lines. Every failure must be found with its captures,
/// and found once: the findings' rules are exactly the expected ones, so a chained traceback that
/// repeats its error (asyncpg, then SQLAlchemy's two wrappers) adds nothing.
@Suite struct HoldoutCorpusTests {
    static let results = try! CorpusRecall(catalog: builtinCatalog)
        .run(corpus: repositoryRoot.appendingPathComponent("Tests/Corpus/holdout").path)

    @Test func everyFailureIsFoundOnceWithItsCaptures() {
        #expect(Self.results.count == 3)
        for file in Self.results {
            #expect(file.expected >= 22)
            for missed in file.missed { Issue.record("\(file.path): \(missed)") }
            let found = file.findings.map(\.ruleID).sorted()
            let expected = file.expectations.map(\.rule).sorted()
            #expect(found == expected, "\(file.path): one finding per failure, and no other")
        }
    }
}

/// The catalog on drivers and ORMs it was never tuned on (Tests/Corpus/unseen, captured by its capture.sh):
/// FastAPI under uvicorn on Tortoise ORM, aiopg, piccolo and SQLModel, a dramatiq worker on pg8000 (whose
/// errors print the server's fields as a dict) and Pony ORM, a Celery worker on SQLAlchemy + pg8000, and
/// Aerich (Tortoise ORM) migrations that fail on the table's data. Every failure is found once with its captures.
@Suite struct UnseenDriverCorpusTests {
    static let results = try! CorpusRecall(catalog: builtinCatalog)
        .run(corpus: repositoryRoot.appendingPathComponent("Tests/Corpus/unseen").path)

    @Test func everyFailureIsFoundOnceWithItsCaptures() {
        #expect(Self.results.count == 4)
        for file in Self.results {
            #expect(file.expected >= 2)
            for missed in file.missed { Issue.record("\(file.path): \(missed)") }
            let found = file.findings.map(\.ruleID).sorted()
            let expected = file.expectations.map(\.rule).sorted()
            #expect(found == expected, "\(file.path): one finding per failure, and no other")
        }
    }
}

/// The catalog on the PostgreSQL drivers of other stacks (Tests/Corpus/stack-drivers, captured by its capture.sh from a
/// real PostgreSQL 15): node-postgres (`console.error`, an unhandled rejection), pgJDBC (java.util.logging records with
/// the throwable in two layouts, `printStackTrace`, `Exception in thread "main"`), ActiveRecord 6.1 on pg (Logger lines
/// with `e.full_message` or `"#{e.class}: #{e.message}"`, an uncaught exception) and Go's lib/pq and pgx (`log.Printf`),
/// each provoked into the same 21 failures, plain and in Docker's json-file. Every failure is found with its captures,
/// once; a report of a log lists no error it does not know.
@Suite struct StackDriverCorpusTests {
    static let corpus = repositoryRoot.appendingPathComponent("Tests/Corpus/stack-drivers").path
    static let results = try! CorpusRecall(catalog: builtinCatalog).run(corpus: corpus)
    static let logs = ["node.log", "java-jul.log", "java-oneline.log", "ruby.log", "go-libpq.log", "go-pgx.log"]

    @Test func everyFailureIsFoundWithItsCaptures() {
        #expect(Self.results.count == 12)
        for file in Self.results {
            #expect(file.expected >= 21)
            for missed in file.missed { Issue.record("\(file.path): \(missed)") }
        }
    }

    /// Ruby's `e.full_message` and its uncaught exception print the ActiveRecord exception, its backtrace, then its
    /// cause (`PG::UndefinedColumn`, `PG::ConnectionBad`) with the same message: one event, found once (was: the cause
    /// opened an event of its own and the failure was found twice).
    @Test func everyFailureIsFoundOnce() {
        for file in Self.results {
            let found = file.findings.map(\.ruleID).sorted()
            let expected = file.expectations.map(\.rule).sorted()
            #expect(found == expected, "\(file.path): one finding per failure, and no other")
        }
    }

    /// Ruby's Logger line before `e.full_message`'s exception (`ERROR -- : GET /api/orders/shipped failed`) is that
    /// exception's record, with its time, and so is a java.util.logging record's `SEVERE: …` line in Docker's json-file
    /// (was: each an error no rule knows; the plain Java logs were read right, Docker's time on every line hid that the
    /// exception line has no head of its own).
    @Test(arguments: logs + logs.map { "docker/\($0)" })
    func aReportKnowsEveryError(log: String) {
        let report = Diagnoser(pipeline: ScanPipeline(catalog: UnrecognisedErrorsTests.catalog), snapshot: nil)
            .diagnose(paths: ["\(Self.corpus)/\(log)"])
        #expect(report.stats.unrecognisedErrors == nil, "\(log): \(report.stats.unrecognisedErrors?.kinds.map(\.example) ?? [])")
    }
}

/// PgBouncer 1.18 in transaction mode in front of PostgreSQL 15, and a service on psycopg2, psycopg 3, asyncpg and
/// SQLAlchemy behind it (Tests/Corpus/pgbouncer, captured by its capture.sh): every failure PgBouncer causes or
/// reports (max_client_conn, query_wait_timeout, its own authentication and database errors, server_login_retry,
/// `server conn crashed?`, prepared statements in transaction mode) is found in the pooler's log and in the
/// clients', with its captures; a report of the three logs lists no error it does not know, and prepared statements
/// of every name are one problem per rule.
@Suite struct PgBouncerCorpusTests {
    static let corpus = repositoryRoot.appendingPathComponent("Tests/Corpus/pgbouncer").path
    static let results = try! CorpusRecall(catalog: builtinCatalog).run(corpus: corpus)

    @Test func everyFailureIsFoundWithItsCaptures() {
        #expect(Self.results.count == 3)
        for file in Self.results {
            #expect(file.expected >= 7)
            for missed in file.missed { Issue.record("\(file.path): \(missed)") }
        }
    }

    @Test func aReportOfThePoolerAndItsClientsKnowsEveryError() {
        let logs = ["pgbouncer.log", "postgresql.log", "app.log"].map { "\(Self.corpus)/\($0)" }
        let report = Diagnoser(pipeline: ScanPipeline(catalog: UnrecognisedErrorsTests.catalog), snapshot: nil).diagnose(paths: logs)
        #expect(report.stats.unrecognisedErrors == nil, "\(report.stats.unrecognisedErrors?.kinds.map(\.example) ?? [])")
        let rules = report.problems.map(\.group.ruleID)
        for rule in ["pgbouncer_max_client_conn", "pgbouncer_query_wait_timeout", "pgbouncer_no_such_database", "pgbouncer_auth_failed",
                     "pgbouncer_server_login_retry", "pgbouncer_server_conn_crashed"] {
            #expect(rules.contains(rule), "\(rule)")
        }
        #expect(rules.filter { $0 == "duplicate_prepared_statement" }.count == 1)
        #expect(rules.filter { $0 == "undefined_prepared_statement" }.count == 1)
    }

    /// asyncpg's HINT on PgBouncer (a note, a quoted word, blank lines, `* ` paragraphs) is part of its error's
    /// message: SQLAlchemy's traceback chained after it is the same failure (was: each failure counted twice, the
    /// chain cut at the HINT's first blank line). Three workers' and three requests' failures: six findings.
    @Test func asyncpgsPgBouncerHintKeepsItsChainTogether() throws {
        let (findings, _) = scan(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: "\(Self.corpus)/app.log"))))
        let prepared = findings.filter { $0.ruleID == "undefined_prepared_statement" }
        #expect(prepared.count == 6)
        #expect(prepared.allSatisfy { $0.event.text.contains("statement_cache_size to 0") })
        #expect(prepared.filter { $0.event.text.contains("The above exception was the direct cause") }.count == 3)
    }
}

/// The localized patterns in rules/ are what scripts/localize-rules generates from the installed .mo files.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/locale/de/LC_MESSAGES/postgres-15.mo"),
                "needs PostgreSQL 15's translations (apt-get install postgresql-15)"))
struct LocalizedPatternTests {
    @Test func generatedBlocksAreUpToDate() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repositoryRoot.appendingPathComponent("scripts/localize-rules").path, "--check"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(message)")
    }
}
