import Foundation
import Yams

/// Decodes YAML whose leaves are all strings (rule files) through JSONDecoder: Yams builds the node
/// tree, the tree is written as JSON with every scalar a string (a plain `~`, `null` or nothing is
/// null), and JSONDecoder reads it. Yams's own Decodable layer costs about a million instructions per
/// rule file, several times the parse, and every command loads the catalog.
enum StringTreeDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from yaml: String) throws -> T {
        // The basic resolver: no tag is looked up by regular expression (the default resolver runs several
        // per scalar, and again whenever a key is hashed); every leaf is read as a string anyway.
        let node = try Parser(yaml: yaml, resolver: .basic).singleRoot() ?? Node("")
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
            writeString(scalar.string, into: &json)
        case let .mapping(mapping):
            json.append(UInt8(ascii: "{"))
            for (index, pair) in mapping.enumerated() {
                if index > 0 { json.append(UInt8(ascii: ",")) }
                guard case let .scalar(key) = pair.key else { throw StringTreeError.nonStringKey }
                writeString(key.string, into: &json)
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

    private static func writeString(_ string: String, into json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        let utf8 = string.utf8
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            json.append(contentsOf: utf8)
            json.append(UInt8(ascii: "\""))
            return
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): json += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\\"): json += [UInt8(ascii: "\\"), byte]
            case 0..<0x20: json += Array(String(format: "\\u%04x", byte).utf8)
            default: json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
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
