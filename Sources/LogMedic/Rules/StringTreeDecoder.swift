import CYaml
import Foundation

/// Decodes YAML whose leaves are all strings (rule files, the secret table) through JSONDecoder:
/// libyaml's events are written straight out as JSON with every scalar a string (a plain `~`, `null`
/// or nothing is null), and JSONDecoder reads it. Yams's own Decodable layer costs about a million
/// instructions per rule file, and its node tree (tags resolved, keys hashed to find duplicates,
/// nodes copied to be written out) half again the parse; every command loads the catalog.
enum StringTreeDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from yaml: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json(of: yaml)))
    }

    static func json(of yaml: String) throws -> [UInt8] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw StringTreeError.parser("cannot start the YAML parser") }
        defer { yaml_parser_delete(&parser) }
        var text = Array(yaml.utf8)
        var writer = Writer()
        writer.json.reserveCapacity(text.count + 256)
        try text.withUnsafeMutableBufferPointer { bytes in
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { throw StringTreeError.parser(Self.problem(of: parser)) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                try writer.take(event)
            }
        }
        if writer.json.isEmpty { writer.json = Array("\"\"".utf8) }  // an empty file: no document
        return writer.json
    }

    private static func problem(of parser: yaml_parser_t) -> String {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) + ": " } ?? ""
        return "line \(parser.problem_mark.line + 1), column \(parser.problem_mark.column + 1): \(context)\(problem)"
    }

    /// JSON from events, checking what the tree would: one document, string keys each once, no aliases.
    private struct Writer {
        var json: [UInt8] = []
        /// Per open collection: the keys of a mapping seen so far (nil for a sequence), and how many
        /// nodes it holds already (a mapping's keys and values both count).
        private var open: [(keys: Set<String>?, count: Int)] = []
        private var documents = 0

        mutating func take(_ event: yaml_event_t) throws {
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                guard documents == 1 else { throw StringTreeError.severalDocuments }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let bytes = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
                let text = String(decoding: bytes, as: UTF8.self)
                if let keys = open.last?.keys, open[open.count - 1].count % 2 == 0 {
                    guard !keys.contains(text) else { throw StringTreeError.duplicateKey(text) }
                    open[open.count - 1].keys!.insert(text)
                    separate()
                    JSONString.append(text, to: &json)
                    json.append(UInt8(ascii: ":"))
                    return
                }
                separate()
                if scalar.style == YAML_PLAIN_SCALAR_STYLE, ["", "~", "null", "Null", "NULL"].contains(text) {
                    json += Array("null".utf8)  // as YAML reads it: an absent optional
                } else {
                    JSONString.append(text, to: &json)
                }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                if let last = open.last, last.keys != nil, last.count % 2 == 0 { throw StringTreeError.nonStringKey }
                separate()
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                json.append(UInt8(ascii: isMapping ? "{" : "["))
                open.append((isMapping ? [] : nil, 0))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let closed = open.removeLast()
                json.append(UInt8(ascii: closed.keys == nil ? "]" : "}"))
            case YAML_ALIAS_EVENT:
                throw StringTreeError.alias
            default:
                break
            }
        }

        /// Counts the node about to be written into its collection, after a comma where one is due.
        private mutating func separate() {
            guard !open.isEmpty else { return }
            let count = open[open.count - 1].count
            open[open.count - 1].count += 1
            // Within a mapping a value follows its key's colon; keys and sequence items after the first take a comma.
            if open[open.count - 1].keys != nil ? (count % 2 == 0 && count > 0) : count > 0 { json.append(UInt8(ascii: ",")) }
        }
    }
}

enum StringTreeError: Error, CustomStringConvertible {
    case nonStringKey, alias, severalDocuments
    case duplicateKey(String)
    case parser(String)
    var description: String {
        switch self {
        case .nonStringKey: return "a mapping key that is not a plain string"
        case .alias: return "a YAML alias (*name); write the value out"
        case .severalDocuments: return "more than one YAML document (---); a file holds one"
        case .duplicateKey(let key): return "the key \"\(key)\" appears twice in one mapping"
        case .parser(let problem): return problem
        }
    }
}
