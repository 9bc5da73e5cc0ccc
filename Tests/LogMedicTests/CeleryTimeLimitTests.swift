import Foundation
import Testing
@testable import LogMedic

/// A Celery worker that stops tasks at their time limits logged it at ERROR and WARNING, and logmedic found nothing.
@Suite struct CeleryTimeLimitTests {
    /// A real worker (prefork pool, filesystem broker) running tasks.py: Tests/Corpus/celery/capture.sh.
    static let log = repositoryRoot.appendingPathComponent("Tests/Corpus/celery/worker.log")

    @Test func bothLimitsAreFoundWithTheTaskThatHitThem() throws {
        let found = scan(bytes: Array(try Data(contentsOf: Self.log))).findings
        #expect(found.map(\.ruleID) == ["celery_task_time_limit", "celery_task_time_limit"], "was: no finding")
        #expect(found.map { "\($0.capture("limit") ?? "") \($0.capture("task") ?? "") \($0.capture("seconds") ?? "")" } == [
            "Soft shop.tasks.rebuild_search 1", "Hard shop.tasks.export_orders 2",
        ])
    }

    /// One task run, one problem each: the task id does not split them into a problem per run.
    @Test func runsOfOneTaskAreOneProblem() throws {
        let text = try String(contentsOf: Self.log, encoding: .utf8)
        let hard = try #require(text.split(separator: "\n").first { $0.contains("Hard time limit") })
        let again = hard.replacingOccurrences(of: "e3ad069a", with: "0badcafe").replacingOccurrences(of: "07:47:22", with: "07:59:01")
        var grouper = FindingGrouper(rules: builtinCatalog.rules)
        for finding in scan("\(hard)\n\(again)\n").findings { grouper.add(finding) }
        let groups = grouper.groupsBySeverity()
        #expect(groups.count == 1)
        #expect(groups.first?.count == 2)
    }
}
