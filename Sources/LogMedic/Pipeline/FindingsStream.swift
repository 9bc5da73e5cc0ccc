import Foundation

/// The mergeable intermediate between `scan` and `report`, one JSON object per line
/// (`docs/findings-ndjson.md`): finding records (`scan --format ndjson`) or partial groups
/// (`scan --format groups`), then one `scan` record with the inputs and totals of that scan.
/// `report --findings` folds any number of such streams, in any order, into one diagnosis.
public enum FindingsStream {
    public static let format = "logmedic.findings.v1"

    /// The closing record of a scan.
    public struct Summary: Codable, Sendable, Equatable {
        public var format: String
        public var inputs: [String]
        public var stats: ScanStats
    }

    struct SummaryRecord: Codable { var scan: Summary }
    struct GroupRecord: Codable { var group: PartialGroup }
    struct ResponseRecord: Codable { var response: RequestTimeline.Request }

    static func encoder() -> SortedJSONEncoder {
        SortedJSONEncoder(prettyPrinted: false, snakeCaseKeys: true)
    }

    /// The inverse of `.convertToSnakeCase` for these types: Foundation's `.convertFromSnakeCase` turns
    /// `rule_id` into `ruleId`, not the `ruleID` it came from, so acronyms are spelled out here.
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in AnyKey(camelCase(path.last!.stringValue)) }
        return decoder
    }

    static let acronyms: Set<Substring> = ["id", "json", "utf8", "sql", "url", "http"]

    static func camelCase(_ snake: String) -> String {
        let parts = snake.split(separator: "_")
        guard let first = parts.first else { return snake }
        return String(first) + parts.dropFirst().map { part in
            acronyms.contains(part) ? part.uppercased() : part.prefix(1).uppercased() + part.dropFirst()
        }.joined()
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The `scan` record that ends a stream.
    public static func summaryLine(inputs: [String], stats: ScanStats, redactor: Redactor = .shared) -> String {
        var stats = stats
        stats.inputErrors = stats.inputErrors.map(redactor.scrub)
        let record = SummaryRecord(scan: Summary(format: format, inputs: inputs.map(redactor.scrub), stats: stats))
        return String(decoding: (try? encoder().encode(record)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// One partial group, redacted like every report.
    public static func groupLine(_ partial: PartialGroup, redactor: Redactor = .shared) -> String {
        var partial = partial
        partial.group = partial.group.redacted(redactor)
        return String(decoding: (try? encoder().encode(GroupRecord(group: partial))) ?? Data(), as: UTF8.self) + "\n"
    }

    /// A server error response a scan saw (`scan --format groups`), for the merged groups to be tied to.
    public static func responseLine(_ request: RequestTimeline.Request, redactor: Redactor = .shared) -> String {
        var request = request
        request.path = redactor.scrub(request.path)
        return String(decoding: (try? encoder().encode(ResponseRecord(response: request))) ?? Data(), as: UTF8.self) + "\n"
    }

    /// What `read` gathered: the totals and inputs of the scans, their 5xx responses, and the records it
    /// could not read.
    public struct Contents: Sendable {
        public var stats = ScanStats()
        public var inputs: [String] = []
        public var responses = RequestTimeline(serverErrorsOnly: true)
        public var malformedRecords = 0
    }

    /// Folds every record of `paths` (`-` is stdin; gzip detected) into `grouper`. The findings of a file without a
    /// summary record (`scan` without `--summary-record`) are counted in the totals, and as such
    /// (`findingsWithoutSummary`); an unreadable file is a failed input.
    public static func read(paths: [String], into grouper: inout FindingGrouper) -> Contents {
        var contents = Contents()
        let decoder = decoder()
        let reader = LineReader()
        for path in paths.isEmpty ? ["-"] : paths {
            var findingsByRule: [String: Int] = [:], summarized = false
            defer {
                if !summarized, !findingsByRule.isEmpty {
                    contents.stats.findingsByRule.merge(findingsByRule, uniquingKeysWith: +)
                    contents.stats.findingsWithoutSummary = (contents.stats.findingsWithoutSummary ?? 0) + findingsByRule.values.reduce(0, +)
                }
            }
            do {
                let input = try InputFile(path: path)
                var source = input.source
                try reader.forEachLine(of: &source) { line, _, _ in
                    guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { return }
                    let data = Data(line)
                    if line.starts(with: #"{"group":"#.utf8), let record = try? decoder.decode(GroupRecord.self, from: data) {
                        grouper.merge(record.group)
                    } else if line.starts(with: #"{"response":"#.utf8), let record = try? decoder.decode(ResponseRecord.self, from: data) {
                        contents.responses.add(record.response)
                    } else if line.starts(with: #"{"scan":"#.utf8), let record = try? decoder.decode(SummaryRecord.self, from: data) {
                        contents.stats.add(record.scan.stats)
                        contents.inputs.append(contentsOf: record.scan.inputs)
                        summarized = true
                    } else if let finding = try? decoder.decode(Finding.self, from: data) {
                        grouper.add(finding)
                        findingsByRule[finding.ruleID, default: 0] += 1
                    } else {
                        contents.malformedRecords += 1
                    }
                }
            } catch {
                contents.stats.ingest.failedSources += 1
                contents.stats.inputErrors.append(String(describing: error))
            }
        }
        contents.inputs = Array(Set(contents.inputs)).sorted()
        return contents
    }
}
