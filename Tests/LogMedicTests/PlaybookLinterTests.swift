import Foundation
import Testing
@testable import LogMedic

/// `remediations lint` catches before a run what used to fail only at run time.
@Suite struct PlaybookLinterTests {
    static func lint(_ yaml: String, deploy: String) throws -> [String] {
        try withTemporaryDirectory { dir in
            let folder = dir.appendingPathComponent("mine")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in [("playbook.yaml", "id: mine\ntitle: mine\n" + yaml), ("deploy.sql", deploy), ("verify.sql", "SELECT true"), ("revert.sql", "SELECT 1")] {
                try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            let library = try PlaybookLibrary(directory: dir.path)
            return PlaybookLinter(library: library, catalog: builtinCatalog).lint().filter { $0.level == .error }.map(\.message)
        }
    }

    @Test func theBuiltinsAndTheIncidentPlaybooksAreClean() throws {
        let library = try PlaybookLibrary(directories: [repositoryRoot.appendingPathComponent("remediations").path,
                                                        repositoryRoot.appendingPathComponent("fixtures/incident-2025-12-19/playbooks").path])
        #expect(PlaybookLinter(library: library, catalog: builtinCatalog).lint().isEmpty)
    }

    @Test(arguments: [
        ("fixes: {rules: [no_such_rule]}\npreconditions: {absent: [public.t]}", "CREATE TABLE public.t (id int)", "rule no_such_rule is not in the catalog"),
        ("fixes: {checks: [no_such_check]}\npreconditions: {absent: [public.t]}", "CREATE TABLE public.t (id int)", "check no_such_check is not registered"),
        ("fixes: {rules: [undefined_column], relations: [orders]}\npreconditions: {absent_columns: [public.orders.note]}", "ALTER TABLE public.orders ADD COLUMN note text", "rule undefined_column captures no relation"),
        ("fixes: {rules: [undefined_column]}\npreconditions: {absent_columns: [orders.note]}", "ALTER TABLE orders ADD COLUMN note text", "is not schema.table.column"),
        ("fixes: {rules: [undefined_table]}\npreconditions: {absent: [public.t]}", "CREATE TABLE {{relation:ident}} (id int)", "{{relation}}, which parameters: does not declare"),
        ("fixes: {rules: [undefined_table]}\nparameters: [suggestion]\npreconditions: {absent: [public.t]}", "SELECT {{suggestion}}", "parameter suggestion is neither a capture nor a check fact of rule undefined_table"),
        ("fixes: {rules: [undefined_table]}\npreconditions: {absent: [public.t]}", "CREATE INDEX CONCURRENTLY i ON t (id)", "cannot run inside logmedic's transaction"),
        ("fixes: {}\npreconditions: {absent: [public.t]}", "SELECT 1", "names no rule and no check"),
    ])
    func catches(yaml: String, deploy: String, message: String) throws {
        let errors = try Self.lint(yaml, deploy: deploy)
        #expect(errors.contains { $0.contains(message) }, "\(errors)")
    }

    @Test(arguments: [("public.t", ["public", "t"]), (#"public."Odd.Name""#, ["public", "Odd.Name"]), (#""a""b".c.d"#, [#"a"b"#, "c", "d"])])
    func qualifiedNamesSplitLikeSQL(name: String, parts: [String]) {
        #expect(QualifiedName.parts(name) == parts)
    }
}
