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
    """

    let session: SQLSession

    /// Who ran it: `$USER` or `$LOGNAME`, else the account of the process (root in a container sets neither).
    static func osUser(_ env: [String: String]) -> String? {
        if let named = [env["USER"], env["LOGNAME"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) { return named }
        return getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) }
    }

    /// Records the checksums of the bytes that ran; the diff is redacted like any other output.
    /// `parameters`: the values the playbook ran with (for `reset_sequence`, the sequence's old position).
    func record(_ vetted: VettedPlaybook, action: String, diff: String, parameters: [String: String] = [:]) throws {
        // The journal's IF NOT EXISTS notices are logmedic's own, not the playbook's: keep them out of the report.
        try session.query("SELECT set_config('client_min_messages', 'warning', true)")
        try session.run([SQLTemplate.Statement(sql: Self.ddl, values: [])], label: "journal table")
        let sums = vetted.checksums
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let checksums = String(decoding: try encoder.encode(sums), as: UTF8.self)
        let values = String(decoding: try encoder.encode(parameters.mapValues(Redactor.shared.redact)), as: UTF8.self)
        let env = ProcessInfo.processInfo.environment
        try session.query(
            "INSERT INTO logmedic.journal (playbook, action, checksums, os_user, host, schema_diff, logmedic_version, parameters) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8::jsonb)",
            [vetted.playbook.id, action, checksums, Self.osUser(env), ProcessInfo.processInfo.hostName, Redactor.shared.redact(diff), LogMedic.version, values])
    }
}
