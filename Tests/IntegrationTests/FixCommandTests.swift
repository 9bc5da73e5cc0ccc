import Foundation
import Testing
@testable import LogMedic

/// Regression for incident 2025-12-19: the whole `fix` walk-through through the real binary.
@Suite("logmedic fix (binary) on incident 2025-12-19", .enabled(if: TestDatabase.isAvailable))
struct FixCommandTests {
    func copySource() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-src-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Incident.root.appendingPathComponent("source"), to: dir)
        return dir
    }

    func tree(_ root: URL) throws -> [String: Data] {
        let tree = SourceTree(root: root.path)
        return try Dictionary(uniqueKeysWithValues: tree.sourceFiles().map { ($0, try Data(contentsOf: root.appendingPathComponent($0))) })
    }

    @Test func dryRunThenApplyThenNothingLeftToDo() throws {
        try TestDatabase.with { db, dsn in
            try Incident.load(into: db)
            let source = try copySource()
            defer { try? FileManager.default.removeItem(at: source) }
            let original = try tree(source)
            let before = try SchemaInspector(connection: db).snapshot()

            let dryRun = try CLI.run(["fix"] + Incident.logs + ["--db", dsn, "--source", source.path, "--playbooks", Incident.playbooks.path, "--color", "never"])
            #expect(dryRun.status == 0, "\(dryRun.stderr)")
            #expect(dryRun.stdout.contains("+ table public.user_invitations (14 columns)"))
            #expect(dryRun.stdout.contains("-        db.execute(\"SELECT 1\")\n+        db.execute(text(\"SELECT 1\"))"))
            #expect(dryRun.stdout.contains("+        .order_by(desc(AuditLog.created_at))"))
            var after = try SchemaInspector(connection: db).snapshot()
            after.takenAt = before.takenAt
            #expect(after == before)
            #expect(try tree(source) == original)

            // Run as a container runs it, with neither $USER nor $LOGNAME: the journal still names who applied it.
            let applied = try CLI.run(["fix"] + Incident.logs + ["--db", dsn, "--source", source.path, "--playbooks", Incident.playbooks.path, "--apply", "--yes", "--color", "never"],
                                      environment: ["USER": "", "LOGNAME": ""])
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(try db.query("SELECT os_user <> '' FROM logmedic.journal")[0, 0] == "t")
            #expect(try Incident.relationExists("public.user_invitations", db))
            #expect(try Incident.relationExists("public.pending_signup_queue", db))
            #expect(try tree(source) == tree(Incident.root.appendingPathComponent("source-fixed")))

            let again = try CLI.run(["fix"] + Incident.logs + ["--db", dsn, "--source", source.path, "--playbooks", Incident.playbooks.path, "--apply", "--yes", "--color", "never"])
            #expect(again.status == 0)
            #expect(again.stdout.contains("resolved in the database now"))
            #expect(again.stdout.components(separatedBy: "nothing to change").count == 3)
            #expect(try db.query("SELECT count(*) FROM logmedic.journal")[0, 0] == "1")
        }
    }

    /// A --source that holds none of a codemod's files (the wrong directory, or the file is a link, which
    /// is never followed) is not a source that "already has the fix".
    @Test func aSourceWithoutTheCodemodsFilesIsNotSaidToHaveTheFix() throws {
        try TestDatabase.with { db, dsn in
            try Incident.load(into: db)
            let source = try copySource()
            defer { try? FileManager.default.removeItem(at: source) }
            let outside = source.deletingLastPathComponent().appendingPathComponent("logmedic-outside-\(UUID().uuidString).py")
            defer { try? FileManager.default.removeItem(at: outside) }
            let routers = source.appendingPathComponent("app/routers")
            try FileManager.default.moveItem(at: routers.appendingPathComponent("admin.py"), to: outside)
            try FileManager.default.createSymbolicLink(at: routers.appendingPathComponent("admin.py"), withDestinationURL: outside)
            let empty = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-empty-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: empty) }
            for dir in [source, empty] {
                let result = try CLI.run(["fix"] + Incident.logs + ["--db", dsn, "--source", dir.path, "--playbooks", Incident.playbooks.path, "--color", "never"])
                #expect(!result.stdout.contains("already has the fix"), "\(dir.lastPathComponent): \(result.stdout)")
            }
            let linked = try CLI.run(["fix"] + Incident.logs + ["--db", dsn, "--source", source.path, "--playbooks", Incident.playbooks.path, "--color", "never"])
            #expect(linked.stdout.contains("not read or changed: 1 symbolic link inside --source (links are not followed): app/routers/admin.py"))
            #expect(linked.stdout.contains("nothing to change in the files read."))
            let none = try CLI.run(["fix"] + Incident.logs + ["--db", dsn, "--source", empty.path, "--playbooks", Incident.playbooks.path, "--color", "never"])
            #expect(none.stdout.contains("nothing to change: no file under \(empty.path) matches **/*.py. Is --source the application's root?"))
        }
    }

    @Test func applyWithoutATerminalNeedsYes() throws {
        try TestDatabase.with { db, dsn in
            try Incident.load(into: db)
            let result = try CLI.run(["fix"] + Incident.logs + ["--db", dsn, "--playbooks", Incident.playbooks.path, "--apply"])
            #expect(result.status == 3)
            #expect(result.stderr.contains("--yes"))
            #expect(try !Incident.relationExists("public.user_invitations", db))
        }
    }
}
