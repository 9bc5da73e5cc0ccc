import Foundation
import Testing
@testable import LogMedic

/// Which files a codemod reaches, how the import edits behave, and what apply preserves.
@Suite struct CodemodEngineTests {
    @Test(arguments: [
        ("**/*.py", "a.py", true), ("**/*.py", "x/y/a.py", true), ("**/*.py", "a.pyc", false),
        ("app/*.py", "app/a.py", true), ("app/*.py", "app/x/a.py", false), ("app/**", "app/x/a.py", true),
        ("?.py", "a.py", true), ("?.py", "ab.py", false), ("a*b*c.txt", "aXbYbc.txt", true), ("*.py", ".py", true),
    ])
    func globs(pattern: String, path: String, matches: Bool) {
        #expect(SourceGlob(pattern).matches(path) == matches)
    }

    @Test func skipsVendoredBinaryNonUTF8AndLinkedFiles() throws {
        try withTemporaryDirectory { directory in
            let root = directory.appendingPathComponent("root")
            let line = "x = AuditLog.timestamp\n"
            try CodemodFixture.write([
                "app/a.py": line, ".venv/lib/b.py": line, "node_modules/c.py": line, ".git/d.py": line,
                "app/__pycache__/e.py": line, "app/notes.txt": line,
            ], under: root)
            try CodemodFixture.write(["outside.py": line], under: directory)
            try Data([0x78, 0x00] + Array(line.utf8)).write(to: root.appendingPathComponent("bin.py"))
            try Data(Array(line.utf8) + [0xFF, 0x0A]).write(to: root.appendingPathComponent("latin.py"))
            try FileManager.default.createSymbolicLink(
                at: root.appendingPathComponent("link.py"), withDestinationURL: directory.appendingPathComponent("outside.py"))
            let plan = try CodemodFixture.rename.plan(sourceRoot: root, parameters: CodemodFixture.renameParameters)
            #expect(plan.changes.map(\.path) == ["app/a.py"])
            #expect(plan.skipped == ["bin.py", "latin.py"])
        }
    }

    @Test func missingSourceRootIsAnError() {
        let root = URL(fileURLWithPath: "/nonexistent/logmedic-source")
        #expect(throws: CodemodError.sourceRootMissing(path: root.path)) {
            try CodemodFixture.rename.plan(sourceRoot: root, parameters: CodemodFixture.renameParameters)
        }
    }

    /// (file before, file after) for wrap_textual_sql with sql = SELECT 1.
    static let importCases: [(String, String)] = [
        // No sqlalchemy import: one is added after the last single-line top-level import.
        ("import os\nfrom x import (\n    a,\n)\n\ndef f(db):\n    db.execute('SELECT 1')\n",
         "import os\nfrom sqlalchemy import text\nfrom x import (\n    a,\n)\n\ndef f(db):\n    db.execute(text('SELECT 1'))\n"),
        // text already imported on another sqlalchemy line: no second import.
        ("from sqlalchemy import text\nfrom sqlalchemy import desc\ndb.execute(\"SELECT 1\")\n",
         "from sqlalchemy import text\nfrom sqlalchemy import desc\ndb.execute(text(\"SELECT 1\"))\n"),
        // Only the first of two single-line imports is extended; `Text` is not `text`.
        ("from sqlalchemy import Text\nfrom sqlalchemy import desc\ndb.execute(\"SELECT 1\")\n",
         "from sqlalchemy import Text, text\nfrom sqlalchemy import desc\ndb.execute(text(\"SELECT 1\"))\n"),
        // CRLF lines keep their \r; a trailing comment-free import with spaces before the newline.
        ("from sqlalchemy import desc  \r\ndb.execute(\"SELECT 1\")\r\n",
         "from sqlalchemy import desc, text  \r\ndb.execute(text(\"SELECT 1\"))\r\n"),
    ]

    @Test(arguments: importCases.indices) func wrapTextImports(index: Int) throws {
        let (before, after) = Self.importCases[index]
        try withTemporaryDirectory { root in
            try CodemodFixture.write(["m.py": before, "untouched.py": "from sqlalchemy import desc\n"], under: root)
            let plan = try CodemodFixture.wrapText.plan(sourceRoot: root, parameters: CodemodFixture.textParameters)
            #expect(plan.changes.map(\.path) == ["m.py"])
            #expect(plan.changes.first?.after == after)
        }
    }

    @Test func applyKeepsPermissionsAndLeavesNoTemporaryFiles() throws {
        try withTemporaryDirectory { root in
            try CodemodFixture.write(["a.py": "AuditLog.timestamp\n"], under: root)
            let file = root.appendingPathComponent("a.py")
            try FileManager.default.setAttributes([.posixPermissions: 0o751], ofItemAtPath: file.path)
            try CodemodApplier.apply(try CodemodFixture.rename.plan(sourceRoot: root, parameters: CodemodFixture.renameParameters))
            #expect(try String(contentsOf: file, encoding: .utf8) == "AuditLog.created_at\n")
            #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o751)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["a.py"])
        }
    }

    @Test func applyRefusesAFileRemovedSinceThePlan() throws {
        try withTemporaryDirectory { root in
            try CodemodFixture.write(["a.py": "AuditLog.timestamp\n", "b.py": "AuditLog.timestamp\n"], under: root)
            let plan = try CodemodFixture.rename.plan(sourceRoot: root, parameters: CodemodFixture.renameParameters)
            try FileManager.default.removeItem(at: root.appendingPathComponent("b.py"))
            #expect(throws: CodemodError.fileChangedSincePlan(path: "b.py")) { try CodemodApplier.apply(plan) }
            #expect(try String(contentsOf: root.appendingPathComponent("a.py"), encoding: .utf8) == "AuditLog.timestamp\n")
        }
    }
}
