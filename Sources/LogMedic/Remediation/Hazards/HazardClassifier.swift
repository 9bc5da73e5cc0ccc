/// Names the hazards of one SQL statement from its text and what the target says about the tables it
/// touches. Pure: the facts come in as a function, so the classification is tested without a server.
public enum HazardClassifier {
    /// Function calls whose value differs per row: a column added with such a default rewrites the table.
    static let volatileCalls: Set<String> = ["NEXTVAL", "RANDOM", "GEN_RANDOM_UUID", "UUID_GENERATE_V1", "UUID_GENERATE_V4",
                                             "CLOCK_TIMESTAMP", "TIMEOFDAY", "STATEMENT_TIMESTAMP", "TXID_CURRENT"]

    public static func classify(_ statement: String, facts: (String) -> TableFacts?) -> [Hazard] {
        if let refused = SQLScript.nonTransactionalStatement(in: statement) {
            return [Hazard(.nonTransactional, "\(refused) cannot run inside a transaction",
                           alternative: "run it by hand outside logmedic, after the transactional part")]
        }
        let tokens = SQLTokens(statement)
        let k = tokens.keywords
        func starts(_ words: String...) -> Bool { k.count >= words.count && Array(k.prefix(words.count)) == words }
        if starts("CREATE", "TABLE") || starts("CREATE", "UNLOGGED", "TABLE") {
            if let of = k.indices.first(where: { k[$0] == "PARTITION" && k.indices.contains($0 + 1) && k[$0 + 1] == "OF" }),
               let parent = tokens.name(at: of + 2)?.text {
                return [Hazard(.accessExclusiveLock, "ACCESS EXCLUSIVE on \(parent) while the partition is added: queries on it wait until it commits")]
                    + referencedLocks(tokens, facts)
            }
            return referencedLocks(tokens, facts)
        }
        if starts("CREATE", "INDEX") || starts("CREATE", "UNIQUE", "INDEX") {
            guard var on = k.firstIndex(of: "ON") else { return [] }
            if k.indices.contains(on + 1), k[on + 1] == "ONLY" { on += 1 }
            guard let table = tokens.name(at: on + 1)?.text, let fact = facts(table) else { return [] }
            return [Hazard(.shareLock, "SHARE on \(table): writes to it wait until the index is built"),
                    Hazard(.indexBuild, "index build on \(table), \(fact.rowsText)")]
        }
        if starts("ALTER", "TABLE") {
            var at = 2
            while k.indices.contains(at), ["IF", "EXISTS", "ONLY"].contains(k[at]) { at += 1 }
            guard let (table, next) = tokens.name(at: at) else { return [] }
            guard let fact = facts(table) else { return referencedLocks(tokens, facts) }
            return alterTable(table, fact, tokens, from: next, facts)
        }
        if starts("DROP", "TABLE") {
            var at = 2
            while k.indices.contains(at), ["IF", "EXISTS"].contains(k[at]) { at += 1 }
            var hazards: [Hazard] = []
            while let (table, next) = tokens.name(at: at) {
                if let fact = facts(table) {
                    hazards += [Hazard(.accessExclusiveLock, "ACCESS EXCLUSIVE on \(table)"),
                                Hazard(.deletesData, "drops \(table) with its data, \(fact.rowsText)")]
                }
                guard k.indices.contains(next), k[next] == "," else { break }
                at = next + 1
            }
            return hazards
        }
        if starts("ALTER", "SEQUENCE") {
            var at = 2
            while k.indices.contains(at), ["IF", "EXISTS"].contains(k[at]) { at += 1 }
            // A sequence created earlier in the same script (facts: nil) is used by nobody else yet.
            guard let sequence = tokens.name(at: at)?.text, facts(sequence) != nil else { return [] }
            return [Hazard(.shareRowExclusiveLock, "SHARE ROW EXCLUSIVE on \(sequence): nextval() in other sessions waits until the statement commits")]
        }
        if starts("DROP", "INDEX") { return [Hazard(.indexDropped, "queries that used the index fall back to other plans")] }
        if starts("TRUNCATE") || starts("DELETE") { return [Hazard(.deletesData, "deletes rows")] }
        return []
    }

