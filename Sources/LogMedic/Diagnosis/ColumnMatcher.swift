/// Picks the existing column a wrong name most likely meant, by name and by type.
///
/// A name that reads like a point in time (`timestamp`, `date`, `*_at`) should land on a timestamp
/// column, and among those on the row's creation time (`NOT NULL DEFAULT now()`), which is what code
/// calling it "timestamp" almost always means: `AuditLog.timestamp` → `audit_logs.created_at`.
enum ColumnMatcher {
    static func nearest(to wanted: String, in relation: Relation) -> Column? {
        let candidates = relation.columns.filter { $0.name != wanted }
        // A word two columns keep (`name` → first_name, last_name) says nothing of which one was meant.
        let wordIsTelling = candidates.filter { keepsAsWord(wanted, $0.name) }.count == 1
        let best = candidates.map { ($0, score(wanted, $0, wordIsTelling: wordIsTelling)) }.max { $0.1 < $1.1 }
        guard let best, best.1 >= 0.45 else { return nil }
        return best.0
    }

    static func score(_ wanted: String, _ column: Column, wordIsTelling: Bool) -> Double {
        var score = NameSimilarity.related(wanted, column.name) * 0.6
        if wordIsTelling, keepsAsWord(wanted, column.name) { score = max(score, 0.5) }
        if wantsTime(wanted) {
            guard isTimeType(column.type) else { return score * 0.5 }
            // An event's time (`reminder_sent_at`, `paid_on`) is another column than the row's creation time: only
            // a column of a similar name may be it.
            guard isGenericTime(wanted) else { return score + 0.1 }
            score += 0.3
            let name = column.name.lowercased()
            if name.hasPrefix("created") || name.hasPrefix("inserted") { score += 0.15 }
            if let defaultExpression = column.defaultExpression?.lowercased(),
               defaultExpression.contains("now()") || defaultExpression.contains("current_timestamp") {
                score += 0.1
            }
            if !column.isNullable { score += 0.05 }
        }
        return score
    }

    /// A column renamed to a longer name that keeps the wanted one as its first or last word (`phone` →
    /// `phone_number`, `title` → `job_title`, `active` → `is_active`); words of 4 letters or more.
    static func keepsAsWord(_ wanted: String, _ name: String) -> Bool {
        let word = wanted.lowercased(), name = name.lowercased()
        return word.count >= 4 && (name.hasPrefix(word + "_") || name.hasSuffix("_" + word))
    }

    static func wantsTime(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["timestamp", "time", "date", "datetime", "created", "when"].contains(lower)
            || lower.hasSuffix("_at") || lower.hasSuffix("_on") || lower.hasSuffix("_time") || lower.hasSuffix("_date")
    }

    /// A name that says "when" and no more (`timestamp`, `created_at`, `date`): code means the row's time by it.
    static func isGenericTime(_ name: String) -> Bool {
        var stem = name.lowercased()
        for suffix in ["_at", "_on", "_time", "_date", "_ts"] where stem.hasSuffix(suffix) { stem.removeLast(suffix.count); break }
        return ["", "timestamp", "time", "date", "datetime", "when", "ts", "created", "creation", "create", "inserted", "added",
                "logged", "recorded"].contains(stem)
    }

    static func isTimeType(_ type: String) -> Bool {
        type.hasPrefix("timestamp") || type == "date" || type.hasPrefix("time")
    }
}
