import Testing
@testable import LogMedic

@Suite struct EnvelopeTests {
    func decode(_ line: String) -> (message: String, timestamp: String?, level: String?, service: String?, malformed: Bool) {
        var result: (String, String?, String?, String?, Bool) = ("", nil, nil, nil, false)
        Array(line.utf8).withUnsafeBytes { bytes in
            DecodedLine.decode(bytes) { d in
                result = (String(decoding: d.message, as: UTF8.self), d.timestamp, d.level, d.service, d.malformedJSON)
            }
        }
        return result
    }

    @Test func railway() {
        let d = decode(#"{"timestamp":"2025-12-19T14:02:11.123Z","severity":"error","message":"relation \"x\" does not exist","tags":{"serviceName":"production-backend"},"attributes":{"level":"error"}}"#)
        #expect(d.message == #"relation "x" does not exist"#)
        #expect(d.timestamp == "2025-12-19T14:02:11.123Z")
        #expect(d.level == "error")
        #expect(d.service == "production-backend")
    }

    /// A request logged as a structured record (structlog's `log.info("request", method=…, path=…, status=…)`) reads
    /// with its method, path and status after its message, as the access-log words `http_request` matches (was: the
    /// message alone, `request`, so no failure was tied to its request). A record lacking one of them, or with a
    /// method that is no HTTP method, a relative path or a status out of range, reads as its message alone.
    @Test func aStructuredRequestReadsWithItsMethodPathAndStatus() {
        let request = decode(#"{"status": 500, "event": "request", "method": "GET", "path": "/wards/1/staff", "level": "info", "timestamp": "2026-12-06T03:52:05.015082Z"}"#)
        #expect(request.message == #"request method=GET path="/wards/1/staff" status=500"#)
        #expect(decode(#"{"event":"request","method":"POST","status_code":"201","request_path":"/leave"}"#).message == #"request method=POST path="/leave" status=201"#)
        for partial in [#"{"event": "request failed", "method": "GET", "path": "/wards", "level": "error"}"#,
                        #"{"event": "rpc", "method": "get_user", "path": "/u", "status": 200}"#,
                        #"{"event": "saved", "method": "PUT", "path": "uploads/a.txt", "status": 200}"#,
                        #"{"event": "done", "method": "GET", "path": "/x", "status": "ok"}"#] {
            #expect(!decode(partial).message.contains("method="), "\(partial)")
        }
    }

    @Test func dockerJSONFile() {
        let d = decode(#"{"log":"TypeError: n.map is not a function\n","stream":"stderr","time":"2025-12-19T14:02:11.5Z"}"#)
        #expect(d.message == "TypeError: n.map is not a function")
        #expect(d.timestamp == "2025-12-19T14:02:11.5Z")
    }

    /// zap and logrus put the error's text under `error`, pino an `err` object with its `stack`.
    @Test func errorFieldsFollowTheMessage() {
        let zap = decode(#"{"level":"error","ts":1766152931.5,"msg":"query failed","error":"ERROR: relation \"x\" does not exist (SQLSTATE 42P01)"}"#)
        #expect(zap.message == "query failed\nERROR: relation \"x\" does not exist (SQLSTATE 42P01)")
        let pino = decode(#"{"level":50,"time":1766152931500,"msg":"relation \"x\" does not exist","err":{"type":"error","message":"relation \"x\" does not exist","stack":"error: relation \"x\" does not exist\n    at /app/db.js:3:9\n"}}"#)
        #expect(pino.message == "relation \"x\" does not exist\nerror: relation \"x\" does not exist\n    at /app/db.js:3:9")
        let ecs = decode(#"{"log.level":"error","message":"query failed","error":{"message":"relation \"x\" does not exist","stack_trace":"  File \"/app/db.py\", line 3, in q\n","type":"UndefinedTable"}}"#)
        #expect(ecs.level == "error")
        #expect(ecs.message == "query failed\n  File \"/app/db.py\", line 3, in q\nUndefinedTable: relation \"x\" does not exist")
        let empty = decode(#"{"level":"info","msg":"GET /api/x 200","error":""}"#)
        #expect(empty.message == "GET /api/x 200")
        let only = decode(#"{"level":"error","exception":"Traceback (most recent call last):\nKeyError: 'x'\n"}"#)
        #expect(only.message == "Traceback (most recent call last):\nKeyError: 'x'")
    }

    /// Google Cloud Logging keeps a structured app log's fields under `jsonPayload`; the LogEntry's own
    /// `severity` and `timestamp` are the record's. bunyan and pino write levels as numbers.
    @Test func cloudLoggingPayloadAndNumericLevels() {
        let gcp = decode(#"{"insertId":"1x","jsonPayload":{"message":"relation \"orders\" does not exist","exc_info":"Traceback (most recent call last):\npsycopg.errors.UndefinedTable: relation \"orders\" does not exist"},"severity":"ERROR","timestamp":"2026-11-30T09:00:01.123Z"}"#)
        #expect(gcp.message == "relation \"orders\" does not exist\nTraceback (most recent call last):\npsycopg.errors.UndefinedTable: relation \"orders\" does not exist")
        #expect(gcp.level == "error" && gcp.timestamp == "2026-11-30T09:00:01.123Z")
        let own = decode(#"{"message":"top","jsonPayload":{"message":"inner"}}"#)
        #expect(own.message == "top")
        #expect(["10", "20", "30", "40", "50", "60"].map { decode(#"{"level":"# + $0 + #","msg":"m"}"#).level }
                == ["debug", "debug", "info", "warning", "error", "critical"])
    }

    /// The logger's name from JSON logging libraries (real captures), as a plain `logging` line's `[app.api]` gives it.
    @Test func jsonRecordsNameTheirLogger() throws {
        for file in ["python/json-logger.jsonl", "python/ecs-logging.jsonl"] {
            let text = try String(contentsOf: repositoryRoot.appendingPathComponent("fixtures/layouts/" + file), encoding: .utf8)
            let findings = scan(text).findings
            #expect(!findings.isEmpty && findings.allSatisfy { $0.event.logger == "app.api" }, "\(file): \(findings.map(\.event.logger))")
        }
        let java = scan(#"{"level":"ERROR","logger_name":"com.acme.Orders","message":"relation \"orders\" does not exist"}"# + "\n").findings
        #expect(java.map(\.event.logger) == ["com.acme.Orders"])
    }

    @Test func journald() {
        let d = decode(#"{"__REALTIME_TIMESTAMP":"1766152931123456","PRIORITY":"3","_SYSTEMD_UNIT":"api.service","MESSAGE":"deadlock detected"}"#)
        #expect(d.message == "deadlock detected")
        #expect(d.level == "error")
        #expect(d.service == "api.service")
        #expect(Timestamp.epoch(of: d.timestamp!) == 1_766_152_931.123456)
    }

    /// journalctl -o json writes a field holding a control character (an app's colour codes) or invalid
    /// UTF-8 as an array of its bytes (systemd.journal-fields, "JSON"): such a MESSAGE is still the message.
    @Test func journaldMessageAsByteArray() {
        let bytes = Array("\u{1B}[31mERROR\u{1B}[0m relation \"shop_items\" does not exist".utf8).map(String.init).joined(separator: ",")
        let line = #"{"__CURSOR":"s=1;i=2","__REALTIME_TIMESTAMP":"1766152931123456","PRIORITY":"3","_SYSTEMD_UNIT":"api.service","MESSAGE":["# + bytes + "]}"
        let d = decode(line)
        #expect(d.message == "\u{1B}[31mERROR\u{1B}[0m relation \"shop_items\" does not exist")
        #expect(d.level == "error" && d.service == "api.service" && !d.malformed)
        // journalctl's own spacing, as it prints records.
        let printed = #"{ "__CURSOR" : "s=1;i=3", "__REALTIME_TIMESTAMP" : "1766152931123456", "PRIORITY" : "3", "_SYSTEMD_UNIT" : "api.service", "MESSAGE" : [ "# + bytes.replacingOccurrences(of: ",", with: ", ") + " ] }"
        #expect(decode(printed).message == d.message)
        let findings = scan(line + "\n" + printed + "\n").findings
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0.ruleID == "undefined_table" && $0.capture("relation") == "shop_items" && $0.event.service == "api.service" })
        // A field that occurs twice is an array of strings: not a damaged record.
        let twice = decode(#"{"MESSAGE":["a","b"],"PRIORITY":"3","_SYSTEMD_UNIT":"api.service"}"#)
        #expect(!twice.malformed)
    }

    /// A time that is a bare number (journald's __REALTIME_TIMESTAMP in microseconds, pino's milliseconds,
    /// zap's seconds) is read as the instant it counts to: report's first/last seen said
    /// `1766152931500 → 1766152931500` for pino and zap, and scan's text shows it as a UTC time.
    @Test func numericTimesAreShownAsTimes() throws {
        let lines = [#"{"__REALTIME_TIMESTAMP":"1766152931123456","PRIORITY":"3","_SYSTEMD_UNIT":"api.service","MESSAGE":"relation \"x\" does not exist"}"#,
                     #"{"level":50,"time":1766152931500,"msg":"relation \"x\" does not exist"}"#,
                     #"{"level":"error","ts":1766152931.5,"msg":"relation \"x\" does not exist"}"#,
                     #"{"level":"error","time":"2025-12-19T14:02:11.5Z","msg":"relation \"x\" does not exist"}"#]
        let findings = scan(lines.joined(separator: "\n") + "\n").findings
        #expect(findings.count == 4)
        let heads = findings.map { FindingFormatter(format: .text, style: TerminalStyle(enabled: false)).render($0).split(separator: "\n")[0] }
        #expect(heads[0].hasSuffix("  2025-12-19 14:02:11 UTC  api.service"))
        #expect(heads[1].hasSuffix("  2025-12-19 14:02:11 UTC"))
        #expect(heads[2].hasSuffix("  2025-12-19 14:02:11 UTC"))
        #expect(heads[3].hasSuffix("  2025-12-19T14:02:11.5Z"), "a written time stays as written")
        // report's first and last seen, and the time line that ties server and app records together.
        #expect(findings.map { $0.event.epoch.map { Int($0) } } == Array(repeating: 1_766_152_931, count: 4))
        #expect(ReportText.time("1766152931500") == "2025-12-19 14:02:11 UTC")
        #expect(["1e12", "0x1p40", "1234", "12.5"].allSatisfy { Timestamp.epoch(of: $0) == nil }, "not a time")
    }

    @Test func genericMsgWithUnicodeEscapes() {
        let d = decode(#"{"level":"warn","msg":"caf\u00e9 \ud83d\ude80 \/api","extra":{"nested":[1,{"a":[2]}]}}"#)
        #expect(d.message == "café 🚀 /api")
        #expect(d.level == "warning")
    }

    @Test func plainTextHeaders() {
        let iso = decode("2025-12-19T14:05:02.113Z error  TypeError: n.map is not a function")
        #expect(iso.timestamp == "2025-12-19T14:05:02.113Z")
        #expect(iso.level == "error")
        #expect(iso.message == "error  TypeError: n.map is not a function")
        let postgres = decode("2025-12-19 14:02:11.130 UTC [4121] ERROR:  relation \"x\" does not exist")
        #expect(postgres.timestamp == "2025-12-19 14:02:11.130 UTC")
        #expect(postgres.level == "error")
        let syslog = decode("Dec 19 14:02:11 web-1 app[12]: started")
        #expect(syslog.timestamp == "Dec 19 14:02:11")
        let uvicorn = decode("ERROR:    Exception in ASGI application")
        #expect(uvicorn.level == "error" && uvicorn.timestamp == nil)
    }

    @Test func truncatedJSONKeepsWhatItCanOfTheMessage() {
        let d = decode(#"{"timestamp":"2025-12-19T14:02:11Z","message":"relation \"x\" does not ex"#)
        #expect(d.malformed)
        #expect(d.message == #"relation "x" does not ex"#)
    }

    @Test func brokenJSONWithoutMessageIsKeptAsPlainText() {
        let d = decode(#"{"timestamp":"2025-12-19T14:02:11Z", oops"#)
        #expect(d.malformed)
        #expect(d.message.hasPrefix(#"{"timestamp""#))
    }

    @Test func deeplyNestedJSONDoesNotRecurse() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let d = decode(#"{"message":"deadlock detected","x":"# + deep + "}")
        #expect(d.message == "deadlock detected")
    }

    @Test func isoTimestampsWithOffsets() {
        #expect(Timestamp.epoch(of: "1970-01-01T00:00:00Z") == 0)
        #expect(Timestamp.epoch(of: "1970-01-01T01:00:00+01:00") == 0)
        #expect(Timestamp.epoch(of: "2025-12-19 14:02:11 UTC") == 1_766_152_931)
        // PostgreSQL with another log_timezone, gunicorn's spaced offset.
        #expect(Timestamp.epoch(of: "2025-12-19 15:02:11 CET") == 1_766_152_931)
        #expect(Timestamp.epoch(of: "2025-12-19 06:02:11.000 PST") == 1_766_152_931)
        #expect(Timestamp.epoch(of: "2025-12-19 17:02:11 +03") == 1_766_152_931)
        #expect(Timestamp.epoch(of: "2025-12-19 14:02:11 +0000") == 1_766_152_931)
        #expect(Timestamp.epoch(of: "2025-12-19 14:02:11 ERROR") == 1_766_152_931)
    }

    @Test func pythonLoggingAndGunicornHeaders() {
        let bracketed = decode("2026-12-03 13:04:26,202 ERROR [app.api] Unhandled error on GET /api/items")
        #expect(bracketed.timestamp == "2026-12-03 13:04:26,202" && bracketed.level == "error")
        #expect(bracketed.message == "ERROR [app.api] Unhandled error on GET /api/items")
        let gunicorn = decode("[2026-12-03 13:04:26 +0000] [12] [ERROR] Exception in worker process")
        #expect(gunicorn.timestamp == "2026-12-03 13:04:26 +0000" && gunicorn.level == "error")
        #expect(decode("2026-12-03 13:04:26,202 - app.api - WARNING - slow").level == "warning")
        // Celery's worker format: the level word and process name after the bracketed timestamp's colon.
        let celery = decode("[2026-12-04 22:25:19,376: ERROR/MainProcess] Task app.tasks.sync[5b8c] raised unexpected: KeyError('x')")
        #expect(celery.timestamp == "2026-12-04 22:25:19,376" && celery.level == "error")
        #expect(celery.message == "ERROR/MainProcess] Task app.tasks.sync[5b8c] raised unexpected: KeyError('x')")
        #expect(decode("[2026-12-04 22:25:19,380: WARNING/ForkPoolWorker-1] retrying").level == "warning")
        #expect(decode("error/warning counts: 3/1").level == nil)
        // A stack frame after `docker logs -t`'s timestamp keeps its indentation.
        #expect(decode("2026-12-03T13:04:26.123456789Z     at render (/srv/app.js:3:39)").message == "    at render (/srv/app.js:3:39)")
    }

    @Test func postgresPrefixes() {
        let rds = decode("2026-12-03 14:12:54 UTC:10.0.0.7(51234):app@shop:[11478]:ERROR:  relation \"x\" does not exist")
        #expect(rds.message == "ERROR:  relation \"x\" does not exist" && rds.level == "error")
        #expect(rds.timestamp == "2026-12-03 14:12:54 UTC")
        let background = decode("2026-12-03 14:12:54 UTC::@:[11377]:LOG:  checkpoint starting: time")
        #expect(background.message == "LOG:  checkpoint starting: time" && background.level == "info")
        let berlin = decode("2026-12-03 15:12:52.462 CET [11411] postgres@shop DETAIL:  Key (id)=(1) already exists.")
        #expect(berlin.message == "DETAIL:  Key (id)=(1) already exists.")
        #expect(berlin.timestamp == "2026-12-03 15:12:52.462 CET")
        // Indented code that happens to contain a severity word is no server line.
        #expect(decode("    log.error(\"ERROR:  x\")").message == "    log.error(\"ERROR:  x\")")
    }
}
