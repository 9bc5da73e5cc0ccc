import Foundation
import Testing
@testable import LogMedic

/// `--source DIR` is read, and written by codemods, only inside DIR; paths from logs never leave it;
/// control characters from logs never reach a terminal.
@Suite struct ConfinementTests {
    /// DIR/app/views.py inside, a secret beside DIR, and a link inside DIR pointing at the secret.
    func withTree<R>(_ body: (URL, URL) throws -> R) throws -> R {
        try withTemporaryDirectory { base in
            let root = base.appendingPathComponent("src")
            try CodemodFixture.write(["app/views.py": "x = AuditLog.timestamp\n"], under: root)
            try CodemodFixture.write(["secret.txt": "TOPSECRET\n", "outside/x.py": "TOPSECRET = AuditLog.timestamp\n"], under: base)
            try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("app/link.py"),
                                                       withDestinationURL: base.appendingPathComponent("secret.txt"))
            return try body(base, root)
        }
    }

    @Test(arguments: ["../secret.txt", "../../../../etc/passwd", "/app/../../outside/x.py", "app/../../secret.txt", "/app/app/link.py"])
    func aFramePathFromALogNeverLeavesTheSourceDirectory(_ frame: String) throws {
        try withTree { _, root in
            let tree = SourceTree(root: root.path)
            let relative = tree.relativePath(forFrame: frame)
            #expect(relative == nil, "\(frame) → \(relative ?? "")")
            #expect(tree.line(1, of: "../secret.txt") == nil)
            #expect(tree.line(1, of: "app/link.py") == nil)
            let uri = SARIFReporter(source: tree).artifactURI(forFrame: frame)
            #expect(!uri.contains(".."), "\(uri)")
        }
    }

    @Test func aFramePathInsideIsFound() throws {
        try withTree { _, root in
            let tree = SourceTree(root: root.path)
            #expect(tree.relativePath(forFrame: "/app/app/views.py") == "app/views.py")
            #expect(tree.line(1, of: "app/views.py") == "x = AuditLog.timestamp")
            #expect(tree.lines(containing: "TOPSECRET").isEmpty)
        }
    }

    @Test func theOneWalkerSkipsDependenciesAndBuildOutput() throws {
        try withTemporaryDirectory { root in
            let line = "x = AuditLog.timestamp\n"
            try CodemodFixture.write(["app/a.py": line, "venv/lib/b.py": line, "lib/python3.11/site-packages/c.py": line,
                                      "node_modules/d.js": line, "build/e.py": line, "dist/f.js": line], under: root)
            #expect(SourceTree(root: root.path).sourceFiles() == ["app/a.py"])
            let plan = try CodemodFixture.rename.plan(sourceRoot: root, parameters: CodemodFixture.renameParameters)
            #expect(plan.changes.map(\.path) == ["app/a.py"])
        }
    }

    /// The probe: plan, then swap app/ for a symlink to a directory outside holding the same file.
    @Test func aDirectorySwappedForASymlinkAfterPlanningIsNotWrittenThrough() throws {
        try withTree { base, root in
            let outside = base.appendingPathComponent("outside-app")
            try CodemodFixture.write(["views.py": "x = AuditLog.timestamp\n"], under: outside)
            let plan = try CodemodFixture.rename.plan(sourceRoot: root, parameters: CodemodFixture.renameParameters)
            #expect(plan.changes.map(\.path) == ["app/views.py"])
            try FileManager.default.moveItem(at: root.appendingPathComponent("app"), to: base.appendingPathComponent("app-moved"))
            try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("app"), withDestinationURL: outside)
            #expect(throws: CodemodError.self) { try CodemodApplier.apply(plan) }
            #expect(try String(contentsOf: outside.appendingPathComponent("views.py"), encoding: .utf8) == "x = AuditLog.timestamp\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["views.py"], "no temporary file outside")
        }
    }

    @Test func controlCharactersFromLogsAreEscapedInEveryTextFormat() throws {
        // U+202E (right-to-left override) and U+2066 (isolate) reorder what a terminal shows: Trojan Source.
        let hostile = "psycopg2.errors.UndefinedTable: relation \"x\u{1B}[2Jy\u{1B}]0;owned\u{07}z\u{9B}31m\u{202E}lbt\u{2066}\" does not exist"
        let hidden: Set<UInt32> = [0x1B, 0x07, 0x9B, 0x202E, 0x2066]
        let finding = try #require(scan(hostile).findings.first)
        for format in FindingFormat.allCases {
            let out = FindingFormatter(format: format, style: TerminalStyle(enabled: false)).render(finding)
            #expect(!out.unicodeScalars.contains { hidden.contains($0.value) }, "scan \(format)")
        }
        let text = FindingFormatter(format: .text, style: TerminalStyle(enabled: false)).render(finding)
        #expect(text.contains("x\\x1b[2Jy"))
        #expect(text.contains("31m\\u202elbt\\u2066"))
        #expect(ControlCharacters.escaped("a \u{2014} b \u{2192} c \u{2067}") == "a \u{2014} b \u{2192} c \\u2067", "other U+20xx stay")
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("hostile.log")
            try hostile.write(to: log, atomically: true, encoding: .utf8)
            let diagnosis = ReportFixture.diagnose(nil, source: nil, paths: [log.path])
            #expect(!diagnosis.problems.isEmpty)
            for format in ReportFormat.allCases {
                let out = format.reporter(style: TerminalStyle(enabled: false)).render(diagnosis)
                #expect(!out.unicodeScalars.contains { hidden.contains($0.value) }, "report \(format)")
            }
        }
    }

    /// Texts a report takes from the database or the request timeline are masked like log text: a
    /// column default holding a key, a failed request's path.
    @Test func columnDefaultsAndFailedRequestPathsAreMaskedInEveryFormat() throws {
        let key = "sk_live_51HqColumnDefault0123456789"
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try "psycopg2.errors.UndefinedColumn: column \"apikey\" of relation \"settings\" does not exist\n"
                .write(to: log, atomically: true, encoding: .utf8)
            let settings = Relation(schema: "public", name: "settings", kind: .table, columns: [
                ReportFixture.id, Column(name: "api_key", type: "text", defaultExpression: "'\(key)'::text")])
            var diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(extra: [settings]), source: nil, paths: [log.path])
            let index = try #require(diagnosis.problems.firstIndex { $0.group.ruleID == "undefined_column" })
            #expect(diagnosis.problems[index].correlation.columns?.contains { $0.contains(key) } == true, "the check lists the default")
            diagnosis.problems[index].group.failedRequests = [
                RequestCount(method: "GET", path: "/api/settings?token=FailedPathTok123", occurrences: 1, closest: 1, status: 500)]
            for format in ReportFormat.allCases {
                let out = format.reporter(style: TerminalStyle(enabled: false)).render(diagnosis)
                #expect(!out.contains(key) && !out.contains("FailedPathTok123"), "report \(format)")
            }
        }
    }

    /// A log file's name (a pod, a host, an upload) is shown with its control characters escaped too.
    @Test func controlCharactersInAnInputsNameAreEscaped() throws {
        let hidden: Set<UInt32> = [0x1B, 0x07, 0x202E]
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("x\u{1B}]0;owned\u{07}\u{202E}gol.log")
            try "psycopg2.errors.UndefinedTable: relation \"t\" does not exist\n".write(to: log, atomically: true, encoding: .utf8)
            var finding = try #require(scan("psycopg2.errors.UndefinedTable: relation \"t\" does not exist").findings.first)
            finding.event.source = log.lastPathComponent
            let text = FindingFormatter(format: .text, style: TerminalStyle(enabled: false)).render(finding)
            #expect(!text.unicodeScalars.contains { hidden.contains($0.value) }, "\(text)")
            #expect(text.contains("x\\x1b]0;owned\\x07\\u202egol.log:"), "\(text)")
            let diagnosis = ReportFixture.diagnose(nil, source: nil, paths: [log.path])
            for format in ReportFormat.allCases where format != .json && format != .sarif {
                let out = format.reporter(style: TerminalStyle(enabled: false)).render(diagnosis)
                #expect(!out.unicodeScalars.contains { hidden.contains($0.value) }, "report \(format)")
            }
        }
    }

    /// A `--findings` record is read as it is (a shard written anywhere): its title, category, rule and
    /// first/last seen are scrubbed like the texts a scan takes from logs.
    @Test func aFindingsRecordsOwnFieldsAreScrubbedInEveryFormat() throws {
        var diagnosis = ReportFixture.unchecked
        diagnosis.problems[0].group.title = "Injected \u{1B}]0;owned\u{07} password=TitlePw99"
        diagnosis.problems[0].group.category = "cat\u{1B}[2J"
        diagnosis.problems[0].group.ruleID = "rule\u{1B}[2J"
        diagnosis.problems[0].group.firstSeen = "2026-12-04 \u{1B}[31m token=SeenTok98"
        diagnosis.problems[0].group.lastSeen = diagnosis.problems[0].group.firstSeen
        for format in ReportFormat.allCases {
            let out = format.reporter(style: TerminalStyle(enabled: false)).render(diagnosis)
            #expect(!out.unicodeScalars.contains { [0x1B, 0x07].contains($0.value) }, "report \(format)")
            #expect(!out.contains("TitlePw99") && !out.contains("SeenTok98"), "report \(format)")
        }
    }
}
