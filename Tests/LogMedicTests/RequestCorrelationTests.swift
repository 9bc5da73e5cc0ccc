import Foundation
import Testing
@testable import LogMedic

/// Problems tied to the requests of every input: a frontend error to the API call it came from, a
/// database error to the 500s it caused, and the one to the other.
@Suite struct RequestCorrelationTests {
    static let frontend = """
        2026-12-03T10:00:00.100Z info   GET /admin 200 in 35ms
        2026-12-03T10:00:01.300Z info   GET /admin/agencies 200 in 20ms
        2026-12-03T10:00:01.450Z error  TypeError: x.map is not a function
            at AgenciesPage (/app/.next/server/pages/admin/agencies.js:1:2345)

        """
    static let backend = """
        2026-12-03T10:00:00.500Z INFO:     10.0.0.1:5000 - "GET /api/admin/stats HTTP/1.1" 200 OK
        2026-12-03T10:00:01.040Z ERROR [api] GET /api/admin/agencies failed: (psycopg2.errors.UndefinedTable) relation "agencies_v2" does not exist
        2026-12-03T10:00:01.060Z INFO:     10.0.0.1:5000 - "GET /api/admin/agencies HTTP/1.1" 500 Internal Server Error

        """

    func diagnose() throws -> Diagnosis {
        try withTemporaryDirectory { dir in
            let paths = try [("frontend.log", Self.frontend), ("backend.log", Self.backend)].map { name, text in
                let url = dir.appendingPathComponent(name)
                try text.write(to: url, atomically: true, encoding: .utf8)
                return url.path
            }
            return Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: paths)
        }
    }

    @Test func frontendErrorIsAttributedToTheAPICallInAnotherLogNotThePageRequest() throws {
        let diagnosis = try diagnose()
        let frontend = try #require(diagnosis.problems.first { $0.group.ruleID == "frontend_response_shape" })
        let top = try #require(frontend.group.precedingRequests.first)
        #expect("\(top.method) \(top.path)" == "GET /api/admin/agencies")
        #expect(top.status == 500)
        #expect(frontend.correlation.endpoint == "GET /api/admin/agencies")
    }

    @Test func databaseErrorIsLinkedToThe500ItCausedAndTheFrontendErrorToIt() throws {
        let diagnosis = try diagnose()
        let table = try #require(diagnosis.problems.first { $0.group.ruleID == "undefined_table" })
        #expect(table.group.failedRequests.map { "\($0.method) \($0.path) \($0.status ?? 0) \($0.occurrences)" } == ["GET /api/admin/agencies 500 1"])
        let frontend = try #require(diagnosis.problems.first { $0.group.ruleID == "frontend_response_shape" })
        #expect(frontend.causedBy == [table.id])
        let text = TextReporter(style: TerminalStyle(enabled: false)).render(diagnosis)
        #expect(text.contains("  requests failed: GET /api/admin/agencies → 500 ×1\n"))
        #expect(text.contains("  caused by: \(table.id)\n"))
        let markdown = MarkdownReporter().render(diagnosis)
        #expect(markdown.contains("Caused by: `\(table.id)`"))
    }

    @Test func requestsFartherThanASecondAreNotBlamed() {
        let timeline = RequestTimeline()
        timeline.add(ContextLine(line: 1, timestamp: nil, epoch: 100, service: nil, ruleID: "http_request",
                                 captures: [Capture(name: "method", value: "GET"), Capture(name: "path", value: "/api/x"), Capture(name: "status", value: "500")],
                                 text: ""))
        #expect(timeline.attribute(errorAt: 101.5) == nil)
        #expect(timeline.attribute(errorAt: 100.8)?.path == "/api/x")
    }

    /// Failures of three problems within a second, each followed by its own 500: every 500 is counted under
    /// the problem whose failure was logged nearest to it, not under every problem in the window.
    @Test func eachServerErrorIsBlamedOnTheNearestFailure() {
        let timeline = RequestTimeline()
        func response(_ path: String, at epoch: Double) {
            timeline.add(ContextLine(line: 1, timestamp: nil, epoch: epoch, service: nil, ruleID: "http_request",
                                     captures: [Capture(name: "method", value: "GET"), Capture(name: "path", value: path),
                                                Capture(name: "status", value: "500")], text: ""))
        }
        response("/orders/1", at: 100.010)
        response("/orders/2/lines", at: 100.240)
        response("/orders/3", at: 100.460)
        response("/health", at: 109)  // no failure near it
        let blamed = RequestLinks.blame([0: .init(epochs: [100.000, 100.450], rank: 0), 1: .init(epochs: [100.230], rank: 1),
                                         2: .init(epochs: [100.900], rank: 2)], in: timeline)
        func paths(_ g: Int) -> [String] { (blamed[g] ?? []).map(\.path).sorted() }
        #expect(paths(0) == ["/orders/1", "/orders/3"])
        #expect(paths(1) == ["/orders/2/lines"])
        #expect(paths(2) == [], "its nearest 500 is nearer to another failure")
    }

    /// Responses of one instant (an access log's whole seconds) come out in the same order whichever was added
    /// first: scans on several cores add them as each chunk reaches them (was: `scan --format groups` wrote them
    /// in a different order from run to run, and a tie in `attribute` went to the first added).
    @Test func requestsOfOneInstantComeInTheSameOrderWhateverWasAddedFirst() {
        let requests = [("/api/orders/60", 500), ("/api/orders/420", 500), ("/api/carts", 503), ("/api/orders/7", 500)]
        func timeline(_ order: [(String, Int)]) -> RequestTimeline {
            let timeline = RequestTimeline(serverErrorsOnly: true)
            timeline.add(RequestTimeline.Request(epoch: 99, method: "GET", path: "/api/before", status: 500))
            for (path, status) in order { timeline.add(RequestTimeline.Request(epoch: 100, method: "GET", path: path, status: status)) }
            return timeline
        }
        let expected = timeline(requests).requests(from: 0, to: 200)
        #expect(expected.map(\.path) == ["/api/before", "/api/orders/420", "/api/orders/60", "/api/orders/7", "/api/carts"])
        for order in [requests.reversed(), [requests[2], requests[0], requests[3], requests[1]]] {
            let other = timeline(Array(order))
            #expect(other.requests(from: 0, to: 200) == expected)
            #expect(other.attribute(errorAt: 100.5) == timeline(requests).attribute(errorAt: 100.5))
        }
    }

    /// A full time line drops its oldest requests, not the new ones: on an endless stream (`watch`) the
    /// problems logged after `limit` requests are still tied to the 500s they caused.
    @Test func fullTimelineKeepsTheNewestRequests() {
        let timeline = RequestTimeline(limit: 8)
        for i in 0..<40 {
            timeline.add(ContextLine(line: i, timestamp: nil, epoch: Double(i), service: nil, ruleID: "http_request",
                                     captures: [Capture(name: "method", value: "GET"), Capture(name: "path", value: "/api/\(i)"),
                                                Capture(name: "status", value: "500")], text: ""))
        }
        let kept = timeline.requests(from: 0, to: 100)
        #expect(kept.count <= 8)
        #expect(kept.last?.path == "/api/39")
        #expect(kept.count >= 6 && kept.map(\.epoch) == (40 - kept.count..<40).map(Double.init))
        #expect(timeline.attribute(errorAt: 39.5)?.path == "/api/39")
        #expect(RequestLinks.blame([0: .init(epochs: [38.9], rank: 0)], in: timeline)[0]?.map(\.path).sorted() == ["/api/38", "/api/39"])
        #expect(timeline.attribute(errorAt: 2.5) == nil, "dropped")
    }

    /// On Heroku the access log is the router's (`heroku[router]: at=… method=GET path="/api/orders" … status=500`,
    /// key=value pairs): its 5xx responses are tied to the database error a dyno logged before them (was: no
    /// router line was a request, so no problem on Heroku listed the requests it failed).
    @Test func herokuRouterLinesAreRequests() throws {
        let app = """
            2026-12-03T14:16:17.100000+00:00 app[web.1]: 2026-12-03 14:16:17,100 ERROR [app.api] GET /api/orders failed: (psycopg2.errors.UndefinedTable) relation "order_lines" does not exist

            """
        let router = """
            2026-12-03T14:16:17.200000+00:00 heroku[router]: at=info method=GET path="/api/orders?page=2" host=shop.herokuapp.com request_id=8601b555-6a4c-4f5e-9c2b-3a7f1d2e4b5c fwd="10.1.1.1" dyno=web.1 connect=1ms service=120ms status=500 bytes=1234 protocol=https
            2026-12-03T14:16:19.900000+00:00 heroku[router]: at=info method=GET path="/api/health" host=shop.herokuapp.com request_id=9f0e1d2c-6a4c-4f5e-9c2b-3a7f1d2e4b5c fwd="10.1.1.1" dyno=web.1 connect=0ms service=3ms status=200 bytes=12 protocol=https

            """
        let diagnosis = try withTemporaryDirectory { dir in
            let paths = try [("app.log", app), ("router.log", router)].map { name, text in
                let url = dir.appendingPathComponent(name)
                try text.write(to: url, atomically: true, encoding: .utf8)
                return url.path
            }
            return Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: paths)
        }
        let table = try #require(diagnosis.problems.first { $0.group.ruleID == "undefined_table" })
        #expect(table.group.failedRequests.map { "\($0.method) \($0.path) \($0.status ?? 0) \($0.occurrences)" } == ["GET /api/orders 500 1"])
    }

    /// One input ties each problem to the 500s it caused, as several inputs do (was: `report app.log` listed
    /// no failed request). Real captures, each failure answered by one 500 access line right after it:
    /// Django + psycopg 3 under gunicorn, whose access clock (`[03/Dec/2026:14:21:08 +0000]`) counts whole
    /// seconds, so that three failures of one second are told apart by the order of the lines; and Node +
    /// node-pg with morgan lines in milliseconds.
    @Test(arguments: ["incident-django-shop/logs/gunicorn.log", "incident-node-billing/logs/billing.log"])
    func oneInputTiesEachProblemToThe500sItCaused(_ file: String) throws {
        let path = repositoryRoot.appendingPathComponent("fixtures/\(file)").path
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: [path])
        let backend = diagnosis.problems.filter { $0.group.ruleID != "frontend_response_shape" }
        #expect(!backend.isEmpty)
        for problem in backend {
            #expect(problem.group.failedRequests.map(\.occurrences).reduce(0, +) == problem.group.count, "\(problem.group.fingerprint)")
            #expect(problem.group.failedRequests.allSatisfy { $0.status == 500 })
        }
        let responses = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("\" 500 ") || $0.contains(" 500 ") && $0.contains(" ms - ") }.count
        // A frontend error's 500 is the request it came from (`precedingRequests`), not one it caused.
        let frontendFailures = diagnosis.problems.filter { $0.group.ruleID == "frontend_response_shape" }.map(\.group.count).reduce(0, +)
        #expect(backend.flatMap(\.group.failedRequests).map(\.occurrences).reduce(0, +) == responses - frontendFailures)
        if file.hasPrefix("incident-django-shop") {
            let column = try #require(backend.first { $0.group.ruleID == "undefined_column" && $0.group.fingerprint.contains("weight_grams") })
            #expect(column.group.failedRequests.map { "\($0.method) \($0.path)" } == ["GET /api/products/"])
            let text = TextReporter(style: TerminalStyle(enabled: false)).render(diagnosis)
            #expect(text.contains("  requests failed: GET /api/products/ → 500 ×6\n"))
        }
    }

    /// `docker compose logs -t` of a database, an API and a frontend in one stream (real captures, wrapped):
    /// the frontend error names the API call it came from and the problem behind that call's 500 (was: no
    /// `caused by` with one input, since the requests before an error carried no status).
    @Test func oneComposeStreamTiesTheFrontendErrorToTheProblemBehindIts500() throws {
        let path = repositoryRoot.appendingPathComponent("fixtures/layouts/platforms/compose.log").path
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: [path])
        let table = try #require(diagnosis.problems.first { $0.group.ruleID == "undefined_table" && $0.group.capture("relation") == "items" })
        let frontend = try #require(diagnosis.problems.first { $0.group.ruleID == "frontend_response_shape" })
        #expect(frontend.correlation.endpoint == "GET /api/items")
        #expect(frontend.causedBy == [table.id])
    }

    @Test func accessLogTimesAreRead() {
        func epoch(_ text: String) -> Double? { Array(text.utf8).withUnsafeBytes { Timestamp.commonLogEpoch(in: $0) } }
        #expect(epoch(#"127.0.0.1 - - [03/Dec/2026:14:21:08 +0000] "GET / HTTP/1.1" 500 145"#) == 1_796_307_668)
        #expect(epoch(#"10.0.0.1 - - [03/Dec/2026:15:21:08 +0100] "GET / HTTP/1.1" 200 1"#) == 1_796_307_668)
        #expect(epoch(#"[03/Dec/2026:14:21:08 +0000"#) == nil)
        #expect(epoch(#"[2026-12-03 14:21:08 +0000] [25315] [INFO] Booting worker"#) == nil)
        #expect(epoch(#"[03/Foo/2026:14:21:08 +0000]"#) == nil)
    }

    @Test func onlyLinesThatMayHoldA5xxStatusAreDecodedForServerErrors() {
        func may(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { RequestTimeline.mayHoldServerError($0) } }
        #expect(may(#"INFO:     10.0.0.1:5000 - "GET /api/x HTTP/1.1" 503 Service Unavailable"#))
        #expect(may(#"at=error code=H12 method=GET path="/" status=503 bytes=0"#))
        #expect(may(#"GET /invoices/7 500"#))
        #expect(!may(#"INFO:     10.0.0.1:5000 - "GET /api/x HTTP/1.1" 200 OK"#))
        #expect(!may(#"2025-12-19T15:55:55.555Z took 5000 ms, id 5a5b"#))
    }
}
