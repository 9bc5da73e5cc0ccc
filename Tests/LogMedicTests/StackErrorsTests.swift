import Foundation
import Testing
@testable import LogMedic

/// An exception printed with its stack and no level (`console.error(err)`, `e.printStackTrace()`, an uncaught
/// exception) is an error event: counted when no rule matched it, once, by its first line. Evidence from real
/// software: Node 20, Java 17 and Rust services of Tests/Corpus/stacks (capture.sh), as printed and as Railway stores
/// them; a runtime's panic (Go, Rust) likewise.
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

    /// The text report shows the three commonest kinds and says how many more there are (was: nothing, and the
    /// other kinds were seen only in JSON).
    @Test func theTextReportSaysHowManyKindsItLeavesOut() throws {
        let (_, errors) = try Self.counted(Self.corpus("node.log"))
        let text = TextReporter.unrecognised(errors)
        #expect(text.hasPrefix("  no rule for: 6 error events of 5 kinds\n"))
        #expect(text.split(separator: "\n").count == 5)
        #expect(text.hasSuffix("    and 2 kinds more (--format json lists them all)\n"))
    }

    /// Java: an uncaught exception (main and another thread) and `printStackTrace` (first in the log, or after an info
    /// record) are counted; an exception logged by a SEVERE record is that record's (counted once), a WARNING's is no
    /// error, a cause is part of its exception. JDBC's missing driver is a finding. The same in java.util.logging's
    /// two-line records and in one line per record.
    @Test(arguments: ["java-jul.log", "java-oneline.log"])
    func javaExceptionsAreCountedOnceAndWarningsNot(_ file: String) throws {
        let (findings, errors) = try Self.counted(Self.corpus(file))
        #expect(findings.map(\.ruleID) == ["missing_module"])
        #expect(findings.first?.captures.first { $0.name == "module" }?.value == "postgresql")
        #expect(errors.events == 6)
        let rates = try #require(errors.kinds.first { $0.example.hasPrefix("java.io.IOException") }?.example)
        #expect(rates.hasPrefix("java.io.IOException: Server returned HTTP response code: 401 for URL: http://127.0.0.1:"))
        #expect(errors.kinds.map { "\($0.count)× \($0.example)" }.filter { !$0.contains("IOException") } == [
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
            #expect(one.events == 60 * 6)
            let cores = ScanPipeline(catalog: Self.catalog, parallelism: 3, minimumChunkBytes: 8 * 4096)
            #expect(cores.workItems([path], chunk: cores.orderedChunkBytes).count > 10)
            let rendered = cores.render(paths: [path], formatter: FindingFormatter(format: .ndjson, style: TerminalStyle(enabled: false))) { _ in }
            #expect(rendered.unrecognisedErrors == one)
        }
    }

    /// Rust's panics, as deployed and with RUST_BACKTRACE=1: one error each, by the `panicked at` line (the backtrace's
    /// frames are no exception of their own).
    @Test(arguments: ["rust.log", "rust-backtrace.log"])
    func rustPanicsAreCountedOnce(_ file: String) throws {
        let (findings, errors) = try Self.counted(Self.corpus(file))
        #expect(findings.isEmpty)
        #expect(errors.events == 2)
        #expect(errors.kinds.map(\.example).map(UnrecognisedErrors.shape(of:)) == [
            "thread 'rates-refresh' (#) panicked at src/main.rs:#:#:", "thread 'main' (#) panicked at src/main.rs:#:#:",
        ])
    }

    /// Go's runtime panic and net/http's recovered one, as printed in public issues of lib/pq and go-pg (a Go
    /// toolchain does not run here): one error each; the goroutine's frames and a nested `panic: … [recovered]` are not.
    @Test func goPanicsAreCountedOnce() throws {
        let log = """
            2020/02/13 19:41:05 http: panic serving [::1]:60825: runtime error: invalid memory address or nil pointer dereference
            goroutine 3 [running]:
            net/http.(*conn).serve.func1(0xc0001ad040)
            \t/usr/local/go/src/net/http/server.go:1769 +0x139
            panic: runtime error: invalid memory address or nil pointer dereference [recovered]
            \tpanic: runtime error: invalid memory address or nil pointer dereference
            [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x219c]

            goroutine 1 [running]:
            main.main()
            \t/Users/dev/work/main.go:31 +0x15c
            exit status 2

            """
        let errors = try #require(scan(bytes: Array(log.utf8), catalog: Self.catalog).stats.unrecognisedErrors)
        #expect(errors.kinds.map { "\($0.count) \($0.line)" } == ["1 1", "1 5"])
        #expect(errors.kinds.last?.example == "panic: runtime error: invalid memory address or nil pointer dereference [recovered]")
    }

    @Test func framesOfNodeJavaDotnetAndRustAreTold() {
        for frame in ["    at render (/srv/app.js:3:39)", "\tat com.example.Ledger.post(Ledger.java:25)",
                      "   at Shop.Orders.Place() in /src/Orders.cs:line 12", "        at async Promise.all (index 0)",
                      "   3: rates::main::{{closure}}", "             at /rustc/5980761/library/core/src/panicking.rs:80:14"] {
            #expect(Array(frame.utf8).withUnsafeBytes(StackFrameLine.isFrame), "\(frame)")
        }
        for line in ["at the moment nothing", "    attempt 3 of 5", "  at  ", "Caused by: java.lang.X: y", "    ", "  42:x", "12: x"] {
            #expect(!Array(line.utf8).withUnsafeBytes(StackFrameLine.isFrame), "\(line)")
        }
    }
}
