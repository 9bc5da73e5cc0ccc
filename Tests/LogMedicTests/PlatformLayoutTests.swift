import Foundation
import Testing
@testable import LogMedic

/// Real program output wrapped in platform line prefixes (fixtures/layouts/platforms/wrap.py), and plain
/// Node 20 stderr (fixtures/layouts/node/capture.sh).
@Suite struct PlatformLayoutTests {
    static let root = repositoryRoot.appendingPathComponent("fixtures/layouts")

    static func findings(_ file: String) throws -> [Finding] {
        scan(bytes: try Array(Data(contentsOf: root.appendingPathComponent(file)))).findings
    }

    /// What a user compares: rule, captures and the app's own code location.
    static func summary(_ f: Finding) -> String {
        let app = f.frames.last { !$0.isLibrary }.map { "\($0.file):\($0.line)" } ?? "-"
        return f.ruleID + " " + f.captures.map { "\($0.name)=\($0.value)" }.sorted().joined(separator: " ") + " @" + app
    }

    static let unwrapped: [String: [String]] = {
        var bySource: [String: [String]] = [:]
        for (service, file) in [("db", "postgres/debian.log"), ("web", "node/node-stderr.log"), ("api", "python/uvicorn.log")] {
            bySource[service] = (try? findings(file))?.map(summary) ?? []
        }
        return bySource
    }()

    @Test(arguments: [
        ("platforms/compose.log", ["db": "db-1", "web": "web-1", "api": "api-1"]),
        ("platforms/kubectl.log", ["db": "db-0/postgres", "web": "web-7d9f8c6b5-x2kqz/web", "api": "api-5c4b9d7f8-q9wzn/api"]),
        ("platforms/heroku.log", ["web": "web.1", "api": "api.1"]),
    ])
    func wrappedOutputGivesTheFindingsOfTheProgramItself(_ file: String, services: [String: String]) throws {
        let findings = try Self.findings(file)
        for (source, service) in services {
            let expected = try #require(Self.unwrapped[source])
            #expect(!expected.isEmpty)
            #expect(findings.filter { $0.event.service == service }.map(Self.summary) == expected, "\(service)")
        }
        #expect(findings.allSatisfy { $0.event.epoch != nil && $0.event.service != nil })
        #expect(findings.count == services.keys.reduce(0) { $0 + (Self.unwrapped[$1]?.count ?? 0) })
    }

    @Test func wrapperTimestampIsUsedWhenTheLineHasNone() throws {
        let node = try #require(try Self.findings("platforms/compose.log").first { $0.event.service == "web-1" })
        #expect(node.event.timestamp?.hasSuffix("123Z") == true)
        #expect(node.event.text.hasPrefix("TypeError: items.map is not a function\n    at render (/srv/shop-web/app.js:3:39)"))
        let server = try #require(try Self.findings("platforms/compose.log").first { $0.event.service == "db-1" })
        #expect(server.event.timestamp?.hasSuffix(" UTC") == true)  // the server's own, from its prefix
        #expect(server.event.user == "postgres")
    }

