import Foundation

/// What every report format says the same way: headlines, status labels, times, trimmed samples.
extension Diagnosis.Problem {
    /// `Table or relation does not exist: user_invitations`, `…: AuditLog.timestamp`.
    public var headline: String {
        let keys = keyCaptures
        return keys.isEmpty ? group.title : "\(group.title): \(keys.joined(separator: ", "))"
    }

    /// The identifying capture values; pairs that name one thing are written as one (`AuditLog.timestamp`,
    /// `uuid_generate_v4()`). Empty captures and repeated values are left out, and so are values with digits that do not
    /// identify the problem (the rule's fingerprint leaves them out): those of the first occurrence only,
    /// such as a deadlock's process ids and transaction, would name every occurrence after it wrongly. So are
    /// those the title states (`titleStates`), and a pair one of which it states. A host and its port are `host:port`
    /// when the port identifies the problem (`service_unreachable`: which service), else the host alone.
    public var keyCaptures: [String] {
        let identifies = { (name: String) in self.group.fingerprint.contains("|\(name)=") }
        let pairs: [(first: String, second: String, join: (String, String) -> String)] = [
            ("schema", "relation", { "\($0).\($1)" }), ("model", "attribute", { "\($0).\($1)" }),
            ("receiver", "method", { "\($0).\($1)" }), ("table", "column", { "\($0).\($1)" }),
            ("function", "arguments", { "\($0)(\($1))" }),
        ] + (identifies("port") ? [("host", "port", { ($0.contains(":") && !$0.hasPrefix("[") ? "[\($0)]" : $0) + ":\($1)" })] : [])
        let stated = Set(titleStates ?? [])
        var used = stated
        var keys: [String] = []
        for capture in group.captures where !used.contains(capture.name) {
            used.insert(capture.name)
            // Whichever of a pair the rule captured first, the pair is written once, where it is.
            let pair = pairs.first { $0.first == capture.name || $0.second == capture.name }
            if let pair, stated.contains(pair.first) || stated.contains(pair.second) { continue }
            if let pair, let first = group.capture(pair.first), let second = group.capture(pair.second) {
                keys.append(pair.join(first, second))
                used.insert(pair.first); used.insert(pair.second)
            } else if !capture.value.isEmpty, !keys.contains(capture.value),  // a value two captures share, once
                      identifies(capture.name) || !capture.value.contains(where: \.isNumber) {
                keys.append(capture.value)
            }
        }
        return keys
    }

    /// `9 occurrences`; when server and app records of one failure were linked, also how many were
    /// seen by both and the raw record count: `9 occurrences (9 logged by both server and app, 18 log records)`.
    public var occurrences: String {
        let count = ReportText.plural(group.count, "occurrence")
        guard group.linkedFailures > 0 else { return count }
        return "\(count) (\(group.linkedFailures) logged by both server and app, \(ReportText.plural(group.records, "log record")))"
    }

    /// `GET /api/x → 500 ×9, POST /api/y → 502 ×1`: the server errors this problem caused, any input.
    public var failedRequestsLine: String? {
        guard !group.failedRequests.isEmpty else { return nil }
        return group.failedRequests.prefix(3).map { "\($0.method) \($0.path) → \($0.status.map(String.init) ?? "5xx") ×\($0.occurrences)" }
            .joined(separator: ", ") + (group.failedRequests.count > 3 ? " (+\(group.failedRequests.count - 3) more)" : "")
    }

    /// What an app clock off by whole hours means (`FindingGroup.appClockOffset`), when it is.
    public var clockNote: String? {
        guard let offset = group.appClockOffset else { return nil }
        let hours = Double(abs(offset)) / 3600
        let amount = hours == hours.rounded() ? "\(Int(hours)) h" : "\(hours) h"
        return "the app's times are \(amount) \(offset > 0 ? "ahead of" : "behind") the server's for the same failures: "
            + "times without a zone are read as UTC, so each failure was counted twice; run the app with TZ=UTC or log its offset"
    }

    /// The most frequent app code location, as the logs name it.
    public var topCodeLocation: String? {
        group.codeLocations.first.map { "\($0.file):\($0.line)\($0.function.map { " in \($0)" } ?? "")" }
    }

