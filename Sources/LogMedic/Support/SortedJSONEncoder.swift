import Foundation

/// The bytes Foundation's `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes`, pretty-printed
/// or not, keys converted to snake case or not, in a fraction of its time: a report of a failure storm spent
/// a twentieth of its CPU in Foundation's generic containers, key conversions and sorting.
///
/// What it reproduces (swift-foundation's `JSONEncoder` and `JSONWriter`, which Linux builds use): keys
/// sorted by their UTF-8 bytes, a key set twice keeps its last value; String-keyed dictionaries keep their
/// keys as they are; a value that encodes nothing is `{}`; a Double is its `description` without a
/// trailing `.0`; strings escape `"`, `\` and control bytes only. `SortedJSONEncoderTests` holds it to
/// `JSONEncoder`. Whatever it does not write itself (dates, data, URLs, decimals, floats, non-finite
/// numbers, other dictionaries, keys beyond ASCII, `superEncoder`) hands the whole value to `JSONEncoder`.
struct SortedJSONEncoder {
    var prettyPrinted: Bool
    var snakeCaseKeys: Bool

    func encode<T: Encodable>(_ value: T) throws -> Data {
        let state = State(snakeCaseKeys: snakeCaseKeys)
        let node = try? state.box(value)
        guard let node, !state.unsupported else { return try foundationEncoder().encode(value) }
        var writer = Writer(pretty: prettyPrinted)
        writer.write(node, indent: 0)
        return writer.sink.withBytes { Data($0) }
    }

    func foundationEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        if snakeCaseKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
        return encoder
    }

    /// JSONEncoder's `convertToSnakeCase` for an ASCII key: words split where lower case turns upper and
    /// before the last capital of a run of capitals followed by lower case, lower-cased, joined by `_`.
    /// Nil beyond ASCII, where its Unicode letter classes decide.
    static func snakeCase(_ key: String) -> String? {
        let b = Array(key.utf8)
        guard b.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard !b.isEmpty else { return key }
        func isUpper(_ c: UInt8) -> Bool { c &- UInt8(ascii: "A") < 26 }
        func isLower(_ c: UInt8) -> Bool { c &- UInt8(ascii: "a") < 26 }
        var words: [Range<Int>] = []
        var wordStart = 0, search = 1
        while let upper = b[search...].firstIndex(where: isUpper) {
            words.append(wordStart..<upper)
            guard let lower = b[upper...].firstIndex(where: isLower) else {
                wordStart = upper
                break
            }
            if lower == upper + 1 {
                wordStart = upper
            } else {
                words.append(upper..<(lower - 1))
                wordStart = lower - 1
            }
            search = lower + 1
        }
        words.append(wordStart..<b.count)
        let lowered = words.map { range in String(decoding: b[range].map { isUpper($0) ? $0 | 0x20 : $0 }, as: UTF8.self) }
        return lowered.joined(separator: "_")
    }
}

private enum Node {
    case null
    case bool(Bool)
    /// An integer or a Double as JSONEncoder spells it.
    case number(String)
    case string(String)
    case object(ObjectNode)
    case array(ArrayNode)
}

private final class ObjectNode {
    var keys: [String] = []
    var values: [Node] = []

    func set(_ value: Node, for key: String) {
        keys.append(key)
        values.append(value)
    }

    /// The container already set for `key`, as JSONEncoder reuses it for a second nested container.
    func existing(_ key: String) -> Node? { keys.lastIndex(of: key).map { values[$0] } }
}

private final class ArrayNode {
    var values: [Node] = []
}

/// What one encoding shares: the key conversions made so far, and whether some value needs `JSONEncoder`.
private final class State {
    let snakeCaseKeys: Bool
    var unsupported = false
    private var converted: [String: String] = [:]

    init(snakeCaseKeys: Bool) { self.snakeCaseKeys = snakeCaseKeys }

    struct Unsupported: Error {}

    /// Marks the encoding as one for `JSONEncoder`: even if a type's `encode(to:)` swallows the error thrown.
    func refuse() -> Unsupported {
        unsupported = true
        return Unsupported()
    }

    func key(_ key: some CodingKey, raw: Bool) -> String {
        let name = key.stringValue
        guard snakeCaseKeys, !raw else { return name }
        if let known = converted[name] { return known }
        guard let snake = SortedJSONEncoder.snakeCase(name) else { unsupported = true; return name }
        converted[name] = snake
        return snake
    }

    /// A value as JSONEncoder boxes it: special types are left to JSONEncoder, String-keyed dictionaries keep
    /// their keys, anything else encodes itself (nothing encoded: an empty object).
    func box<T: Encodable>(_ value: T) throws -> Node {
        // Types compared, not cast: a dynamic cast per value per special type cost more than the rest.
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .number(unsafeBitCast(value, to: Int.self).description) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Double.self { return try number(unsafeBitCast(value, to: Double.self)) }
        switch kind(of: T.self) {
        case .unsupported: throw refuse()
        case let kind:
            // A String-keyed dictionary keeps its keys as they are, as JSONEncoder's keep them.
            let encoder = TreeEncoder(self, rawKeys: kind == .stringKeyedDictionary)
            try value.encode(to: encoder)
            return encoder.node ?? .object(ObjectNode())
        }
    }