    /// Four separate Node errors (two caught, one uncaught, one unhandled rejection) are four events,
    /// also when each line carries `docker logs -t`'s timestamp.
    @Test(arguments: [false, true])
    func nodeErrorsAreSeparateEvents(timestamped: Bool) throws {
        var text = try String(contentsOf: Self.root.appendingPathComponent("node/node-stderr.log"), encoding: .utf8)
        if timestamped {
            text = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "2026-12-03T14:16:04.123456789Z " + $0 }.joined(separator: "\n")
        }
        let findings = scan(text).findings
        #expect(findings.map { "\($0.event.firstLine)-\($0.event.lastLine)" } == ["1-10", "11-20", "35-44", "51-58"])
        #expect(findings.allSatisfy { $0.frames.last { !$0.isLibrary }?.file == "/srv/shop-web/app.js" })
        #expect(findings.map { $0.frames.last { !$0.isLibrary }?.line } == [3, 3, 3, 15])
    }

    /// Lines longer than 16 KiB, which Docker's json-file driver cuts into several records: read joined,
    /// they give the findings the lines give unsplit (a JSON record's traceback ending in a long statement
    /// was lost, a long plain exception line counted as a second event of its own).
    @Test func dockerJSONFileRecordsOfOneLongLineAreJoined() throws {
        let records = try Self.findings("platforms/docker-json-file-long.log")
        let lines = try Self.findings("platforms/docker-json-file-long.lines")
        #expect(lines.map(\.ruleID) == ["undefined_table", "undefined_column"])
        #expect(records.map(Self.summary) == lines.map(Self.summary))
        #expect(records.map { "\($0.event.firstLine)-\($0.event.lastLine)" } == ["1-1", "3-9"])
        #expect(records.map { $0.event.text.count > 16_384 } == [true, true])
    }

    /// An app logging JSON to stdout under Docker's json-file driver: each "log" string is the app's own
    /// record. It reads as that record (its message, traceback and level; the engine's time), giving what
    /// the app's lines give alone, not a relation named `shop_items\` with no code location, or nothing.
    @Test func dockerJSONFileHoldingJSONRecordsGivesTheAppsFindings() throws {
        let findings = try Self.findings("platforms/docker-json-file.log")
        var expected: [String] = []
        for file in ["python/json-logger.jsonl", "python/structlog.jsonl", "python/ecs-logging.jsonl"] {
            expected += try Self.findings(file).map(Self.summary)
        }
        #expect(expected == Array(repeating: "undefined_table relation=shop_items @/srv/shop-api/json_logging.py:16", count: 3))
        #expect(findings.map(Self.summary) == expected)
        #expect(findings.map(\.event.firstLine) == [1, 2, 3])
        #expect(findings.allSatisfy { $0.event.level == "error" && $0.event.timestamp?.hasPrefix("2026-12-04T18:00:00.00") == true })
        #expect(findings.allSatisfy { $0.event.text.hasPrefix("Unhandled error on GET /api/items\n") })
    }

    /// Python `logging` lines (four formats, fixtures/layouts/python/logging-*.log) stored one per JSON record by
    /// Docker's json-file driver, journald and Railway (platforms/wrapped-plain.py): each finding has what the
    /// lines give unwrapped — the logger, the level the line says (not journald's PRIORITY 6), the app's own
    /// timestamp, cut from the text — not a null logger, the platform's time and the app's timestamp in the text.
    @Test(arguments: ["platforms/docker-json-file-plain.log", "platforms/journald-plain.json", "platforms/railway-plain.jsonl"])
    func plainLinesInJSONRecordsKeepTheirHeader(_ file: String) throws {
        let wrapped = try Self.findings(file)
        var unwrapped: [Finding] = []
        for name in ["logging-bracketed.log", "logging-plain.log", "logging-dashes.log", "logging-basic.log"] {
            unwrapped += try Self.findings("python/" + name)
        }
        #expect(unwrapped.count == 8)
        #expect(wrapped.map(Self.summary) == unwrapped.map(Self.summary))
        #expect(wrapped.map(\.event.text) == unwrapped.map(\.event.text))
        #expect(wrapped.map(\.event.logger) == unwrapped.map(\.event.logger))
        #expect(wrapped.map(\.event.level) == unwrapped.map(\.event.level))
        #expect(wrapped.allSatisfy { $0.event.logger == "app.api" && $0.event.level == "error" })
        // The app's time where its line has one (BASIC_FORMAT has none: the platform's, half a second later).
        #expect(wrapped.prefix(6).map(\.event.timestamp) == unwrapped.prefix(6).map(\.event.timestamp))
        #expect(wrapped.prefix(6).map(\.event.epoch) == unwrapped.prefix(6).map(\.event.epoch))
        #expect(wrapped.suffix(2).allSatisfy { $0.event.epoch != nil })
    }

    /// An app logging local time (a container's TZ, 5 h off) under a platform that stamps UTC: the line's
    /// time, read as UTC, would be hours wrong, so the record's exact time stays the event's.
    @Test func anAppClockInAnotherZoneLeavesThePlatformsTime() throws {
        let line = #"{"timestamp":"2026-12-03T14:16:17.815Z","message":"2026-12-03 09:16:17,315 ERROR [app.api] relation \"orders\" does not exist"}"#
        let finding = try #require(scan(line + "\n").findings.first)
        #expect(finding.event.timestamp == "2026-12-03T14:16:17.815Z")
        #expect(finding.event.logger == "app.api" && finding.event.level == "error")
        #expect(finding.event.text == #"ERROR [app.api] relation "orders" does not exist"#, "the app's time cut, as unwrapped")
    }

    /// Python `logging` lines with tracebacks (python/logging-bracketed.log) and uvicorn's (python/uvicorn.log)
    /// behind the prefixes of `docker logs -t` / `kubectl logs --timestamps`, `fly logs` and `journalctl`
    /// (platforms/wrap-timestamped.py) give the findings of the lines unwrapped: each traceback one event with
    /// its frames, logger and level (was: under Fly and journalctl every exception line a finding of its own
    /// with no frames, 6 for 3 errors; after `docker logs -t` no logger or level, the app's time in the text).
    @Test(arguments: [("platforms/timestamps.log", nil), ("platforms/fly.log", "e784079b449483"),
                      ("platforms/journalctl-short-iso.log", "python3"), ("platforms/journalctl-short.log", "python3")])
    func timestampedPrefixesGiveTheFindingsOfTheLines(_ file: String, service: String?) throws {
        let wrapped = try Self.findings(file)
        let unwrapped = try Self.findings("python/logging-bracketed.log") + Self.findings("python/uvicorn.log")
        #expect(unwrapped.count == 3)
        #expect(wrapped.map(Self.summary) == unwrapped.map(Self.summary))
        #expect(wrapped.map(\.event.text) == unwrapped.map(\.event.text))
        #expect(wrapped.map(\.event.logger) == unwrapped.map(\.event.logger))
        #expect(wrapped.map(\.event.level) == unwrapped.map(\.event.level))
        #expect(wrapped.prefix(2).map(\.event.timestamp) == unwrapped.prefix(2).map(\.event.timestamp))
        #expect(wrapped.last?.event.timestamp != nil)
        #expect(wrapped.allSatisfy { $0.event.service == service })
    }

    /// A node's CRI log files (platforms/kubernetes: a psycopg 3 app's stdout and PostgreSQL 15's stderr, wrapped by
    /// wrap.py as containerd and CRI-O write them; a 19 KB line split into `P` records ended by `F`) give the
    /// findings of the lines themselves: each traceback one event with its frames, logger and level, the app's and
    /// the server's own time, user and database, the long line's finding once with its header (was: every line
    /// its own event with the runtime's time, no frames, level or logger).
    @Test(arguments: ["kubernetes/cri-containerd", "kubernetes/cri-o"])
    func criLogFilesGiveTheFindingsOfTheLines(_ folder: String) throws {
        for (wrapped, plain) in [("api.log", "app.log"), ("postgres.log", "postgres.log")] {
            let records = try Self.findings("platforms/\(folder)/\(wrapped)")
            let lines = try Self.findings("platforms/kubernetes/\(plain)")
            #expect(lines.count == 4)
            #expect(records.map(Self.summary) == lines.map(Self.summary), "\(wrapped)")
            #expect(records.map(\.event.text) == lines.map(\.event.text))
            #expect(records.map(\.event.logger) == lines.map(\.event.logger))
            #expect(records.map(\.event.level) == lines.map(\.event.level))
            #expect(records.map(\.event.timestamp) == lines.map(\.event.timestamp))
            #expect(records.map(\.event.user) == lines.map(\.event.user))
            #expect(records.map(\.event.database) == lines.map(\.event.database))
        }
        let long = try #require(try Self.findings("platforms/\(folder)/api.log").first { $0.ruleID == "undefined_column" })
        #expect(long.event.text.count > 16_384 && long.event.logger == "orders.api")
    }

    /// `kubectl logs --timestamps` (platforms/kubernetes/wrap.py, kubectl-ts): kubelet puts its timestamp before every
    /// CRI record, so the 19 KB line containerd split reads `TS part1TS part2`. Its finding's text is the line the
    /// app wrote (was: kubelet's second timestamp inside it), and every finding is the plain line's.
    @Test func kubectlTimestampsOfASplitLineGiveTheLinesOwnText() throws {
        for (wrapped, plain) in [("api.log", "app.log"), ("postgres.log", "postgres.log")] {
            let records = try Self.findings("platforms/kubernetes/kubectl-ts/\(wrapped)")
            let lines = try Self.findings("platforms/kubernetes/\(plain)")
            #expect(records.map(Self.summary) == lines.map(Self.summary), "\(wrapped)")
            #expect(records.map(\.event.text) == lines.map(\.event.text), "\(wrapped)")
            #expect(records.map(\.event.timestamp) == lines.map(\.event.timestamp), "\(wrapped)")
        }
        let long = try #require(try Self.findings("platforms/kubernetes/kubectl-ts/api.log").first { $0.ruleID == "undefined_column" })
        #expect(!long.event.text.contains("Z 3"), "kubelet's timestamp left in the text")
    }

    /// Container prefixes (platforms/kubernetes/wrap.py): `docker compose logs` on a terminal colours its prefix
    /// (`ESC[36mapi-1  | ESC[0m…`), `stern` (default template, piped or `--color always`) puts the pod and the
    /// container before each line, and the namespace before them with `-A` (was: not read, the lines' own
    /// findings lost under `shop orders-… api`). Each container's findings are those of its lines, with its own time and named
    /// as the tool names it, stern's `POD/CONTAINER` as `kubectl logs --prefix` does (was: no service, no time,
    /// a traceback's lines apart from their header).
    @Test(arguments: [("platforms/kubernetes/compose-color.log", "api-1", "db-1"),
                      ("platforms/kubernetes/stern-plain.log", "orders-7c9d5f6b8-x2kqz/api", "orders-7c9d5f6b8-x2kqz/postgres"),
                      ("platforms/kubernetes/stern.log", "orders-7c9d5f6b8-x2kqz/api", "orders-7c9d5f6b8-x2kqz/postgres"),
                      ("platforms/kubernetes/stern-all-plain.log", "orders-7c9d5f6b8-x2kqz/api", "orders-7c9d5f6b8-x2kqz/postgres"),
                      ("platforms/kubernetes/stern-all.log", "orders-7c9d5f6b8-x2kqz/api", "orders-7c9d5f6b8-x2kqz/postgres")])
    func containerPrefixesGiveTheFindingsOfTheLines(_ file: String, app: String, server: String) throws {
        let findings = try Self.findings(file)
        for (service, plain) in [(app, "app.log"), (server, "postgres.log")] {
            let lines = try Self.findings("platforms/kubernetes/\(plain)")
            let wrapped = findings.filter { $0.event.service == service }
            #expect(wrapped.map(Self.summary) == lines.map(Self.summary), "\(service)")
            #expect(wrapped.map(\.event.text) == lines.map(\.event.text))
            #expect(wrapped.map(\.event.timestamp) == lines.map(\.event.timestamp))
        }
        #expect(findings.count == 8)
        #expect(scan("api-1 exited with code 137\n").findings.map(\.ruleID) == ["oom_killed"], "docker compose's own line")
    }

    /// Loki's `logcli query` output (platforms/kubernetes/wrap.py): `TIMESTAMP {container="postgres"} line`. The
    /// server's findings are those of its lines, with its own time, user and database; the service is the container
    /// (was: none, the server's lines read with logcli's time to the second). logcli trims each line (its default
    /// output calls strings.TrimSpace), so a Python traceback's frames lose their indentation: they are read as
    /// indented again, and each traceback is one event with its `logging` header, frames and code location, as in
    /// the app's own output (was: the frames apart from their header, no code location).
    @Test func logcliOutputGivesTheServersFindings() throws {
        let findings = try Self.findings("platforms/kubernetes/logcli.log")
        let server = findings.filter { $0.event.service == "postgres" }
        let lines = try Self.findings("platforms/kubernetes/postgres.log")
        #expect(server.map(Self.summary) == lines.map(Self.summary))
        #expect(server.map(\.event.text) == lines.map(\.event.text))
        #expect(server.map(\.event.timestamp) == lines.map(\.event.timestamp))
        #expect(server.allSatisfy { $0.event.user == "postgres" && $0.event.database == "orders" })
        let long = try #require(findings.first { $0.ruleID == "undefined_column" && $0.event.service == "api" })
        #expect(long.event.logger == "orders.api" && long.event.timestamp?.hasSuffix(",881") == true)
        #expect(findings.allSatisfy { $0.event.service != nil })
        let app = findings.filter { $0.event.service == "api" }
        #expect(app.map(Self.summary) == (try Self.findings("platforms/kubernetes/app.log")).map(Self.summary))
        #expect(app.first?.event.text.hasPrefix("""
            ERROR [orders.api] Unhandled error on GET /api/invoices
            Traceback (most recent call last):
              File "/srv/orders-api/app.py", line 31, in handle
                work(conn)
            """) == true, "\(app.first?.event.text ?? "")")
    }

    /// What logcli's trimming took away is given back only to a traceback's indented lines.
    @Test func logcliTrimmedLinesAreIndentedAsPythonIndentsThem() {
        func indented(_ line: String) -> String? {
            line.utf8.withContiguousStorageIfAvailable { PlatformWrapper.reindented(UnsafeRawBufferPointer($0)) }?.map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(indented(#"File "/srv/app.py", line 3, in run"#) == #"  File "/srv/app.py", line 3, in run"#)
        #expect(indented("raise") == "    raise")
        #expect(indented("^^^^^^") == "    ^^^^^^")
        #expect(indented("self.") == "    self.")
        for line in ["Traceback (most recent call last):", #"psycopg.errors.UndefinedTable: relation "x" does not exist"#, "KeyboardInterrupt",
                     "DETAIL:  Key (email)=(a@b.c) already exists.", "LINE 1: SELECT 1", "[SQL: SELECT 1]", ""] {
            #expect(indented(line) == nil, "\(line)")
        }
    }
}
