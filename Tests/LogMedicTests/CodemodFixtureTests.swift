import Foundation
import Testing
@testable import LogMedic

/// Regression for incident-2025-12-19: both code playbooks turn `source/` into exactly `source-fixed/`.
@Suite struct CodemodFixtureTests {
    @Test func bothPlaybooksProduceTheFixedTree() throws {
        try withTemporaryDirectory { directory in
            let root = try CodemodFixture.copySource(into: directory)
            let rename = try CodemodFixture.rename.plan(sourceRoot: root, parameters: CodemodFixture.renameParameters)
            #expect(rename.changes.map(\.path) == ["app/routers/admin.py"])
            #expect(rename.replacementCount == 7)
            try CodemodApplier.apply(rename)
            let wrap = try CodemodFixture.wrapText.plan(sourceRoot: root, parameters: CodemodFixture.textParameters)
            #expect(wrap.changes.map(\.path) == ["app/routers/admin.py"])
            #expect(wrap.replacementCount == 2)
            try CodemodApplier.apply(wrap)

            let result = try CodemodFixture.snapshot(root)
            let expected = try CodemodFixture.snapshot(CodemodFixture.sourceFixed)
            #expect(result.keys.sorted() == expected.keys.sorted())
            for (path, bytes) in expected { #expect(result[path] == bytes, "\(path) differs from source-fixed") }
        }
    }

    @Test func secondPlanOnTheFixedTreeChangesNothing() throws {
        try withTemporaryDirectory { directory in
            let root = try CodemodFixture.copySource(into: directory)
            try CodemodApplier.apply(try CodemodFixture.rename.plan(sourceRoot: root, parameters: CodemodFixture.renameParameters))
            try CodemodApplier.apply(try CodemodFixture.wrapText.plan(sourceRoot: root, parameters: CodemodFixture.textParameters))
            #expect(try CodemodFixture.rename.plan(sourceRoot: root, parameters: CodemodFixture.renameParameters).isEmpty)
            #expect(try CodemodFixture.wrapText.plan(sourceRoot: root, parameters: CodemodFixture.textParameters).isEmpty)
        }
    }

    @Test func dryRunDiffShowsTheExpectedLines() throws {
        let rename = try CodemodFixture.rename.plan(sourceRoot: CodemodFixture.source, parameters: CodemodFixture.renameParameters)
        let wrap = try CodemodFixture.wrapText.plan(sourceRoot: CodemodFixture.source, parameters: CodemodFixture.textParameters)
        let diff = rename.diff() + wrap.diff()
        let lines = Set(diff.split(separator: "\n").map(String.init))
        let expected = [
            "--- a/app/routers/admin.py", "+++ b/app/routers/admin.py",
            "-        .filter(AuditLog.timestamp >= since)", "+        .filter(AuditLog.created_at >= since)",
            "-        .order_by(desc(AuditLog.timestamp))", "+        .order_by(desc(AuditLog.created_at))",
            "-from sqlalchemy import desc, func", "+from sqlalchemy import desc, func, text",
            #"-        db.execute("SELECT 1")"#, #"+        db.execute(text("SELECT 1"))"#,
        ]
        for line in expected { #expect(lines.contains(line), "missing \(line)") }
        // expected.yaml: the two codemods change 9 lines in all.
        #expect(diff.split(separator: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.count == 9)
        #expect(diff.split(separator: "\n").filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.count == 9)
        #expect(!diff.contains("No newline"))
    }

    @Test func planRecordsTheOriginal() throws {
        let plan = try CodemodFixture.rename.plan(sourceRoot: CodemodFixture.source, parameters: CodemodFixture.renameParameters)
        let change = try #require(plan.changes.first)
        let original = try Data(contentsOf: CodemodFixture.source.appendingPathComponent(change.path))
        #expect(Data(change.before.utf8) == original)
        #expect(change.originalSize == original.count)
        #expect(change.originalModificationDate != nil)
    }

    @Test func applyRefusesWhenAFileChangedSinceThePlan() throws {
        try withTemporaryDirectory { directory in
            let root = try CodemodFixture.copySource(into: directory)
            try CodemodFixture.write(["app/models/audit_log.py": "x = AuditLog.timestamp\n"], under: root)
            let plan = try CodemodFixture.rename.plan(sourceRoot: root, parameters: CodemodFixture.renameParameters)
            #expect(plan.changes.map(\.path) == ["app/models/audit_log.py", "app/routers/admin.py"])
            try CodemodFixture.write(["app/routers/admin.py": "# edited meanwhile\n"], under: root)
            let before = try CodemodFixture.snapshot(root)
            #expect(throws: CodemodError.fileChangedSincePlan(path: "app/routers/admin.py")) {
                try CodemodApplier.apply(plan)
            }
            #expect(try CodemodFixture.snapshot(root) == before)
        }
    }
}