    private enum Kind { case encodesItself, stringKeyedDictionary, unsupported }
    private var kinds: [ObjectIdentifier: Kind] = [:]
    private static let specialTypes = Set([Date.self, Data.self, URL.self, Decimal.self, Float.self].map { ObjectIdentifier($0 as Any.Type) })

    /// Told apart by name, not by protocol conformance: the runtime's first look for a conformance of a type
    /// walks every conformance record of the program, half a million instructions.
    private func kind<T: Encodable>(of type: T.Type) -> Kind {
        if let known = kinds[ObjectIdentifier(type)] { return known }
        let name = _typeName(type, qualified: true)
        let kind: Kind = if name.hasPrefix("Swift.Dictionary<Swift.String, ") {
            .stringKeyedDictionary
        } else if name.hasPrefix("Swift.Dictionary<") || Self.specialTypes.contains(ObjectIdentifier(type)) {
            .unsupported
        } else {
            .encodesItself
        }
        kinds[ObjectIdentifier(type)] = kind
        return kind
    }

    func number(_ value: Double) throws -> Node {
        guard value.isFinite else { throw refuse() }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}

private final class TreeEncoder: Encoder, SingleValueEncodingContainer {
    let state: State
    /// Whether its keyed container keeps keys as they are (a String-keyed dictionary's).
    let rawKeys: Bool
    var node: Node?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ state: State, rawKeys: Bool = false) {
        self.state = state
        self.rawKeys = rawKeys
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let object) = node { return KeyedEncodingContainer(KeyedContainer(state: state, object: object, rawKeys: rawKeys)) }
        if node != nil { state.unsupported = true }
        let object = ObjectNode()
        node = .object(object)
        return KeyedEncodingContainer(KeyedContainer(state: state, object: object, rawKeys: rawKeys))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let array) = node { return UnkeyedContainer(state: state, array: array) }
        if node != nil { state.unsupported = true }
        let array = ArrayNode()
        node = .array(array)
        return UnkeyedContainer(state: state, array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() throws { node = .null }
    func encode(_ value: Bool) throws { node = .bool(value) }
    func encode(_ value: String) throws { node = .string(value) }
    func encode(_ value: Double) throws { node = try state.number(value) }
    func encode(_ value: Float) throws { throw state.refuse() }
    func encode(_ value: Int) throws { node = .number(value.description) }
    func encode(_ value: Int8) throws { node = .number(value.description) }
    func encode(_ value: Int16) throws { node = .number(value.description) }
    func encode(_ value: Int32) throws { node = .number(value.description) }
    func encode(_ value: Int64) throws { node = .number(value.description) }
    func encode(_ value: UInt) throws { node = .number(value.description) }
    func encode(_ value: UInt8) throws { node = .number(value.description) }
    func encode(_ value: UInt16) throws { node = .number(value.description) }
    func encode(_ value: UInt32) throws { node = .number(value.description) }
    func encode(_ value: UInt64) throws { node = .number(value.description) }
    func encode<T: Encodable>(_ value: T) throws { node = try state.box(value) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: State
    let object: ObjectNode
    var rawKeys = false
    var codingPath: [any CodingKey] { [] }

    private func name(_ key: Key) -> String { state.key(key, raw: rawKeys) }

    mutating func encodeNil(forKey key: Key) throws { object.set(.null, for: name(key)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(.bool(value), for: name(key)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(.string(value), for: name(key)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { object.set(try state.number(value), for: name(key)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw state.refuse() }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(.number(value.description), for: name(key)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.set(.number(value.description), for: name(key)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.set(.number(value.description), for: name(key)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.set(.number(value.description), for: name(key)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(.number(value.description), for: name(key)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.set(.number(value.description), for: name(key)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.set(.number(value.description), for: name(key)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { object.set(.number(value.description), for: name(key)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { object.set(.number(value.description), for: name(key)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { object.set(.number(value.description), for: name(key)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { object.set(try state.box(value), for: name(key)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let name = name(key)
        if case .object(let nested) = object.existing(name) { return KeyedEncodingContainer(KeyedContainer<NestedKey>(state: state, object: nested)) }
        let nested = ObjectNode()
        object.set(.object(nested), for: name)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(state: state, object: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let name = name(key)
        if case .array(let nested) = object.existing(name) { return UnkeyedContainer(state: state, array: nested) }
        let nested = ArrayNode()
        object.set(.array(nested), for: name)
        return UnkeyedContainer(state: state, array: nested)
    }

    mutating func superEncoder() -> any Encoder { state.unsupported = true; return TreeEncoder(state) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { state.unsupported = true; return TreeEncoder(state) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let state: State
    let array: ArrayNode
    var codingPath: [any CodingKey] { [] }
    var count: Int { array.values.count }

    mutating func encodeNil() throws { array.values.append(.null) }
    mutating func encode(_ value: Bool) throws { array.values.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.values.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.values.append(try state.number(value)) }
    mutating func encode(_ value: Float) throws { throw state.refuse() }
    mutating func encode(_ value: Int) throws { array.values.append(.number(value.description)) }
    mutating func encode(_ value: Int8) throws { array.values.append(.number(value.description)) }
    mutating func encode(_ value: Int16) throws { array.values.append(.number(value.description)) }
    mutating func encode(_ value: Int32) throws { array.values.append(.number(value.description)) }
    mutating func encode(_ value: Int64) throws { array.values.append(.number(value.description)) }
    mutating func encode(_ value: UInt) throws { array.values.append(.number(value.description)) }
    mutating func encode(_ value: UInt8) throws { array.values.append(.number(value.description)) }
    mutating func encode(_ value: UInt16) throws { array.values.append(.number(value.description)) }
    mutating func encode(_ value: UInt32) throws { array.values.append(.number(value.description)) }
    mutating func encode(_ value: UInt64) throws { array.values.append(.number(value.description)) }
    mutating func encode<T: Encodable>(_ value: T) throws { array.values.append(try state.box(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        array.values.append(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(state: state, object: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        array.values.append(.array(nested))
        return UnkeyedContainer(state: state, array: nested)
    }

    mutating func superEncoder() -> any Encoder { state.unsupported = true; return TreeEncoder(state) }
}

/// JSONWriter's layout: pretty output puts each member on a line of its own, indented two spaces a level,
/// `"key" : value`, and an empty container's brackets on two lines with an empty one between.
private struct Writer: ~Copyable {
    let pretty: Bool
    var sink = ByteSink(capacity: 1 << 16)

    init(pretty: Bool) { self.pretty = pretty }

    mutating func write(_ node: Node, indent: Int) {
        switch node {
        case .null: literal("null")
        case .bool(let value): literal(value ? "true" : "false")
        case .number(let text): text.withUTF8Bytes { sink.append(UnsafeRawBufferPointer($0)) }
        case .string(let text): sink.appendString(text)
        case .object(let object): write(object, indent: indent)
        case .array(let array):
            sink.append(UInt8(ascii: "["))
            if pretty { sink.append(0x0A) }
            for (n, value) in array.values.enumerated() {
                if n > 0 { separator() }
                if pretty { spaces(indent + 1) }
                write(value, indent: indent + 1)
            }
            close(UInt8(ascii: "]"), indent: indent)
        }
    }

    private mutating func write(_ object: ObjectNode, indent: Int) {
        sink.append(UInt8(ascii: "{"))
        if pretty {
            sink.append(0x0A)
            if !object.keys.isEmpty { spaces(indent + 1) }
        }
        let keys = object.keys
        // By key bytes, then by when set: of a key set twice, the last value is written.
        let order = keys.indices.sorted { a, b in
            let order = Self.compare(keys[a], keys[b])
            return order == 0 ? a < b : order < 0
        }
        var first = true
        for (n, index) in order.enumerated() where n + 1 == order.count || Self.compare(keys[order[n + 1]], keys[index]) != 0 {
            if !first {
                separator()
                if pretty { spaces(indent + 1) }
            }
            first = false
            sink.appendString(keys[index])
            if pretty { literal(" : ") } else { sink.append(UInt8(ascii: ":")) }
            write(object.values[index], indent: indent + 1)
        }
        close(UInt8(ascii: "}"), indent: indent)
    }

    /// The order of two keys' UTF-8 bytes (negative: `a` first; zero: equal).
    private static func compare(_ a: String, _ b: String) -> Int {
        a.withUTF8Bytes { x in
            b.withUTF8Bytes { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : Int(memcmp(x.baseAddress!, y.baseAddress!, common))
                return order != 0 ? order : x.count - y.count
            }
        }
    }

    private mutating func separator() {
        sink.append(UInt8(ascii: ","))
        if pretty { sink.append(0x0A) }
    }

    private mutating func close(_ bracket: UInt8, indent: Int) {
        if pretty {
            sink.append(0x0A)
            spaces(indent)
        }
        sink.append(bracket)
    }

    private static let indentation = [UInt8](repeating: 0x20, count: 128)

    private mutating func spaces(_ levels: Int) {
        var left = 2 * levels
        while left > 0 {
            let run = min(left, Self.indentation.count)
            Self.indentation.withUnsafeBytes { sink.append(UnsafeRawBufferPointer(rebasing: $0[..<run])) }
            left -= run
        }
    }

    private mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { sink.append(UnsafeRawBufferPointer($0)) }
    }
}
