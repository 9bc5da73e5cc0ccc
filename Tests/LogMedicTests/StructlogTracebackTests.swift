import Foundation
import Testing
@testable import LogMedic

/// structlog's production setup (`dict_tracebacks` + `JSONRenderer`) logs an exception as a list of
/// dictionaries, not as a traceback string: what psycopg raised reaches the finding all the same.
@Suite struct StructlogTracebackTests {
    /// Printed by structlog for real psycopg errors (Tests/Corpus/structlog/capture.py).
    static let log = repositoryRoot.appendingPathComponent("Tests/Corpus/structlog/dict-tracebacks.log")

    @Test func anExceptionListIsReadAsItsTraceback() throws {
        let findings = scan(bytes: Array(try Data(contentsOf: Self.log))).findings
        #expect(findings.map(\.ruleID) == ["undefined_table", "undefined_table"], "was: no finding")
        let logged = try #require(findings.first)
        #expect(logged.capture("relation") == "ward_shifts")
        #expect(logged.frames.map(\.function) == ["<module>", "load_shifts", "execute"])
        #expect(logged.frames.first?.line == 42)
        #expect(logged.event.text.hasPrefix("query failed\nTraceback (most recent call last):\n  File \""))
    }

    /// The cause comes first, as Python prints a chain, with the header that says how they are linked.
    @Test func aChainIsPrintedCauseFirst() throws {
        let findings = scan(bytes: Array(try Data(contentsOf: Self.log))).findings
        let chained = try #require(findings.last).event.text
        let cause = try #require(chained.range(of: "UndefinedTable: relation \"ward_shifts\" does not exist"))
        let header = try #require(chained.range(of: "The above exception was the direct cause of the following exception:"))
        let raised = try #require(chained.range(of: "ShiftLookupFailed: cannot load shifts of ward 9"))
        #expect(cause.upperBound < header.lowerBound && header.upperBound < raised.lowerBound)
    }

    @Test(arguments: [
        #"{"event":"x","exception":[{"exc_value":"no type"}]}"#,
        #"{"event":"x","exception":[1, 2]}"#,
        #"{"event":"x","exception":[]}"#,
    ])
    func otherListsAreNoTraceback(_ record: String) {
        let envelope = Array(record.utf8).withUnsafeBytes { JSONEnvelope.decodeRecord($0) }
        #expect(envelope?.message == Array("x".utf8))
    }
}