    private static func alterTable(_ table: String, _ fact: TableFacts, _ tokens: SQLTokens, from start: Int,
                                   _ facts: (String) -> TableFacts?) -> [Hazard] {
        let k = tokens.keywords
        let rest = Array(k[start...])
        let notValid = contains(rest, ["NOT", "VALID"])
        let addsForeignKeyOnly = rest.first == "ADD" && contains(rest, ["FOREIGN", "KEY"]) && !rest.contains("COLUMN")
        if addsForeignKeyOnly {
            var hazards = [Hazard(.shareRowExclusiveLock, "SHARE ROW EXCLUSIVE on \(table)")] + referencedLocks(tokens, facts)
            if !notValid, fact.hasRows || (fact.estimatedRows ?? 0) > 0 {
                hazards.append(Hazard(.foreignKeyValidation, "validating the foreign key scans \(table), \(fact.rowsText)"))
            }
            return hazards
        }
        var hazards = [Hazard(.accessExclusiveLock, "ACCESS EXCLUSIVE on \(table)")]
        if rest.first == "ADD", rest.count > 1, !["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE"].contains(rest[1]) {
            var at = start + 1
            while k.indices.contains(at), ["COLUMN", "IF", "NOT", "EXISTS"].contains(k[at]) { at += 1 }
            let column = tokens.name(at: at)?.text ?? "the column"
            let hasDefault = rest.contains("DEFAULT")
            let generated = rest.contains("GENERATED")
            if contains(rest, ["NOT", "NULL"]), !hasDefault, !generated, fact.hasRows {
                hazards.append(Hazard(.notNullWithoutDefault, "NOT NULL column \(column) without a default on \(table), which has rows: the statement fails (or needs a value for every row)",
                                      alternative: notNullAlternative(table: table, column: column)))
            }
            if generated || rest.contains(where: volatileCalls.contains) {
                hazards.append(Hazard(.tableRewrite, "the new column's value differs per row: \(table) is rewritten under the lock, \(fact.rowsText)"))
            }
            if rest.contains("UNIQUE") || contains(rest, ["PRIMARY", "KEY"]) {
                hazards.append(Hazard(.indexBuild, "index build on \(table), \(fact.rowsText)"))
            }
            if rest.contains("REFERENCES") {
                hazards += referencedLocks(tokens, facts)
            }
            return hazards
        }
        if rest.contains("UNIQUE") || contains(rest, ["PRIMARY", "KEY"]) || rest.contains("EXCLUDE"), !contains(rest, ["USING", "INDEX"]) {
            hazards.append(Hazard(.indexBuild, "index build on \(table), \(fact.rowsText)"))
        }
        if rest.contains("CHECK"), !notValid, fact.hasRows {
            hazards.append(Hazard(.tableScan, "checking the constraint scans \(table) under the lock, \(fact.rowsText)"))
        }
        if contains(rest, ["SET", "NOT", "NULL"]), fact.hasRows {
            hazards.append(Hazard(.tableScan, "SET NOT NULL scans \(table) under the lock, \(fact.rowsText); a validated CHECK (… IS NOT NULL) first avoids the scan"))
        }
        if contains(rest, ["ALTER", "COLUMN"]) && rest.contains("TYPE") || contains(rest, ["SET", "DATA", "TYPE"]),
           !widensVarchar(tokens, from: start, fact) {
            hazards.append(Hazard(.tableRewrite, "changing a column's type may rewrite \(table), \(fact.rowsText)"))
        }
        if contains(rest, ["DROP", "COLUMN"]) {
            hazards.append(Hazard(.deletesData, "drops a column of \(table) and its values"))
        }
        return hazards
    }

    /// SHARE ROW EXCLUSIVE on every existing table a `REFERENCES` names: writes to it wait while the key is added.
    private static func referencedLocks(_ tokens: SQLTokens, _ facts: (String) -> TableFacts?) -> [Hazard] {
        var hazards: [Hazard] = []
        for (index, word) in tokens.keywords.enumerated() where word == "REFERENCES" {
            guard let table = tokens.name(at: index + 1)?.text, facts(table) != nil else { continue }
            let hazard = Hazard(.shareRowExclusiveLock, "SHARE ROW EXCLUSIVE on \(table) (referenced): writes to it wait until the statement commits")
            if !hazards.contains(hazard) { hazards.append(hazard) }
        }
        return hazards
    }

    static func notNullAlternative(table: String, column: String) -> String {
        """
        add it in steps, each short: \
        (1) ALTER TABLE \(table) ADD COLUMN \(column) <type> (nullable, or with a DEFAULT); \
        (2) backfill: UPDATE \(table) SET \(column) = … WHERE \(column) IS NULL, in batches; \
        (3) ALTER TABLE \(table) ADD CONSTRAINT <name> CHECK (\(column) IS NOT NULL) NOT VALID; \
        (4) ALTER TABLE \(table) VALIDATE CONSTRAINT <name> (no write lock); \
        (5) ALTER TABLE \(table) ALTER COLUMN \(column) SET NOT NULL (uses the validated check, no scan), then drop the check
        """
    }

    private static func contains(_ words: [String], _ sequence: [String]) -> Bool {
        guard words.count >= sequence.count else { return false }
        return (0...(words.count - sequence.count)).contains { Array(words[$0..<($0 + sequence.count)]) == sequence }
    }

    /// `ALTER COLUMN c TYPE text | varchar | varchar(m)` of a column that is `character varying(n)`, m ≥ n, without
    /// `USING`: PostgreSQL changes only the catalog (binary-coercible, no rewrite, no index rebuild).
    static func widensVarchar(_ tokens: SQLTokens, from start: Int, _ fact: TableFacts) -> Bool {
        let k = tokens.keywords
        guard !k[start...].contains("USING"), let at = k[start...].firstIndex(of: "COLUMN"), let name = tokens.name(at: at + 1),
              let typeAt = k[name.next...].firstIndex(of: "TYPE") else { return false }
        let column = name.text.first == "\"" ? String(name.text.dropFirst().dropLast()) : name.text.lowercased()
        guard let current = fact.columnTypes[column], current.hasPrefix("character varying("),
              let length = Int(current.dropFirst("character varying(".count).dropLast()) else { return false }
        let type = Array(k[(typeAt + 1)...].prefix { $0 != "," && $0 != ";" && $0 != "COLLATE" })
        switch type.first {
        case "TEXT": return type.count == 1
        case "VARCHAR": return type.count == 1 || (type.count == 4 && (Int(type[2]).map { $0 >= length } ?? false))
        case "CHARACTER" where type.dropFirst().first == "VARYING":
            return type.count == 2 || (type.count == 5 && (Int(type[3]).map { $0 >= length } ?? false))
        default: return false
        }
    }
}
