/// A connection rejected for a role or database that does not exist (28000, 3D000): does it exist on
/// the server given with --db now? Facts: `role_exists`, `database_exists`, `can_login`, `allows_connections`.
struct RoleAndDatabaseCheck: Check {
    let name = "role_and_database"
    let requiredCaptures: [String] = []
    let facts = ["role_exists", "database_exists", "can_login", "allows_connections"]

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        let role = group.capture("role") ?? group.capture("user")
        let databaseName = group.capture("database")
        guard role != nil || databaseName != nil else {
            return result(.inconclusive, "The message names no role or database.")
        }
        guard let database = context.database else {
            return needsLiveDatabase("which roles and databases exist on the server")
        }
        do {
            var facts: [String: String] = [:]
            var missing: [String] = []
            var evidence: [String] = []
            if let role {
                let row = try database.rows("SELECT rolcanlogin::text FROM pg_roles WHERE rolname = $1", [role]).first
                facts["role_exists"] = String(row != nil)
                if let canLogin = row?[0] {
                    facts["can_login"] = canLogin
                    evidence.append("role \(role) exists" + (canLogin == "true" ? " and may log in" : " but has NOLOGIN"))
                } else {
                    missing.append("role \(role)")
                    evidence.append("no role named \(role) in pg_roles")
                }
            }
            if let databaseName {
                let row = try database.rows("SELECT datallowconn::text FROM pg_database WHERE datname = $1", [databaseName]).first
                facts["database_exists"] = String(row != nil)
                if let allows = row?[0] {
                    facts["allows_connections"] = allows
                    evidence.append("database \(databaseName) exists" + (allows == "true" ? "" : " but does not allow connections"))
                } else {
                    missing.append("database \(databaseName)")
                    evidence.append("no database named \(databaseName) in pg_database")
                }
            }
            var correlation = missing.isEmpty
                ? result(.resolved, "\(evidence.joined(separator: "; ")) on this server now.")
                : result(.confirmed, "\(missing.joined(separator: " and ")) does not exist on this server.")
            correlation.evidence = evidence
            correlation.facts = facts
            return correlation
        } catch {
            return result(.inconclusive, "Could not read roles and databases: \(error).")
        }
    }
}
