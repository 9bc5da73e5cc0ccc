extension Drafter {
    /// A write whose partition key no partition accepts (`partition_for_key` confirmed it). The partitions
    /// to follow are the live table's own, not the reference's: partitions ahead are made by a job or by
    /// hand, seldom by a migration. The revert refuses while the partition holds rows, which the writes
    /// that failed store there once it exists.
    func missingPartition(_ value: String, of live: Relation, rule: String, logged: String) throws -> Draft.Outcome {
        let table = "\(live.schema).\(live.name)"
        let key = try target.connection.query(PartitionForKeyCheck.partitionKey, [live.schema, live.name])
        guard key.rowCount == 1, let oid = key[0, 3], let type = key[0, 2], key[0, 1] == "1", key[0, 0] == "r" || key[0, 0] == "l" else {
            return .notDrafted(reason: "\(table) is not partitioned by RANGE or LIST on one column: which partition to add is not known")
        }
        let partition = PartitionTarget(live: live, table: table, oid: oid, type: type, rule: rule, logged: logged)
        return key[0, 0] == "l" ? try listPartition(value, partition) : try rangePartition(value, partition)
    }

    struct PartitionTarget {
        let live: Relation
        let table: String
        let oid: String
        /// The key column's type, as `format_type` prints it.
        let type: String
        let rule: String
        let logged: String
    }

    /// RANGE partitions on one date, time or integer column whose finite ranges all have one width (a month,
    /// a day, 1000 ids) give the range that holds the value: aligned on them, cut to the gap its neighbours
    /// leave, and named as they are (`events_2026_11` → `events_2026_12`).
    private func rangePartition(_ value: String, _ p: PartitionTarget) throws -> Draft.Outcome {
        let (live, table, oid, type) = (p.live, p.table, p.oid, p.type)
        let connection = target.connection
        guard let width = Self.partitionWidth[type] else {
            return .notDrafted(reason: "\(table) is partitioned on a \(type) column: only date, time and integer ranges are drafted")
        }
        let parts = try connection.query("""
            WITH ranged AS (
                SELECT c.relname AS name, \(PartitionForKeyCheck.literal("r[1]")) AS lo, \(PartitionForKeyCheck.literal("r[2]")) AS hi
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid, \(PartitionForKeyCheck.rangeBounds(Self.bound)) r
                WHERE i.inhparent = $1::oid
            )
            SELECT name, lo::\(type)::text, (\(width.replacingOccurrences(of: "$lo", with: "lo::\(type)").replacingOccurrences(of: "$hi", with: "hi::\(type)")))::text
            FROM ranged WHERE lo IS NOT NULL AND hi IS NOT NULL ORDER BY lo::\(type)
            """, [oid])
        let widths = Set((0..<parts.rowCount).compactMap { parts[$0, 2] })
        guard widths.count == 1, let step = widths.first else {
            return .notDrafted(reason: parts.rowCount == 0
                ? "\(table) has no partition with two finite bounds to take the width of the next from"
                : "the partitions of \(table) differ in width (\(widths.sorted().joined(separator: ", "))): which range to add is not known")
        }
        let stepType = Self.isTime(type) ? "interval" : type
        // The range of the series that holds the value, cut to the gap between the partitions around it.
        let bounds = try connection.query("""
            WITH parts AS (
                SELECT \(PartitionForKeyCheck.literal("r[1]")) AS lo, \(PartitionForKeyCheck.literal("r[2]")) AS hi, r IS NOT NULL AS ranged
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                LEFT JOIN LATERAL \(PartitionForKeyCheck.rangeBounds(Self.bound)) r ON true
                WHERE i.inhparent = $1::oid
            ), anchor AS (
                SELECT coalesce((SELECT max(lo::\(type)) FROM parts WHERE lo::\(type) <= $2::\(type) AND hi IS NOT NULL),
                                (SELECT min(lo::\(type)) FROM parts WHERE hi IS NOT NULL)) AS at
            ), aligned AS (
                SELECT CASE WHEN at <= $2::\(type)
                            THEN (SELECT max(s) FROM generate_series(at, $2::\(type), $3::\(stepType)) s)
                            ELSE (SELECT CASE WHEN min(s) = $2::\(type) THEN min(s) ELSE min(s) - $3::\(stepType) END
                                  FROM generate_series(at, $2::\(type), -$3::\(stepType)) s) END::\(type) AS lo
                FROM anchor
            ), cut AS (
                SELECT greatest(lo, (SELECT max(hi::\(type)) FROM parts WHERE ranged AND hi::\(type) <= $2::\(type))) AS lo,
                       least((lo + $3::\(stepType))::\(type), (SELECT min(lo::\(type)) FROM parts WHERE ranged AND lo::\(type) > $2::\(type))) AS hi
                FROM aligned
            )
            SELECT lo::text, hi::text, quote_literal(lo::text), quote_literal(hi::text) FROM cut
            """, [oid, value, step])
        guard let from = bounds[0, 0], let to = bounds[0, 1], let fromLiteral = bounds[0, 2], let toLiteral = bounds[0, 3] else {
            return .notDrafted(reason: "no range of \(table)'s series holds \(value)")
        }
        let names = try partitionNames(for: from, parent: live.name, parts: parts, type: type)
        guard let name = try names.first(where: { try !target.relationExists(live.schema, $0) }) else {
            return .notDrafted(reason: "a table \(live.schema).\(names[0]) exists already: if it is a detached partition holding that range, attach it (ALTER TABLE \(table) ATTACH PARTITION … FOR VALUES FROM (\(fromLiteral)) TO (\(toLiteral))), else create the partition under a name of your own")
        }
        return try partitionPlaybook(named: name, bound: "FROM (\(fromLiteral)) TO (\(toLiteral))", shown: "\(from) to \(to)",
                                     why: "each of them spans \(step), and none accepts \(value)", p)
    }

    /// A LIST partition for the value alone, named like the partitions that hold one value each
    /// (`usage_1` → `usage_2`), else `parent_value`.
    private func listPartition(_ value: String, _ p: PartitionTarget) throws -> Draft.Outcome {
        let rows = try target.connection.query("""
            SELECT c.relname, (regexp_match(\(Self.bound), '^FOR VALUES IN \\((.*)\\)$'))[1]
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::oid
            """, [p.oid])
        guard let cast = try? target.connection.query("SELECT quote_literal($1::\(p.type)::text), $1::\(p.type)::text", [value]),
              let literal = cast[0, 0], let shown = cast[0, 1] else {
            return .notDrafted(reason: "\(value) is no \(p.type), the type of \(p.table)'s key: the logged value is not the key")
        }
        // Partitions holding one value, which `pg_get_expr` prints as a literal ('eu') or a number (7).
        let single = (0..<rows.rowCount).compactMap { row -> (String, String)? in
            guard let name = rows[row, 0], let items = rows[row, 1], !items.contains(",") else { return nil }
            return (name, items.hasPrefix("'") && items.hasSuffix("'") ? String(items.dropFirst().dropLast()) : items)
        }
        let clean = Self.identifier([shown])
        var names = Self.commonAffixes(single.map(\.0), rendered: single.map(\.1)).map { [$0.0 + clean + $0.1] } ?? []
        names.append(String(p.live.name.prefix(63 - clean.utf8.count - 1)) + "_" + clean)
        guard let name = try names.first(where: { try !target.relationExists(p.live.schema, $0) }) else {
            return .notDrafted(reason: "a table \(p.live.schema).\(names[0]) exists already: if it is a detached partition for \(shown), attach it (ALTER TABLE \(p.table) ATTACH PARTITION … FOR VALUES IN (\(literal))), else create the partition under a name of your own")
        }
        return try partitionPlaybook(named: name, bound: "IN (\(literal))", shown: shown, why: "none of them lists \(shown)", p)
    }

    /// `CREATE TABLE … PARTITION OF … FOR VALUES <bound>`, verified by the catalog, reverted by a drop that
    /// refuses while the partition holds rows.
    private func partitionPlaybook(named name: String, bound: String, shown: String, why: String, _ p: PartitionTarget) throws -> Draft.Outcome {
        let parent = try reference.quoted(p.live.schema, p.live.name)
        let partition = try reference.quoted(p.live.schema, name)
        let message = try literal("\(p.live.schema).\(name) holds rows written since it was added; move them first (INSERT … SELECT into another partition), or keep it")
        var drafted = DraftedPlaybook(
            id: Self.identifier(["partition", name]), title: "Add partition \(p.live.schema).\(name) of \(p.table) for \(shown)",
            description: """
                Drafted by logmedic from the live partitions of \(p.table): \(why), so whatever creates them \
                (pg_partman's run_maintenance, a cron job, a person) did not create \(name). CREATE TABLE … PARTITION \
                OF takes an ACCESS EXCLUSIVE lock on \(p.table) for a moment: queries on it wait until it commits. \
                Unvetted: review every file, then approve.
                """,
            rule: p.rule, relations: nil, columns: nil, absent: [partition], present: [parent],
            absentColumns: [], presentColumns: [],
            statements: ["CREATE TABLE \(partition) PARTITION OF \(parent) FOR VALUES \(bound)"], hazards: [],
            verify: """
                -- One row when the partition is missing or belongs to no other table; no rows means verified.
                SELECT 'missing partition' AS problem, \(try literal(partition)) AS partition
                WHERE NOT EXISTS (SELECT FROM pg_inherits WHERE inhrelid = to_regclass(\(try literal(partition))) AND inhparent = to_regclass(\(try literal(parent))))

                """,
            revert: """
                -- Refuses while the partition holds rows: dropping it would delete them.
                \(Self.refusal(while: "EXISTS (SELECT FROM \(partition))", message))
                DROP TABLE \(partition);

                """)
        drafted.captures = ["relation": [p.logged]]
        drafted.note = "partition for \(shown), named like the others"
        return try finish(drafted)
    }

    /// SQL: the bound of partition `c` as the server prints it (`FOR VALUES FROM (…) TO (…)`).
    static let bound = "pg_get_expr(c.relpartbound, c.oid)"

    static func isTime(_ type: String) -> Bool { type.hasPrefix("time") || type == "date" }

    /// SQL for one partition's width from its bounds `$lo` and `$hi`, by key type (`format_type`'s names).
    static let partitionWidth: [String: String] = [
        "date": "age($hi::timestamp, $lo::timestamp)",
        "timestamp without time zone": "age($hi, $lo)",
        "timestamp with time zone": "age($hi, $lo)",
        "smallint": "$hi - $lo", "integer": "$hi - $lo", "bigint": "$hi - $lo", "numeric": "$hi - $lo",
    ]

    /// Name formats of time partitions (`to_char`), most specific first.
    static let partitionNameFormats = ["YYYY_MM_DD_HH24MI", "YYYYMMDDHH24MI", "YYYY_MM_DD_HH24", "YYYYMMDDHH24", "YYYY_MM_DD", "YYYYMMDD",
                                       "YYYY_MM", "YYYYMM", "IYYY_\"w\"IW", "IYYY\"w\"IW", "YYYY_\"q\"Q", "YYYY\"q\"Q", "YYYY"]

    /// Names for the new partition, best first: made the way the existing names are (a fixed prefix and
    /// suffix around the lower bound: `to_char` of it for time keys, the number for integers), then with the
    /// day too (a range cut to a gap may start in a month that has a partition), then `parent_` and the bound.
    private func partitionNames(for lower: String, parent: String, parts: PostgresResult, type: String) throws -> [String] {
        let names = (0..<parts.rowCount).compactMap { parts[$0, 0] }
        let lowers = (0..<parts.rowCount).compactMap { parts[$0, 1] }
        let isTime = Self.isTime(type)
        let day = isTime ? try toChar(lower, "YYYY_MM_DD", type: type) : lower.replacingOccurrences(of: "-", with: "m")
        var candidates: [String] = []
        for format in isTime ? Self.partitionNameFormats : [""] {
            let rendered = try lowers.map { isTime ? try toChar($0, format, type: type) : $0 }
            if let (prefix, suffix) = Self.commonAffixes(names, rendered: rendered) {
                candidates = [prefix + (isTime ? try toChar(lower, format, type: type) : lower) + suffix, prefix + day + suffix]
                break
            }
        }
        return candidates + [String(parent.prefix(63 - day.utf8.count - 1)) + "_" + day]
    }

    private func toChar(_ value: String, _ format: String, type: String) throws -> String {
        try target.connection.query("SELECT to_char($1::\(type), $2)", [value, format])[0, 0] ?? ""
    }

    /// The prefix and suffix every name has around its rendered bound, when they are the same for all.
    static func commonAffixes(_ names: [String], rendered: [String]) -> (String, String)? {
        var affixes: (String, String)?
        for (name, bound) in zip(names, rendered) {
            guard !bound.isEmpty, let range = name.range(of: bound, options: .backwards) else { return nil }
            let pair = (String(name[..<range.lowerBound]), String(name[range.upperBound...]))
            if let affixes, affixes != pair { return nil }
            affixes = pair
        }
        return affixes
    }
}
