/// A YAML document whose leaves are all strings, as `StringTreeDecoder` reads it. (Not `indirect`: the
/// arrays already hold the nested nodes out of line, and a box per node cost an allocation each.)
enum StringTree {
    case null
    case string(String)
    case sequence([StringTree])
    /// Keys in file order, each once.
    case mapping([(key: String, value: StringTree)])

    /// A sequence of strings as an array; nil for anything else.
    var strings: [String]? {
        guard case .sequence(let items) = self else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(items.count)
        for item in items {
            guard case .string(let text) = item else { return nil }
            strings.append(text)
        }
        return strings
    }

    /// A mapping whose values are strings as a dictionary; nil for anything else.
    var stringMapping: [String: String]? {
        guard case .mapping(let pairs) = self else { return nil }
        var mapping: [String: String] = [:]
        mapping.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            guard case .string(let text) = value else { return nil }
            mapping[key] = text
        }
        return mapping
    }

    /// What a type mismatch says was found, in JSONDecoder's words.
    var kind: String {
        switch self {
        case .null: return "null"
        case .string: return "a string"
        case .sequence: return "an array"
        case .mapping: return "a dictionary"
        }
    }
}

/// A `Decoder` over a `StringTree`: every scalar is a string, so a type that asks for a number or a
/// Bool is told it found a string, as JSONDecoder told it when the tree was read through JSON.
struct StringTreeDecoding: Decoder {
    let tree: StringTree
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let pairs) = tree else { throw mismatch([String: Any].self, tree, codingPath) }
        return KeyedDecodingContainer(KeyedContainer(pairs: pairs, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items) = tree else { throw mismatch([Any].self, tree, codingPath) }
        return UnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueContainer(tree: tree, codingPath: codingPath) }
}

private func mismatch(_ type: Any.Type, _ tree: StringTree, _ path: [any CodingKey]) -> DecodingError {
    .typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found \(tree.kind) instead."))
}

private func string(_ tree: StringTree, _ path: [any CodingKey]) throws -> String {
    switch tree {
    case .string(let text): return text
    case .null: throw DecodingError.valueNotFound(String.self, .init(codingPath: path, debugDescription: "Expected String value but found null instead."))
    default: throw mismatch(String.self, tree, path)
    }
}