    /// That location's line of code in the `--source` checkout: `path:line` there, and the code.
    public var topCode: (place: String, text: String)? {
        guard let location = group.codeLocations.first, let path = location.sourcePath, let code = location.code else { return nil }
        return ("\(path):\(location.line)", code)
    }
}

extension Correlation.Status {
    /// The label reports print: CONFIRMED, RESOLVED, NOT CHECKED, INCONCLUSIVE, N/A.
    public var label: String {
        switch self {
        case .confirmed: return "CONFIRMED"
        case .resolved: return "RESOLVED"
        case .inconclusive: return "INCONCLUSIVE"
        case .notChecked: return "NOT CHECKED"
        case .notApplicable: return "N/A"
        }
    }
}

/// Times and text as reports show them.
public enum ReportText {
    /// A logged timestamp in one style whatever the log wrote: `2025-12-19 13:21:24 UTC`.
    static func time(_ timestamp: String?) -> String {
        guard let timestamp else { return "—" }
        guard let epoch = Timestamp.epoch(of: timestamp) else { return timestamp }
        return dateTime(epoch) + " UTC"
    }

    /// The span of all problems: `2025-12-19 13:00–16:47 UTC`, or with both dates when it crosses midnight.
    static func range(of diagnosis: Diagnosis) -> String? {
        let epochs = diagnosis.problems.flatMap { [$0.group.firstSeen, $0.group.lastSeen] }
            .compactMap { $0.flatMap(Timestamp.epoch(of:)) }
        guard let first = epochs.min(), let last = epochs.max() else { return nil }
        let (from, to) = (dateTime(first), dateTime(last))
        // Within one minute, to the second: `16:00–16:00` says nothing.
        let clock = from.prefix(16) == to.prefix(16) ? 8 : 5
        if from.prefix(10) == to.prefix(10) { return "\(from.prefix(10)) \(from.dropFirst(11).prefix(clock))–\(to.dropFirst(11).prefix(clock)) UTC" }
        return "\(from.prefix(16)) – \(to.prefix(16)) UTC"
    }

    /// `2025-12-19 13:21:24`: the instant in UTC, in whole seconds (rounded down).
    static func dateTime(_ epoch: Double) -> String {
        Diagnosis.dateAndTime(time_t(epoch.rounded(.down)), separator: " ")
    }

    /// At most `limit` lines of at most `width` characters: the head and the tail (a traceback's end
    /// names the error), with a marker between.
    static func trimmed(_ text: String, limit: Int = 25, width: Int = 240) -> String {
        let lines = text.lines(omittingEmpty: false).map { line -> String in
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            // No more characters than bytes: only a long line is counted.
            return line.utf8.count > width && line.count > width ? line.prefix(width) + " …" : String(line)
        }
        guard lines.count > limit else { return lines.joined(separator: "\n") }
        let head = limit / 4, tail = limit - head - 1
        return (lines.prefix(head) + ["… \(lines.count - head - tail) lines omitted …"] + lines.suffix(tail)).joined(separator: "\n")
    }

    /// `1 replacement`, `2 replacements`; irregular plurals given: `plural(2, "fix", "fixes")`.
    public static func plural(_ count: Int, _ noun: String, _ pluralNoun: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : pluralNoun ?? noun + "s")"
    }

    /// What a report was made from: `2 inputs, 40 lines, 12 events, 5 findings` (`withBytes`: `40 lines (5120 bytes)`).
    /// Findings read from findings files without a summary record are named as such: what their scans read is not known.
    static func read(_ stats: ScanStats, withBytes: Bool = false) -> String {
        let ingest = stats.ingest, unsummarized = stats.findingsWithoutSummary ?? 0
        let unknown = "findings files without a summary record (the lines and events scanned were not recorded)"
        if unsummarized > 0, unsummarized == stats.findingCount, ingest.sources == 0 {
            return "\(plural(unsummarized, "finding")) from \(unknown)"
        }
        return "\(plural(ingest.sources, "input")), \(plural(ingest.lines, "line"))" + (withBytes ? " (\(ingest.bytes) bytes)" : "")
            + ", \(plural(ingest.events, "event")), \(plural(stats.findingCount, "finding"))"
            + (unsummarized > 0 ? ", \(unsummarized) of them from \(unknown)" : "")
    }

    /// The file name of a path, for compact listings.
    static func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }
}
