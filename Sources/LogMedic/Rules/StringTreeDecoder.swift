import Foundation
import Yams

/// Decodes YAML whose leaves are all strings (rule files) through JSONDecoder: Yams builds the node
/// tree, the tree is written as JSON with every scalar a string (a plain `~`, `null` or nothing is
/// null), and JSONDecoder reads it. Yams's own Decodable layer costs about a million instructions per
/// rule file, several times the parse, and every command loads the catalog.
enum StringTreeDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from yaml: String) throws -> T {
        // The basic resolver: no tag is looked up by regular expression (the default resolver runs several
        // per scalar, and again whenever a key is hashed); every leaf is read as a string anyway. UTF-8
        // named: the default encoding is looked up in a copy of the whole environment, on every parse.
        let node = try Parser(yaml: yaml, resolver: .basic, encoding: .utf8).singleRoot() ?? Node("")
        var json: [UInt8] = []
        json.reserveCapacity(yaml.utf8.count + 256)
        try write(node, into: &json)
        return try JSONDecoder().decode(type, from: Data(json))
    }

    private static func write(_ node: Node, into json: inout [UInt8]) throws {
        switch node {
        case let .scalar(scalar) where scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string):
            json += Array("null".utf8)  // as YAML reads it: an absent optional
        case let .scalar(scalar):
            JSONString.append(scalar.string, to: &json)
        case let .mapping(mapping):
            json.append(UInt8(ascii: "{"))
            for (index, pair) in mapping.enumerated() {
                if index > 0 { json.append(UInt8(ascii: ",")) }
                guard case let .scalar(key) = pair.key else { throw StringTreeError.nonStringKey }
                JSONString.append(key.string, to: &json)
                json.append(UInt8(ascii: ":"))
                try write(pair.value, into: &json)
            }
            json.append(UInt8(ascii: "}"))
        case let .sequence(sequence):
            json.append(UInt8(ascii: "["))
            for (index, element) in sequence.enumerated() {
                if index > 0 { json.append(UInt8(ascii: ",")) }
                try write(element, into: &json)
            }
            json.append(UInt8(ascii: "]"))
        case .alias:
            throw StringTreeError.alias
        }
    }
}

enum StringTreeError: Error, CustomStringConvertible {
    case nonStringKey, alias
    var description: String {
        switch self {
        case .nonStringKey: return "a mapping key that is not a plain string"
        case .alias: return "a YAML alias (*name); write the value out"
        }
    }
}
