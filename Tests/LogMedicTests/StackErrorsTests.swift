import Foundation
import Testing
@testable import LogMedic

/// An exception printed with its stack and no level (`console.error(err)`, `e.printStackTrace()`, an uncaught
/// exception) is an error event: counted when no rule matched it, once, by its first line. Evidence from real
/// software: Node 20 and Java 17 services of Tests/Corpus/stacks (capture.sh), as printed and as Railway stores them.
@Suite struct StackErrorsTests {
    static func corpus(_ name: String) -> String { repositoryRoot.appendingPathComponent("Tests/Corpus/stacks/\(name)").path }
    static let catalog = UnrecognisedErrorsTests.catalog

    static func counted(_ path: String) throws -> (findings: [Finding], errors: UnrecognisedErrors) {
        let (findings, stats) = scan(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), catalog: catalog)
        return (findings, try #require(stats.unrecognisedErrors))
    }

    /// Node: errors logged alone, after a message, with a message of three lines, with errors and a cause inside
    /// (their own stacks are not counted again). The TypeErrors the catalog knows stay findings.
    @Test(arguments: ["node.log", "railway-node.jsonl"])
    func nodeErrorsPrintedWithTheirStacksAreCountedOnce(_ file: String) throws {
        let (findings, errors) = try Self.counted(Self.corpus(file))
        #expect(findings.map(\.ruleID) == ["frontend_response_shape", "frontend_response_shape", "frontend_property_of_undefined"])
        #expect(errors.events == 6)
        #expect(errors.kinds.map { "\($0.count)× line \($0.line): \($0.example)" } == [
            "2× line 2: QuotaExceededError: account 41 used 1000 of 1000 exports this month",
            "1× line 46: Error: invalid order payload:",
            "1× line 57: AggregateError: all 2 retries failed",
            "1× line 85: SyntaxError: Expected double-quoted property name in JSON at position 28",
            "1× line 96: Error: card declined for order 981",
        ])
    }

    /// Java: an uncaught exception (main and another thread) and `printStackTrace` after an info record are counted;
    /// an exception logged by a SEVERE record is that record's (counted once), a WARNING's is no error, a cause is
    /// part of its exception. The same in java.util.logging's two-line records and in one line per record.
    @Test(arguments: ["java-jul.log", "java-oneline.log"])
    func javaExceptionsAreCountedOnceAndWarningsNot(_ file: String) throws {
        let (findings, errors) = try Self.counted(Self.corpus(file))
        #expect(findings.isEmpty)
        #expect(errors.events == 5)
        #expect(errors.kinds.map { "\($0.count)× \($0.example)" } == [
            "2× \(file == "java-jul.log" ? "SEVERE:" : "SEVERE [ledger.api]") balance lookup failed",
            "1× com.example.ledger.Ledger$PostingRejected: posting to x20 rejected",
            "1× Exception in thread \"interest-worker\" java.lang.ArithmeticException: interest rate table is empty",
            "1× Exception in thread \"main\" com.example.ledger.Ledger$PostingRejected: posting to x99 rejected",
        ])
    }

    /// The incident's frontend logs a fetch failure as Next.js does (`error  FetchError: …` and a stack): an error.
    @Test func theIncidentsFetchErrorIsCounted() throws {
        let frontend = repositoryRoot.appendingPathComponent("fixtures/incident-2025-12-19/logs/frontend.log").path
        let (_, errors) = try Self.counted(frontend)
        #expect(errors.kinds.map(\.example) == ["error  FetchError: request to https://api.example.com/api/admin/stats failed, reason: socket hang up"])
    }

    /// The lines before a frame are read from the ring, which a chunk's warm-up fills: cut into chunks on several
    /// cores, the count is one core's.
    @Test(arguments: ["node.log", "java-jul.log"])
    func chunksCountWhatOneCoreCounts(_ file: String) throws {
        try withTemporaryDirectory { dir in
            let text = try String(contentsOfFile: Self.corpus(file), encoding: .utf8)
            let path = dir.appendingPathComponent(file).path
            try String(repeating: text, count: 60).write(toFile: path, atomically: true, encoding: .utf8)
            let one = try #require(ScanPipeline(catalog: Self.catalog, parallelism: 1).run(paths: [path]) { _ in }.unrecognisedErrors)
            #expect(one.events == 60 * (file == "node.log" ? 6 : 5))
            let cores = ScanPipeline(catalog: Self.catalog, parallelism: 3, minimumChunkBytes: 8 * 4096)
            #expect(cores.workItems([path], chunk: cores.orderedChunkBytes).count > 10)
            let rendered = cores.render(paths: [path], formatter: FindingFormatter(format: .ndjson, style: TerminalStyle(enabled: false))) { _ in }
            #expect(rendered.unrecognisedErrors == one)
        }
    }

    @Test func framesOfNodeJavaAndDotnetAreTold() {
        for frame in ["    at render (/srv/app.js:3:39)", "\tat com.example.Ledger.post(Ledger.java:25)",
                      "   at Shop.Orders.Place() in /src/Orders.cs:line 12", "        at async Promise.all (index 0)"] {
            #expect(Array(frame.utf8).withUnsafeBytes(StackFrameLine.isFrame), "\(frame)")
        }
        for line in ["at the moment nothing", "    attempt 3 of 5", "  at  ", "Caused by: java.lang.X: y", "    "] {
            #expect(!Array(line.utf8).withUnsafeBytes(StackFrameLine.isFrame), "\(line)")
        }
    }
}
