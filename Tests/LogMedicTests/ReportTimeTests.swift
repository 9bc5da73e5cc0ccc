import Foundation
import Testing
@testable import LogMedic

/// Reports show every instant in UTC, whatever zone the log wrote, and name both dates of a span that
/// crosses midnight.
@Suite("report times")
struct ReportTimeTests {
    static func diagnosis(_ lines: [String]) throws -> Diagnosis {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("times-\(UUID()).log")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: [url.path])
    }

    @Test func aSpanAcrossMidnightNamesBothDates() throws {
        let markdown = MarkdownReporter().render(try Self.diagnosis([
            #"2025-12-19 23:59:58.100 UTC [11] app@db ERROR:  relation "a" does not exist at character 15"#,
            #"2025-12-20 00:01:02.900 UTC [12] app@db ERROR:  relation "a" does not exist at character 15"#,
        ]))
        #expect(markdown.hasPrefix("# Incident report — 2025-12-19 23:59 – 2025-12-20 00:01 UTC\n"))
        #expect(markdown.contains("from 2025-12-19 23:59:58 UTC to 2025-12-20 00:01:02 UTC"))
    }

    @Test func instantsInOtherZonesAreShownInUTC() throws {
        let text = TextReporter(style: TerminalStyle(enabled: false)).render(try Self.diagnosis([
            #"2025-12-19T23:30:05.250+02:00 ERROR:  relation "b" does not exist"#,
            #"2025-12-19T23:45:00-01:00 ERROR:  relation "b" does not exist"#,
        ]))
        #expect(text.contains("2 occurrences, 2025-12-19 21:30:05 UTC → 2025-12-20 00:45:00 UTC"), "\(text)")
    }
}
