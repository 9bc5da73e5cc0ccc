import Foundation
import Testing
@testable import LogMedic

/// V8 words a page's and a Node.js service's errors alike (`n.map is not a function`, `Cannot read properties of
/// undefined`): the report tells them apart by where the code ran. Evidence from real software: the Node 20 service
/// and the page bundle of Tests/Corpus/stacks (capture.sh), the page's frames being the URL a browser fetched it from.
@Suite struct JavaScriptSidesTests {
    static func problems(_ file: String) -> [Diagnosis.Problem] {
        Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil)
            .diagnose(paths: [StackErrorsTests.corpus(file)]).problems
    }

    /// A service's TypeErrors are its own code's: titled and advised as such, pointing at the code, with no API
    /// response looked for.
    @Test(arguments: ["node.log", "railway-node.jsonl"])
    func aNodeServicesTypeErrorsAreNotCalledAFrontends(_ file: String) throws {
        let problems = Self.problems(file)
        #expect(problems.map(\.group.title) == [
            "Node.js service called an array method on a value that is not an array",
            "Node.js service read a property of undefined/null",
        ])
        let shape = try #require(problems.first)
        #expect(shape.recommendation.rootCause.hasPrefix("The service's code at /srv/ledger-api/app.js:20 calls .reduce() on a value that is not an array: the answer of an upstream API or a database query"))
        #expect(shape.correlation.summary == "A Node.js service's code (/srv/ledger-api/app.js:20) called .reduce() on a value that is not an array; no API request was logged just before it.")
        #expect(shape.correlation.endpoint == nil)
        #expect(problems[1].recommendation.rootCause.hasPrefix("The service's code at /srv/ledger-api/app.js:56 read .theme of undefined"))
        #expect(!problems.flatMap { [$0.recommendation.rootCause] + $0.recommendation.fix }.joined().contains("frontend"))
    }

    /// The same messages thrown by a page's bundle keep the frontend's title and advice.
    @Test func aPagesTypeErrorsStayAFrontends() {
        let problems = Self.problems("page.log")
        #expect(problems.map(\.group.title) == [
            "Frontend called an array method on a non-array API response",
            "Frontend read a property of undefined/null",
        ])
        #expect(problems.first?.recommendation.rootCause.contains("returns a different JSON shape than the frontend expects") == true)
    }

    static func group(files: [String], texts: [String] = ["TypeError: n.map is not a function"]) -> FindingGroup {
        var group = FindingGroup(fingerprint: "f", ruleID: "frontend_response_shape", title: "t", severity: .high, category: "frontend", captures: [])
        group.codeLocations = files.map { CodeLocation(file: $0, line: 7, count: 1) }
        group.samples = texts.map { Sample(source: "x.log", firstLine: 1, lastLine: 1, text: $0) }
        return group
    }

    /// A script on a local path is a service's; a URL, a bundle's build folder or a browser's wording is a page's,
    /// and a page's mark wins; Node's own frames or crash footer tell a service without an app frame.
    @Test func whereTheCodeRanIsToldByItsFramesAndLines() throws {
        let sides = try #require(JavaScriptSides.builtin)
        #expect(sides.serverCode(of: Self.group(files: ["/srv/api/src/orders.ts"])) == "/srv/api/src/orders.ts:7")
        #expect(sides.serverCode(of: Self.group(files: ["file:///srv/api/index.mjs"])) == "file:///srv/api/index.mjs:7")
        #expect(sides.serverCode(of: Self.group(files: ["https://shop.example.com/assets/index-4f2a.js"])) == nil)
        #expect(sides.serverCode(of: Self.group(files: ["/app/.next/server/pages/orders.js"])) == nil)
        #expect(sides.serverCode(of: Self.group(files: ["/srv/web/server.js"], texts: ["Uncaught TypeError: n.map is not a function"])) == nil)
        #expect(sides.serverCode(of: Self.group(files: [], texts: ["TypeError: x.map is not a function\n    at node:internal/process/task_queues:95:5\n\nNode.js v20.19.2"]))
            == "the service's code")
        #expect(sides.serverCode(of: Self.group(files: ["/srv/api/views.py"])) == nil)
        #expect(sides.serverCode(of: Self.group(files: [])) == nil)
    }
}
