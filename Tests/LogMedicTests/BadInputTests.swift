import Foundation
import Testing
@testable import LogMedic

/// Bad input is counted and skipped; findings elsewhere in the same input are still reported.
@Suite struct BadInputTests {
    let finding = #"psycopg2.errors.UndefinedTable: relation "user_invitations" does not exist"#

    @Test func invalidUTF8IsCountedAndStillMatched() {
        var bytes = Array("bad \u{FF} bytes: ".utf8)
        bytes[4] = 0xFF
        bytes += Array(finding.utf8) + [0x0A] + Array("ok\n".utf8)
        let (findings, stats) = scan(bytes: bytes)
        #expect(stats.ingest.invalidUTF8Lines == 1)
        #expect(findings.first?.capture("relation") == "user_invitations")
    }

    @Test func nulBytesAreCounted() {
        let bytes = Array("a\0b\n".utf8) + Array(finding.utf8)
        let (findings, stats) = scan(bytes: bytes)
        #expect(stats.ingest.nulLines == 1)
        #expect(findings.count == 1)
    }

    @Test func hugeLineIsCutAndTheRestStillScanned() {
        var bytes = Array(finding.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 10 << 20) + [0x0A]
        bytes += Array(#"ERROR:  relation "after_huge" does not exist"#.utf8)
        let (findings, stats) = scan(bytes: bytes, maxLineLength: 1 << 20)
        #expect(stats.ingest.truncatedLines == 1)
        #expect(stats.ingest.lines == 2)
        #expect(findings.compactMap { $0.capture("relation") } == ["user_invitations", "after_huge"])
    }

    @Test func truncatedJSONIsCountedAndItsTextStillScanned() {
        let log = [
            #"{"timestamp":"2025-12-19T14:02:11Z","message":"relation \"half_written\" does not exist","sev"#,
            #"{"timestamp":"2025-12-19T14:02:12Z","message":"ok"}"#,
        ].joined(separator: "\n")
        let (findings, stats) = scan(log)
        #expect(stats.ingest.malformedJSONLines == 1)
        #expect(stats.ingest.jsonLines == 2)
        #expect(findings.first?.capture("relation") == "half_written")
    }

    @Test func crlfLinesAreCountedAndMatchedWithoutCarriageReturns() {
        let log = "INFO: start\r\n" + finding + "\r\nINFO: end\r\n"
        let (findings, stats) = scan(log)
        #expect(stats.ingest.crlfLines == 3)
        #expect(findings.first?.event.text.contains("\r") == false)
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) } + Array(("\n" + finding).utf8)
        let (findings, stats) = scan(bytes: bytes)
        #expect(stats.ingest.lines > 1)
        #expect(findings.last?.capture("relation") == "user_invitations")
    }

    @Test func matchLimitIsACountedRuleErrorNotAHang() throws {
        try withTemporaryDirectory { dir in
            let catalog = try catalogWithCatastrophicRule(in: dir)
            let log = catastrophicLine + "\n" + finding
            let (findings, stats) = scan(log, catalog: catalog)
            #expect(stats.ruleFailures["catastrophic"] == 1)
            #expect(findings.map(\.ruleID) == ["undefined_table"])
            let lint = RuleLinter(catalog: catalog).lint()
            #expect(lint.contains { $0.ruleID == "catastrophic" && $0.level == .error })
        }
    }
}
