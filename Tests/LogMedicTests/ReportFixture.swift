import Foundation
@testable import LogMedic

/// The incident-2025-12-19 fixture diagnosed offline, against a hand-built copy of that day's schema.
enum ReportFixture {
    static let root = repositoryRoot.appendingPathComponent("fixtures/incident-2025-12-19")
    static let logs = ["frontend.log", "postgres.log", "railway-backend.jsonl"].map { root.appendingPathComponent("logs/\($0)").path }
    static let source = SourceTree(root: root.appendingPathComponent("source").path)
    static let secrets = ["Railway-S3cret-Pw", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123"]

    static func table(_ name: String, _ columns: [Column]) -> Relation {
        Relation(schema: "public", name: name, kind: .table, columns: columns, primaryKey: ["id"])
    }

    static let id = Column(name: "id", type: "integer", isNullable: false)
    static let createdAt = Column(name: "created_at", type: "timestamp with time zone", isNullable: false, defaultExpression: "now()")

    /// What production had: no invitation tables; audit_logs keeps its time in created_at.
    static let productionTables = [
        table("alembic_version", [Column(name: "version_num", type: "character varying(32)", isNullable: false)]),
        table("users", [id, Column(name: "email", type: "character varying(255)", isNullable: false), createdAt]),
        table("tenants", [id, Column(name: "slug", type: "character varying(64)", isNullable: false), createdAt]),
        table("agencies", [id, Column(name: "name", type: "character varying(255)", isNullable: false), createdAt]),
        table("audit_logs", [
            Column(name: "id", type: "bigint", isNullable: false, defaultExpression: "nextval('audit_logs_id_seq'::regclass)"),
            Column(name: "user_id", type: "integer"),
            Column(name: "action", type: "character varying(100)", isNullable: false),
            Column(name: "details", type: "jsonb"),
            Column(name: "updated_at", type: "timestamp with time zone"),
            createdAt,
        ]),
    ]

    static func snapshot(extra: [Relation] = []) -> SchemaSnapshot {
        SchemaSnapshot(database: "railway", serverVersion: "15.18", searchPath: ["public"],
                       takenAt: "2025-12-19T17:05:00Z", relations: productionTables + extra)
    }

    /// The built-in playbooks plus the incident's own, as `--playbooks fixtures/…/playbooks` gives them.
    static let playbooks = try! PlaybookLibrary(directories: [repositoryRoot.appendingPathComponent("remediations").path,
                                                              root.appendingPathComponent("playbooks").path])

    static func diagnose(_ snapshot: SchemaSnapshot?, source: SourceTree? = source, paths: [String] = logs) -> Diagnosis {
        Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: snapshot, snapshotSource: "file", source: source,
                  selector: PlaybookSelector(library: playbooks))
            .diagnose(paths: paths)
    }

    /// Diagnosed once for all tests that only read it.
    static let checked = diagnose(snapshot())
    static let unchecked = diagnose(nil, source: nil)

    static func problem(_ diagnosis: Diagnosis, rule: String, _ capture: String? = nil) -> Diagnosis.Problem? {
        diagnosis.problems.first { $0.group.ruleID == rule && (capture == nil || $0.group.captures.contains { $0.value == capture }) }
    }

    /// The markdown of one problem: from its `## Pn.` heading to the next `## ` heading.
    static func section(_ markdown: String, _ id: String) -> String {
        guard let start = markdown.range(of: "\n## \(id). ") else { return "" }
        let rest = markdown[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }
}
