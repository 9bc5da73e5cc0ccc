/// A write refused in a read-only transaction (25006): is the server given with --db a standby, or
/// read-only by default? Facts: `in_recovery`, `default_read_only`.
struct ReadOnlyServerCheck: Check {
    let name = "read_only_server"
    let requiredCaptures: [String] = []
    let facts = ["in_recovery", "default_read_only"]

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let database = context.database else {
            return needsLiveDatabase("whether the server is a read-only standby")
        }
        do {
            guard let row = try database.rows(
                "SELECT pg_is_in_recovery()::text, current_setting('default_transaction_read_only')").first else {
                return result(.inconclusive, "The server did not answer.")
            }
            let inRecovery = row[0] == "true"
            let readOnlyDefault = row[1] == "on"
            var correlation: Correlation
            if inRecovery {
                correlation = result(.confirmed, "The server given with --db is a standby in recovery: it refuses every write.")
            } else if readOnlyDefault {
                correlation = result(.confirmed, "The server given with --db makes transactions read-only by default (default_transaction_read_only = on).")
            } else {
                correlation = result(.inconclusive,
                                     "The server given with --db is a primary that accepts writes: the failing session reached another server (a replica endpoint) or set its transaction READ ONLY itself.")
            }
            correlation.evidence = ["pg_is_in_recovery() = \(row[0] ?? "?")", "default_transaction_read_only = \(row[1] ?? "?")"]
            correlation.facts = ["in_recovery": row[0] ?? "", "default_read_only": row[1] ?? ""]
            return correlation
        } catch {
            return result(.inconclusive, "Could not ask the server whether it is in recovery: \(error).")
        }
    }
}
