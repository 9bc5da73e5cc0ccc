import Foundation
import Testing
@testable import LogMedic

/// Output of real Python programs (fixtures/layouts/python/capture.sh): the `logging` module in four
/// formats, uvicorn and gunicorn, each with a SQLAlchemy 2 + psycopg2 traceback.
@Suite struct PythonLayoutTests {
    static let directory = repositoryRoot.appendingPathComponent("fixtures/layouts/python")

    static func findings(_ file: String) throws -> [Finding] {
        scan(bytes: try Array(Data(contentsOf: directory.appendingPathComponent(file)))).findings
    }

    @Test(arguments: ["logging-bracketed.log", "logging-plain.log", "logging-dashes.log", "logging-basic.log"])
    func loggingRecordHeadsItsTraceback(_ file: String) throws {
        let findings = try Self.findings(file)
        #expect(findings.map(\.ruleID) == ["undefined_table", "unique_violation"])
        let missing = findings[0]
        #expect(missing.event.firstLine == 2)
        #expect(missing.event.text.contains("Unhandled error on GET /api/items\nTraceback (most recent call last):"))
        #expect(missing.event.level == "error")
        #expect(missing.event.logger == "app.api")
        if file != "logging-basic.log" {  // BASIC_FORMAT has no time
            let epoch = try #require(missing.event.epoch)
            let comma = try #require(missing.event.timestamp?.split(separator: ",").last)
            #expect(abs(epoch.truncatingRemainder(dividingBy: 1) * 1000 - Double(comma)!) < 1)
        }
        #expect(findings[1].event.text.contains("Unhandled error on POST /api/users\nTraceback"))
        #expect(findings[1].capture("key") == "email")
    }

    /// python-json-logger keeps the traceback under `exc_info` and the time under `asctime`, structlog
    /// the message under `event` and the traceback under `exception`, ecs-logging the level under
    /// `log.level` and the exception in an `error` object: one record is the logging line with its
    /// traceback under it.
    @Test(arguments: ["json-logger.jsonl", "structlog.jsonl", "ecs-logging.jsonl"])
    func jsonRecordCarriesItsTracebackApart(_ file: String) throws {
        let findings = try Self.findings(file)
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        let missing = try #require(findings.first)
        #expect(missing.capture("relation") == "shop_items")
        // ECS keeps the frames apart from the exception's type and message, which follow them.
        #expect(missing.event.text.hasPrefix(file == "ecs-logging.jsonl" ? "Unhandled error on GET /api/items\n  File "
                                              : "Unhandled error on GET /api/items\nTraceback (most recent call last):"))
        #expect(missing.event.level == "error")
        #expect(missing.event.epoch != nil)
        #expect(missing.frames.last { !$0.isLibrary } == CodeFrame(file: "/srv/shop-api/json_logging.py", line: 16, function: "list_items", isLibrary: false))
    }

    /// Railway tags all of stderr `error`: a line whose own text has no error level does not head a traceback.
    @Test func onlyAnErrorRecordHeadsATraceback() throws {
        let traceback = "Traceback (most recent call last):\n  File \"/app/x.py\", line 1, in f\nKeyError: relation \"x\" does not exist"
        let records = (["INFO:     100.64.0.3:51234 - \"GET /api/x HTTP/1.1\" 200 OK"] + traceback.split(separator: "\n").map(String.init))
        #expect(scan(records.map { railway($0, severity: "error") }.joined(separator: "\n")).findings.first?.event.firstLine == 2)
        let headed = ["ERROR:app.api:Unhandled error on GET /api/x"] + traceback.split(separator: "\n").map(String.init)
        #expect(scan(headed.map { railway($0, severity: "error") }.joined(separator: "\n")).findings.first?.event.firstLine == 1)
    }

    /// The innermost frame of the app's own code, past SQLAlchemy's generated `warned()` wrapper frame.
    @Test func applicationFrameSkipsGeneratedAndLibraryFrames() throws {
        let unique = try Self.findings("logging-bracketed.log")[1]
        #expect(unique.event.text.contains(#"File "<sqlalchemy generated warned() wrapper for sqlalchemy.orm.session.Session._flush>", line 2, in _flush"#))
        let app = try #require(unique.frames.last { !$0.isLibrary })
        #expect(app == CodeFrame(file: "/srv/shop-api/shop.py", line: 31, function: "create_user", isLibrary: false))
        #expect(FrameParser.isLibrary("<string>") && FrameParser.isLibrary("<frozen importlib._bootstrap>"))
        #expect(FrameParser.isLibrary("node:internal/modules/cjs/loader") && FrameParser.isLibrary("/usr/lib/python3.11/json/decoder.py"))
    }

    @Test func sarifCarriesTheApplicationFile() throws {
        let path = Self.directory.appendingPathComponent("logging-bracketed.log").path
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: [path])
        let sarif = SARIFReporter().render(diagnosis)
        #expect(sarif.contains(#""uri" : "srv/shop-api/shop.py""#))
        #expect(!sarif.contains("generated"))
    }

    @Test func uvicornErrorLineHeadsTheTracebackAndThe500IsContext() throws {
        let findings = try Self.findings("uvicorn.log")
        let missing = try #require(findings.first)
        #expect(findings.map(\.ruleID) == ["undefined_table"])
        #expect(missing.event.text.hasPrefix("ERROR:    Exception in ASGI application\nTraceback"))
        #expect(missing.event.level == "error")
        let request = try #require(missing.context.last)
        #expect(request.capture("path") == "/api/items" && request.capture("status") == "500")
        #expect(missing.frames.last { !$0.isLibrary }?.file == "/srv/shop-api/shop.py")
    }

    @Test func gunicornTimestampAndRequestLine() throws {
        let unique = try #require(try Self.findings("gunicorn.log").first)
        #expect(unique.ruleID == "unique_violation")
        #expect(unique.event.text.contains("[ERROR] Error handling request POST /api/users\nTraceback"))
        #expect(unique.event.level == "error")
        let timestamp = try #require(unique.event.timestamp)
        #expect(timestamp.hasSuffix(" +0000"))
        #expect(unique.event.epoch == Timestamp.epoch(of: timestamp.replacingOccurrences(of: " +0000", with: "Z")))
    }
}
