import Foundation
import Testing
@testable import LogMedic

/// requests' and httpx's `raise_for_status()` on an upstream's 401, as Tests/Corpus/secrets/app.log holds them (the
/// capture's fake payment and identity provider): one service_http_error finding each, without the query string
/// (which holds the API key), and each event starts at the record the app logged before it.
@Suite struct ServiceHTTPErrorTests {
    @Test func upstreamErrorsOfRealClientsAreFound() throws {
        let log = repositoryRoot.appendingPathComponent("Tests/Corpus/secrets/app.log")
        let findings = scan(bytes: Array(try Data(contentsOf: log))).findings.filter { $0.ruleID == "service_http_error" }
        #expect(findings.map { "\($0.capture("status") ?? "") \($0.capture("host") ?? ""):\($0.capture("port") ?? "")\($0.capture("path") ?? "")" } == [
            "401 127.0.0.1:46615/v1/charges", "401 127.0.0.1:46615/v1/userinfo", "401 127.0.0.1:46615/v1/refresh", "401 127.0.0.1:46615/v1/setup",
        ])
        #expect(findings.allSatisfy { !$0.captures.contains { $0.value.contains("api_key") || $0.value.contains("access_token") } })
        // Each event starts at the record the app logged before the traceback; httpx's message has a second line
        // (`For more information check: …`), which stands between them.
        #expect(findings.allSatisfy { $0.event.timestamp != nil && $0.event.text.hasPrefix("ERROR shop: ") }, "\(findings.map(\.event.text))")
        let httpx = findings.filter { $0.event.text.contains("httpx.HTTPStatusError") }
        #expect(httpx.count == 2)
        #expect(httpx.allSatisfy { $0.event.text.split(separator: "\n")[1].hasPrefix("For more information check: ") })
    }
}
