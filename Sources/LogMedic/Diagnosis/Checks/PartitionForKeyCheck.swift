/// `no partition of relation "events" found for row` with `Partition key of the failing row contains
/// (created_at) = (…)`: does a partition of the live table (or a DEFAULT one) accept that key now? The
/// server decides: the logged value is a bound parameter cast to the key column's type, compared with the
/// bounds the catalog gives each partition (`pg_get_expr(relpartbound)`). RANGE and LIST partitioning on
/// one column only; a HASH, multi-column or expression key is "not checked".
/// Facts: `table`, `key_type`, `partitions` (how many), `accepting` (the partition that accepts it now),
/// `before`/`after` (the partitions and bounds nearest the value, RANGE only).
struct PartitionForKeyCheck: Check {
    let name = "partition_for_key"
    let requiredCaptures = ["relation"]
    let facts = ["table", "key_type", "partitions", "accepting", "before", "after"]

    func correlate(_ group: FindingGroup, in context: CheckContext) -> Correlation {
        guard let relationName = group.capture("relation") else { return result(.inconclusive, "The message names no table.") }
        guard let value = group.capture("value") else {
            return result(.inconclusive, "The log gives no partition key value (the DETAIL line), so which partition is missing is not known.")
        }
        // The server cuts a key value longer than 64 bytes and appends "...": the cut value is not the key.
        if value.hasSuffix("..."), value.utf8.count > 64 {
            return result(.inconclusive, "The server logged the key value cut to 64 bytes (\(value)): which partition it needs is not known.")
        }
        guard let snapshot = context.snapshot else { return notChecked("whether a partition of \(relationName) accepts \(value)") }
        guard let database = context.database else { return needsLiveDatabase("which partitions accept a key") }
        guard let relation = snapshot.relation(printed: relationName) else {
            return result(.inconclusive, snapshot.unresolved(printed: relationName))
        }
        let table = CheckText.qualified(relation)
        do {
            let key = try database.rows(Self.partitionKey, [relation.schema, relation.name])
            guard let row = key.first, let oid = row[3] else { return result(.inconclusive, "\(table) does not exist now.") }
            guard let strategy = row[0] else { return result(.inconclusive, "\(table) is not a partitioned table now.") }
            guard strategy != "h", row[1] == "1", let type = row[2] else {
                return result(.notChecked, "Not checked: \(table) is partitioned \(strategy == "h" ? "by HASH" : "on several columns or an expression"); only RANGE and LIST partitions on one column are compared with the key.")
            }
            return try judge(value, table: table, oid: oid, type: type, in: database)
        } catch {
            return result(.inconclusive, "Could not read the partitions of \(table): \(error).")
        }
    }

    /// The partitions of `oid` that accept `value` (cast to `type`, the key column's type as `format_type`
    /// prints it), and those nearest it. Bound literals come from the catalog, the value is bound.
    private func judge(_ value: String, table: String, oid: String, type: String, in database: LiveDatabase) throws -> Correlation {
        let rows = try database.rows("""
            WITH parts AS (
                SELECT format('%I.%I', n.nspname, c.relname) AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE i.inhparent = $2::oid
            ), literals AS (
                SELECT name, bound, r IS NOT NULL AS ranged, \(Self.literal("r[1]")) AS lo, \(Self.literal("r[2]")) AS hi,
                       ARRAY(SELECT \(Self.literal("m[1]"))
                             FROM regexp_matches(substring(bound FROM '^FOR VALUES IN \\((.*)\\)$'), '(''(?:[^'']|'''')*''|[^, ]+)', 'g') m) AS items
                FROM parts LEFT JOIN LATERAL \(Self.rangeBounds("bound")) r ON true
            ), judged AS (
                SELECT name, bound, ranged, lo::\(type) AS lo, hi::\(type) AS hi, items::\(type)[] AS items FROM literals
            ), accepting AS (
                SELECT name FROM judged
                WHERE bound = 'DEFAULT' OR $1::\(type) = ANY (items)
                   OR (ranged AND (lo IS NULL OR lo <= $1::\(type)) AND (hi IS NULL OR hi > $1::\(type)))
            )
            SELECT (SELECT count(*) FROM judged),
                   (SELECT string_agg(name, ', ' ORDER BY name) FROM accepting),
                   (SELECT name || ' ' || bound FROM judged WHERE hi <= $1::\(type) ORDER BY hi DESC LIMIT 1),
                   (SELECT name || ' ' || bound FROM judged WHERE lo > $1::\(type) ORDER BY lo LIMIT 1)
            """, [value, oid])
        let row = rows[0]  // scalar subqueries: always one row
        let count = row[0] ?? "0"
        var facts = ["table": table, "key_type": type, "partitions": count]
        var correlation: Correlation
        if let accepting = row[1] {
            facts["accepting"] = accepting
            correlation = result(.resolved, "\(accepting) accepts \(value) now: the writes that failed ran before that partition of \(table) was created.")
        } else {
            let nearest = [row[2].map { "the latest before it is \($0)" }, row[3].map { "the next after it is \($0)" }].compactMap { $0 }
            correlation = result(.confirmed, "None of the \(count) partitions of \(table) accepts \(value) (\(type)) and it has no DEFAULT partition\(nearest.isEmpty ? "" : ": " + nearest.joined(separator: "; ")).")
        }
        facts["before"] = row[2]
        facts["after"] = row[3]
        correlation.facts = facts
        correlation.table = table
        return correlation
    }

    /// SQL for the table `$1`.`$2`: its partition strategy (`r`, `l`, `h`; NULL when it is not partitioned), the
    /// number of key columns, the first key column's type as `format_type` prints it, and its oid.
    static let partitionKey = """
        SELECT p.partstrat, p.partnatts, format_type(a.atttypid, a.atttypmod), c.oid
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_partitioned_table p ON p.partrelid = c.oid
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]
        WHERE n.nspname = $1 AND c.relname = $2
        """

    /// SQL: the two bound texts of a RANGE partition whose `pg_get_expr` is `bound`; NULL for any other.
    static func rangeBounds(_ bound: String) -> String {
        "regexp_match(\(bound), '^FOR VALUES FROM \\((.*)\\) TO \\((.*)\\)$')"
    }

    /// SQL: the text of one bound literal `pg_get_expr` printed (`'2026-11-01 00:00:00+00'`, `7`), NULL for
    /// `MINVALUE`, `MAXVALUE` and `NULL`.
    static func literal(_ expression: String) -> String {
        """
        CASE WHEN \(expression) IN ('MINVALUE', 'MAXVALUE', 'NULL') THEN NULL \
        WHEN \(expression) LIKE '''%' THEN replace(substr(\(expression), 2, length(\(expression)) - 2), '''''', '''') \
        ELSE \(expression) END
        """
    }
}
