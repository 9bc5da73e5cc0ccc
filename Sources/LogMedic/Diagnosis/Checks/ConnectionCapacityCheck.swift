/// "Too many connections" (53300): sessions in use now against `max_connections` (less the reserved
/// slots), idle-in-transaction sessions, and the role's or database's own connection limit when the
/// message names one. (A client-side pool timeout is another rule, db_pool_exhausted.)
/// Facts: `max_connections`, `available`, `sessions`, `idle_in_transaction`, `oldest_idle_in_transaction`, `limit`.
struct ConnectionCapacityCheck: Check {
    let name = "connection_capacity"
    let requiredCaptures: [String] = []
    let facts = ["max_connections", "available", "sessions", "idle_in_transaction", "oldest_idle_in_transaction", "limit"]

    static let serverQuery = """
        SELECT current_setting('max_connections'), current_setting('superuser_reserved_connections'),
               (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::text,
               (SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%')::text,
               (SELECT date_trunc('second', max(now() - state_change))::text
                  FROM pg_stat_activity WHERE state LIKE 'idle in transaction%')
        """
    static let roleQuery = """
        SELECT rolconnlimit::text, (SELECT count(*) FROM pg_stat_activity WHERE usename = $1)::text
          FROM pg_roles WHERE rolname = $1
        """
    static let databaseQuery = """
        SELECT datconnlimit::text, (SELECT count(*) FROM pg_stat_activity WHERE datname = $1)::text
          FROM pg_database WHERE datname = $1
        """

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let database = context.database else { return needsLiveDatabase("how many sessions are open") }
        do {
            guard let row = try database.rows(Self.serverQuery).first,
                  let max = Int(row[0] ?? ""), let reserved = Int(row[1] ?? ""), let sessions = Int(row[2] ?? "") else {
                return result(.inconclusive, "The server did not report its connection settings.")
            }
            let idle = row[3] ?? "0"
            let available = max - reserved
            var facts = ["max_connections": String(max), "available": String(available),
                         "sessions": String(sessions), "idle_in_transaction": idle]
            if let oldest = row[4] { facts["oldest_idle_in_transaction"] = oldest }
            var evidence = ["\(sessions) client sessions open, max_connections \(max) (\(reserved) reserved for superusers)",
                            "\(idle) sessions idle in transaction" + (row[4].map { ", the oldest for \($0)" } ?? "")]
            var limitReached = sessions >= available
            var summary = "\(sessions) of \(available) connections available to applications are in use now"
            if let (kind, name, sql) = namedLimit(group) {
                if let limitRow = try database.rows(sql, [name]).first, let limit = Int(limitRow[0] ?? ""), let used = Int(limitRow[1] ?? "") {
                    let shown = limit < 0 ? "no limit" : "limit \(limit)"
                    evidence.append("\(kind) \(name): \(used) sessions, \(shown)")
                    facts["limit"] = String(limit)
                    if limit >= 0 {
                        limitReached = used >= limit
                        summary = "\(kind) \(name) has \(used) of its \(limit) connections in use now"
                    }
                } else {
                    evidence.append("no \(kind) named \(name) on this server")
                }
            }
            // Below the limit now is no fix: sessions come and go, and what filled them (a leak, a burst, more
            // workers than the server allows) is still there until someone changes it.
            var correlation = result(limitReached ? .confirmed : .inconclusive, summary + (limitReached
                ? ": the limit is reached."
                : ": the limit is not reached at the moment, but nothing says what filled it when the errors were logged will not again."))
            correlation.evidence = evidence
            correlation.facts = facts
            return correlation
        } catch {
            return result(.inconclusive, "Could not read the server's sessions: \(error).")
        }
    }

    private func namedLimit(_ group: FindingGroup) -> (kind: String, name: String, sql: String)? {
        if let role = group.capture("role") { return ("role", role, Self.roleQuery) }
        if let database = group.capture("database") { return ("database", database, Self.databaseQuery) }
        return nil
    }
}
