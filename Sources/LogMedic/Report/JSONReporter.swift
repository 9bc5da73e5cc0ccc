import Foundation

/// `--format json`: the redacted diagnosis under a format tag, snake_case keys, sorted, pretty-printed,
/// log timestamps in UTC ISO-8601.
/// The document is described field by field in docs/report-json.md; `format` changes when it breaks.
public struct JSONReporter: Reporter {
    public static let identifier = "json"
    public static let formatTag = "logmedic.report.v1"
    public let redactor: Redactor

    public init(redactor: Redactor = .shared) { self.redactor = redactor }

    /// The top-level object: the tag, then the diagnosis' own fields.
    struct Document: Encodable {
        let format: String
        let diagnosis: Diagnosis

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(format, forKey: Key("format"))
            try diagnosis.encode(to: encoder)
        }
    }

    struct Key: CodingKey {
        let stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public func render(_ diagnosis: Diagnosis) -> String {
        let encoder = SortedJSONEncoder(prettyPrinted: true, snakeCaseKeys: true)
        let data = (try? encoder.encode(Document(format: Self.formatTag, diagnosis: diagnosis.redacted(redactor).timestampsInUTC()))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
