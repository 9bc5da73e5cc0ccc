import Foundation
import Testing
@testable import LogMedic

/// With `--source`, a problem's code location shows its line of code in the checkout, found from the path the log
/// names even when the checkout keeps the code elsewhere than the running app did.
@Suite struct SourceCodeLineTests {
    /// fixtures/stacks/spring-hibernate-root-cause.log names `LedgerController.java:31` (a JVM frame names its file
    /// alone); a Maven checkout keeps it in src/main/java/com/example/ledger/ (was: no line, the file was looked for at
    /// the checkout's root only).
    @Test func aJVMFrameFindsItsFileInAMavenCheckout() throws {
        try withTemporaryDirectory { dir in
            let code = (1...40).map { $0 == 31 ? "        return jdbc.query(\"SELECT id, memo FROM ledger_entries\", mapper);" : "// \($0)" }
            try Self.write(code, to: dir, "src/main/java/com/example/ledger/LedgerController.java")
            try Self.write(["class Other {}"], to: dir, "src/main/java/com/example/ledger/Other.java")
            let log = repositoryRoot.appendingPathComponent("fixtures/stacks/spring-hibernate-root-cause.log").path
            let text = try Self.report(log, source: dir)
            #expect(text.contains("  at LedgerController.java:31 in com.example.ledger.LedgerController.list\n  code: src/main/java/com/example/ledger/LedgerController.java:31: return jdbc.query(\"SELECT id, memo FROM ledger_entries\", mapper);\n"), "\(text)")
        }
    }

    /// A Python app installed into the image's site-packages (`pip install .`) and checked out in a src layout: the
    /// frame's `.../site-packages/tidepool/tides.py` is the checkout's src/tidepool/tides.py. Two files of the same name
    /// in other packages do not stand in for it; a name two packages share, with nothing else to tell them apart, names
    /// neither.
    @Test func anInstalledPackagesFrameFindsItsFileInASrcLayout() throws {
        try withTemporaryDirectory { dir in
            try Self.write(["import psycopg", "", "def high_tides(conn):", "    return conn.execute(\"SELECT * FROM tide_tables\").fetchall()"],
                           to: dir, "src/tidepool/tides.py")
            try Self.write(["# tests"], to: dir, "tests/tides.py")
            let tree = SourceTree(root: dir.path)
            #expect(tree.relativePath(forFrame: "/usr/local/lib/python3.12/site-packages/tidepool/tides.py") == "src/tidepool/tides.py")
            let location = CodeLocation(file: "/usr/local/lib/python3.12/site-packages/tidepool/tides.py", line: 4, function: "high_tides", count: 1)
            #expect(tree.code(at: location)?.text == "return conn.execute(\"SELECT * FROM tide_tables\").fetchall()")
            #expect(tree.relativePath(forFrame: "/srv/other/tides.py") == nil)
            #expect(tree.relativePath(forFrame: "/srv/other/../tidepool/tides.py") == nil)
        }
    }

    static func write(_ lines: [String], to root: URL, _ path: String) throws {
        let file = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    static func report(_ log: String, source: URL) throws -> String {
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil, source: SourceTree(root: source.path)).diagnose(paths: [log])
        return TextReporter(style: TerminalStyle(enabled: false)).render(diagnosis)
    }
}