/// The shapes rules are made of (a string, a list of strings, a mapping of strings) are read straight
/// off the tree; the standard library's Array and Dictionary inits cost ten times as much.
/// The path is built only for an error or a nested decoder: an array per value cost more than the value.
private func decoded<T: Decodable>(_ type: T.Type, _ tree: StringTree, _ path: @autoclosure () -> [any CodingKey]) throws -> T {
    if T.self == String.self, case .string(let text) = tree { return unsafeBitCast(text, to: T.self) }
    if T.self == [String].self, let strings = tree.strings { return unsafeBitCast(strings, to: T.self) }
    if T.self == [String: String].self, let mapping = tree.stringMapping { return unsafeBitCast(mapping, to: T.self) }
    if case .null = tree {
        throw DecodingError.valueNotFound(type, .init(codingPath: path(), debugDescription: "Expected \(type) value but found null instead."))
    }
    return try T(from: StringTreeDecoding(tree: tree, codingPath: path()))
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let pairs: [(key: String, value: StringTree)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { pairs.compactMap { Key(stringValue: $0.key) } }

    /// Mappings are small (a rule has a dozen keys): a scan beats hashing.
    private func value(_ key: Key) -> StringTree? {
        let name = key.stringValue
        return pairs.first { $0.key == name }?.value
    }

    private func present(_ key: Key) throws -> StringTree {
        guard let value = value(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return value
    }

    func contains(_ key: Key) -> Bool { value(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try present(key) { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoded(type, present(key), codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = value(key) else { return nil }
        if case .null = value { return nil }
        return try decoded(type, value, codingPath + [key])
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        let value = try present(key)
        guard case .string(let text) = value else { return try string(value, codingPath + [key]) }
        return text
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = value(key) else { return nil }
        if case .null = value { return nil }
        return try decoded(type, value, codingPath + [key])
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoded(type, present(key), codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoded(type, present(key), codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoded(type, present(key), codingPath + [key]) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoded(type, present(key), codingPath + [key]) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoded(type, present(key), codingPath + [key]) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoded(type, present(key), codingPath + [key]) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoded(type, present(key), codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoded(type, present(key), codingPath + [key]) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoded(type, present(key), codingPath + [key]) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoded(type, present(key), codingPath + [key]) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoded(type, present(key), codingPath + [key]) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoded(type, present(key), codingPath + [key]) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoded(type, present(key), codingPath + [key]) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try StringTreeDecoding(tree: present(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try StringTreeDecoding(tree: present(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { StringTreeDecoding(tree: .mapping(pairs), codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        StringTreeDecoding(tree: value(key) ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [StringTree]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(items: [StringTree], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    /// The next item, and its index for the path.
    private mutating func next(_ type: Any.Type) throws -> (StringTree, Int) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: path(currentIndex), debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], currentIndex)
    }

    private func path(_ index: Int) -> [any CodingKey] { codingPath + [IndexKey(intValue: index)] }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { _ = try next(Any?.self); return false }
        guard case .null = items[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (tree, index) = try next(type)
        return try decoded(type, tree, path(index))
    }

    mutating func decode(_ type: String.Type) throws -> String { let (t, i) = try next(type); return try string(t, path(i)) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { let (t, i) = try next(type); return try decoded(type, t, path(i)) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (t, i) = try next(type); return try decoded(type, t, path(i)) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (t, i) = try next(type); return try decoded(type, t, path(i)) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (t, i) = try next(type); return try decoded(type, t, path(i)) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let (t, i) = try next(type); return try decoded(type, t, path(i)) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let (t, i) = try next(type); return try decoded(type, t, path(i)) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let (t, i) = try next(type); return try decoded(type, t, path(i)) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (t, i) = try next(type); return try decoded(type, t, path(i)) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let (t, i) = try next(type); return try decoded(type, t, path(i)) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (t, i) = try next(type); return try decoded(type, t, path(i)) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (t, i) = try next(type); return try decoded(type, t, path(i)) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (t, i) = try next(type); return try decoded(type, t, path(i)) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (t, i) = try next(type); return try decoded(type, t, path(i)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (tree, index) = try next([String: Any].self)
        return try StringTreeDecoding(tree: tree, codingPath: path(index)).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (tree, index) = try next([Any].self)
        return try StringTreeDecoding(tree: tree, codingPath: path(index)).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (tree, index) = try next(Any.self)
        return StringTreeDecoding(tree: tree, codingPath: path(index))
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let tree: StringTree
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = tree { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoded(type, tree, codingPath) }
    func decode(_ type: String.Type) throws -> String { try string(tree, codingPath) }
    func decode(_ type: Bool.Type) throws -> Bool { throw scalarMismatch(type) }
    func decode(_ type: Double.Type) throws -> Double { throw scalarMismatch(type) }
    func decode(_ type: Float.Type) throws -> Float { throw scalarMismatch(type) }
    func decode(_ type: Int.Type) throws -> Int { throw scalarMismatch(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { throw scalarMismatch(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { throw scalarMismatch(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { throw scalarMismatch(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { throw scalarMismatch(type) }
    func decode(_ type: UInt.Type) throws -> UInt { throw scalarMismatch(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { throw scalarMismatch(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { throw scalarMismatch(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { throw scalarMismatch(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { throw scalarMismatch(type) }

    /// Only strings and null are in the tree.
    private func scalarMismatch(_ type: Any.Type) -> DecodingError {
        if case .null = tree {
            return .valueNotFound(type, .init(codingPath: codingPath, debugDescription: "Expected \(type) value but found null instead."))
        }
        return mismatch(type, tree, codingPath)
    }
}
