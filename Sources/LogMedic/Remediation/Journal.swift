import Foundation

/// `logmedic.journal`: one row per committed apply or revert, written in the same transaction as
/// the change, so the row exists exactly when the change does.
struct Journal {
    static let ddl = """
    CREATE SCHEMA IF NOT EXISTS logmedic;
    CREATE TABLE IF NOT EXISTS logmedic.journal (
        id bigserial PRIMARY KEY,
        playbook text NOT NULL,
        action text NOT NULL CHECK (action IN ('apply', 'revert')),
        checksums jsonb NOT NULL,
        database_user text NOT NULL DEFAULT current_user,
        os_user text,
        host text,
        applied_at timestamptz NOT NULL DEFAULT now(),
        schema_diff text NOT NULL,
        logmedic_version text NOT NULL
    );
    ALTER TABLE logmedic.journal ADD COLUMN IF NOT EXISTS parameters jsonb NOT NULL DEFAULT '{}';
    ALTER TABLE logmedic.journal ADD COLUMN IF NOT EXISTS renamed_columns jsonb NOT NULL DEFAULT '[]';
    """

    /// Whether the database has the journal (no playbook was ever applied to it otherwise).
    static let existsQuery = "SELECT to_regclass('logmedic.journal') IS NOT NULL"

    /// The `applied_at` of the journal row `alias` as reports write times: `2026-12-06 22:30:01 UTC`.
    static func appliedAtUTC(_ alias: String) -> String {
        "to_char(\(alias).applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS \"UTC\"')"
    }

    let session: SQLSession

    /// Who ran it: `$USER` or `$LOGNAME`, else the account of the process (root in a container sets neither).
    static func osUser(_ env: [String: String]) -> String? {
        if let named = [env["USER"], env["LOGNAME"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) { return named }
        return getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) }
    }

    /// Records the checksums of the bytes that ran; the diff is redacted like any other output.
    /// `parameters`: the values the playbook ran with (for `reset_sequence`, the sequence's old position); `renamed`: the
    /// columns the run renamed.
    func record(_ vetted: VettedPlaybook, action: String, diff: String, parameters: [String: String] = [:],
                renamed: [ColumnNames.Rename] = []) throws {
        // The journal's IF NOT EXISTS notices are logmedic's own, not the playbook's: keep them out of the report.
        try session.query("SELECT set_config('client_min_messages', 'warning', true)")
        try session.run([SQLTemplate.Statement(sql: Self.ddl, values: [])], label: "journal table")
        let sums = vetted.checksums
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let checksums = String(decoding: try encoder.encode(sums), as: UTF8.self)
        let values = String(decoding: try encoder.encode(parameters.mapValues(Redactor.shared.redact)), as: UTF8.self)
        let renames = String(decoding: try encoder.encode(renamed), as: UTF8.self)
        let env = ProcessInfo.processInfo.environment
        try session.query(
            "INSERT INTO logmedic.journal (playbook, action, checksums, os_user, host, schema_diff, logmedic_version, parameters, renamed_columns) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8::jsonb, $9::jsonb)",
            [vetted.playbook.id, action, checksums, Self.osUser(env), ProcessInfo.processInfo.hostName, Redactor.shared.redact(diff), LogMedic.version, values, renames])
    }

    /// An apply that renamed a column, as the journal records it.
    struct RenameRun: Equatable, Sendable {
        var id: Int
        var playbook: String
        /// As `appliedAtUTC` writes it.
        var appliedAt: String
        var to: String
    }

    /// The last apply, not reverted since, that renamed `column` of `schema.table`; nil without a journal, with one
    /// written before the journal recorded renames, or one this role may not read: there is nothing to say then.
    static func lastRename(ofColumn column: String, table: String, schema: String, in database: LiveDatabase) -> RenameRun? {
        guard (try? database.rows(existsQuery).first?.first) == "t" else { return nil }
        // Through to_jsonb(j): a journal an older logmedic wrote has no renamed_columns column.
        let rows = try? database.rows("""
            SELECT j.id, j.playbook, \(appliedAtUTC("j")), r ->> 'to'
            FROM logmedic.journal j CROSS JOIN LATERAL jsonb_array_elements(coalesce(to_jsonb(j) -> 'renamed_columns', '[]')) r
            WHERE j.action = 'apply' AND r ->> 'schema' = $1 AND r ->> 'table' = $2 AND r ->> 'from' = $3
              AND NOT EXISTS (SELECT FROM logmedic.journal v
                              WHERE v.playbook = j.playbook AND v.action = 'revert' AND v.id > j.id AND v.parameters = j.parameters)
            ORDER BY j.id DESC LIMIT 1
            """, [schema, table, column])
        guard let row = rows?.first, row.count == 4, let id = row[0].flatMap({ Int($0) }),
              let playbook = row[1], let at = row[2], let to = row[3] else { return nil }
        return RenameRun(id: id, playbook: playbook, appliedAt: at, to: to)
    }
}
