import Foundation
import Testing
@testable import LogMedic

/// `report --format json`, SARIF and `scan --format groups` must write exactly the bytes of the `JSONEncoder`
/// configurations `SortedJSONEncoder` replaced.
@Suite("Sorted JSON encoder")
struct SortedJSONEncoderTests {
    static let configurations = [(true, true), (true, false), (false, true), (false, false)].map {
        SortedJSONEncoder(prettyPrinted: $0.0, snakeCaseKeys: $0.1)
    }

    static func expectSameBytes<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for encoder in configurations {
            let expected = try encoder.foundationEncoder().encode(value)
            let written = try encoder.encode(value)
            #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
                    "pretty \(encoder.prettyPrinted), snake case \(encoder.snakeCaseKeys)", sourceLocation: sourceLocation)
        }
    }

    @Test("real diagnoses: of the incident with and without a schema, and of other apps' logs")
    func diagnoses() throws {
        try Self.expectSameBytes(ReportFixture.checked)
        try Self.expectSameBytes(ReportFixture.unchecked)
        let logs = ["fixtures/trial-greenhouse", "fixtures/trial-podcasts", "fixtures/trial-bikeshare"].flatMap { folder in
            (FileManager.default.enumerator(atPath: repositoryRoot.appendingPathComponent(folder).path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".log") || $0.hasPrefix("logs/") }
                .map { repositoryRoot.appendingPathComponent(folder).appendingPathComponent($0).path }
        }
        #expect(logs.count >= 3)
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: logs)
        #expect(!diagnosis.problems.isEmpty)
        try Self.expectSameBytes(diagnosis)
    }

    struct Awkward: Encodable {
        var camelCaseKey = "a"
        var myURLProperty = 1
        var URLValue = 2
        var x = 3
        var snake_already = 4
        var allCAPS = 5
        var endsUpperX = 6
        var a1B2 = 7
        var text = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined() + #" "q" \ /s/ \#u{7F} é 😀 \#u{2028} 中文"#
        var doubles = [0, 0.1, -0.0, 1e-7, 1e21, .leastNonzeroMagnitude, 1.7976931348623157e308, 1766131200.007, 1766131200, -3.25]
        var ints: [Int] = [0, -1, Int.max, Int.min]
        var unsigned: [UInt64] = [0, UInt64.max]
        var small: [Int8] = [-128, 127]
        var flags = [true, false]
        var none: String? = nil
        var emptyArray: [Int] = []
        var emptyObject: [String: Int] = [:]
        var nestedEmpty = [[String: [Int]]()]
        var dictionary = ["b": 1, "a": 2, "A": 3, "camelKey": 4, "é": 5, "a b": 6, "": 7, "10": 8, "9": 9]
        var strings = ["", "plain", "with \"quote\""]
        var optionals: [Int?] = [1, nil]
    }

    @Test("keys, strings, numbers, empty and nested containers as JSONEncoder writes them")
    func awkwardValues() throws {
        try Self.expectSameBytes(Awkward())
        try Self.expectSameBytes([Awkward(), Awkward()])
        try Self.expectSameBytes("top-level string")
        try Self.expectSameBytes(42)
    }

    struct Custom: Encodable {
        enum Key: String, CodingKey { case first, second, nested, list, explicitNull }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(1, forKey: .first)
            try container.encode("later wins", forKey: .second)
            try container.encode("set twice", forKey: .second)
            try container.encodeNil(forKey: .explicitNull)
            var nested = container.nestedContainer(keyedBy: Key.self, forKey: .nested)
            try nested.encode(true, forKey: .first)
            var again = container.nestedContainer(keyedBy: Key.self, forKey: .nested)
            try again.encode(false, forKey: .second)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(1.5)
            var inner = list.nestedContainer(keyedBy: Key.self)
            try inner.encode("x", forKey: .first)
            var deeper = list.nestedUnkeyedContainer()
            try deeper.encodeNil()
            // A second keyed container of the same encoder writes into the same object.
            var more = encoder.container(keyedBy: Key.self)
            try more.encode(2, forKey: .first)
        }
    }

    struct Silent: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    struct Holder<T: Encodable>: Encodable {
        var value: T
    }

    @Test("custom encode(to:): keys set twice, nested containers asked for again, explicit nulls, values that encode nothing")
    func customContainers() throws {
        try Self.expectSameBytes(Custom())
        try Self.expectSameBytes(Holder(value: Silent()))
    }

    @Test("what it leaves to JSONEncoder comes out the same: dates, data, URLs, floats, Int-keyed dictionaries, keys beyond ASCII")
    func handedToFoundation() throws {
        try Self.expectSameBytes(Holder(value: Date(timeIntervalSinceReferenceDate: 1234.5)))
        try Self.expectSameBytes(Holder(value: Data([0, 1, 2, 250])))
        try Self.expectSameBytes(Holder(value: URL(string: "https://example.com/a?b=c")!))
        try Self.expectSameBytes(Holder(value: Float(0.1)))
        try Self.expectSameBytes(Holder(value: [3: "c", 1: "a"]))
        try Self.expectSameBytes(["ключ": Holder(value: 1)])
        struct Unicode: Encodable { var größeWert = 1 }
        try Self.expectSameBytes(Unicode())
    }

    @Test("a non-finite number fails as it does with JSONEncoder")
    func nonFinite() {
        for encoder in Self.configurations {
            #expect(throws: EncodingError.self) { try encoder.encode(Holder(value: Double.nan)) }
        }
    }

    @Test("snake case: JSONEncoder's word splits on ASCII keys")
    func snakeCase() {
        #expect(SortedJSONEncoder.snakeCase("myURLProperty") == "my_url_property")
        #expect(SortedJSONEncoder.snakeCase("firstLine") == "first_line")
        #expect(SortedJSONEncoder.snakeCase("ruleID") == "rule_id")
        #expect(SortedJSONEncoder.snakeCase("größe") == nil)
    }
}
