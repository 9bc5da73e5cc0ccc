import Foundation
import Testing
@testable import LogMedic

/// Ruby's Logger as Rails writes it in production (`E, [2026-12-03T19:15:42.653672 #9679] ERROR -- hotel: …`),
/// captured from a real ActiveRecord 6.1 + pg app (fixtures/layouts/ruby/capture.sh).
@Suite struct RubyLayoutTests {
    static let directory = repositoryRoot.appendingPathComponent("fixtures/layouts/ruby")

    @Test(arguments: ["logger.log", "logger-progname.log"])
    func activeRecordErrorsCarryTheLoggersTimeAndLevel(_ file: String) throws {
        let findings = scan(bytes: try Array(Data(contentsOf: Self.directory.appendingPathComponent(file)))).findings
        #expect(findings.map(\.ruleID) == ["undefined_table", "undefined_column", "undefined_table", "undefined_column"])
        let first = try #require(findings.first)
        #expect(first.capture("relation") == "bookings")
        #expect(first.event.level == "error")
        #expect(first.event.lastLine == first.event.firstLine + 2, "the LINE and caret lines belong to it")
        let timestamp = try #require(first.event.timestamp)
        #expect(timestamp.hasPrefix("2026-") && timestamp.contains("T"))
        #expect(first.event.epoch != nil)
        #expect(findings[1].capture("table") == "rooms" && findings[1].capture("column") == "floor_label")
    }

    @Test func headerGivesTimeLevelAndProgname() throws {
        func header(_ line: String) -> PlainHeader { Array(line.utf8).withUnsafeBytes(PlainHeader.init) }
        let warn = header("W, [2026-12-03T19:15:42.700001 #9679]  WARN -- hotel: slow request: 1250 ms")
        #expect(warn.level == "warning" && warn.logger == "hotel" && warn.timestamp == "2026-12-03T19:15:42.700001")
        let anonymous = header("E, [2026-12-03T19:15:42.653672 #9679] ERROR -- : boom")
        #expect(anonymous.level == "error" && anonymous.logger == nil && anonymous.epoch != nil)
        #expect(header("E, [not a time] ERROR -- : boom").timestamp == nil)
    }
}
