import CYaml
import Foundation

/// Decodes YAML whose leaves are all strings (rule files, the secret table, playbook definitions, the
/// application stacks): libyaml's events are built
/// into a `StringTree` with every scalar a string (a plain `~`, `null` or nothing is null), which
/// `StringTreeDecoding` hands to the type's `Decodable` init. Yams's own Decodable layer costs about a
/// million instructions per rule file, and its node tree (tags resolved, keys hashed to find
/// duplicates, nodes copied) half again the parse; going through JSON text and JSONDecoder cost as much
/// as the parse too, and Yams's first decode compiles its resolver's regular expressions with ICU (8 M
/// instructions). Every command loads the catalog; `report` reads the playbooks and stacks too.
enum StringTreeDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from yaml: String) throws -> T {
        try decode(type, from: tree(of: yaml))
    }

    static func decode<T: Decodable>(_ type: T.Type, from tree: StringTree) throws -> T {
        try T(from: StringTreeDecoding(tree: tree, codingPath: []))
    }

    /// The tree of a mapping whose last top-level key is `key`, with `replacement` for that key's value,
    /// its text left unread (libyaml reads about 160 instructions a byte); nil when the text is not
    /// plainly so (the key on more than one line, a line after its block that is not indented, the rest
    /// not a mapping or not readable on its own), and then it must be read whole: that is also the
    /// reading whose errors are reported. A line beginning with `key:` begins a top-level key whatever
    /// comes before it, once what comes before reads as a whole on its own.
    static func tree(of yaml: String, replacingLast key: String, with replacement: StringTree) -> StringTree? {
        let bytes = Array(yaml.utf8)
        var lineStarts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { lineStarts.append(index + 1) }
        let opening = Array((key + ":").utf8)
        let keyLines = lineStarts.filter { start in
            bytes[start...].starts(with: opening) && (start + opening.count == bytes.count || isBlankOrComment(bytes[start + opening.count]))
        }
        guard keyLines.count == 1, let keyLine = keyLines.first,
              lineStarts.allSatisfy({ $0 <= keyLine || $0 == bytes.count || isBlankOrComment(bytes[$0]) }),
              case .mapping(var pairs)? = try? tree(of: Array(bytes[..<keyLine])),
              !pairs.contains(where: { $0.key == key }) else { return nil }
        pairs.append((key, replacement))
        return .mapping(pairs)
    }

    /// A byte that may follow a key's colon, or begin a line inside a block: white space or a comment.
    private static func isBlankOrComment(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
            || byte == UInt8(ascii: "#")
    }

    static func tree(of yaml: String) throws -> StringTree {
        try tree(of: Array(yaml.utf8))
    }

    private static func tree(of yaml: [UInt8]) throws -> StringTree {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw StringTreeError.parser("cannot start the YAML parser") }
        defer { yaml_parser_delete(&parser) }
        var text = yaml
        var builder = Builder()
        try text.withUnsafeMutableBufferPointer { bytes in
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { throw StringTreeError.parser(Self.problem(of: parser)) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                try builder.take(event)
            }
        }
        return builder.root ?? .string("")  // an empty file: no document
    }

    private static func problem(of parser: yaml_parser_t) -> String {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) + ": " } ?? ""
        return "line \(parser.problem_mark.line + 1), column \(parser.problem_mark.column + 1): \(context)\(problem)"
    }

    /// The tree from events, checking what Yams's tree would: one document, string keys each once, no aliases.
    private struct Builder {
        private(set) var root: StringTree?
        /// The collections open, innermost last.
        private var open: [Collection] = []
        private var documents = 0

        private struct Collection {
            let isMapping: Bool
            /// A mapping's key awaiting its value.
            var key: String?
            var items: [StringTree] = []
            var pairs: [(key: String, value: StringTree)] = []
            /// A large mapping's keys, to find a repeated one without comparing it with every other.
            var keyIndex: Set<String> = []

            /// Takes `key` as the next key, unless the mapping has it already.
            mutating func claim(_ key: String) throws {
                if pairs.count < 16 {
                    guard !pairs.contains(where: { $0.key == key }) else { throw StringTreeError.duplicateKey(key) }
                } else {
                    if keyIndex.isEmpty { keyIndex = Set(pairs.map { $0.key }) }
                    guard keyIndex.insert(key).inserted else { throw StringTreeError.duplicateKey(key) }
                }
                self.key = key
            }
        }

        mutating func take(_ event: yaml_event_t) throws {
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                guard documents == 1 else { throw StringTreeError.severalDocuments }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                if awaitsKey { return try open[open.count - 1].claim(text) }
                add(scalar.style == YAML_PLAIN_SCALAR_STYLE && Self.isNull(text) ? .null : .string(text))
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                if awaitsKey { throw StringTreeError.nonStringKey }
                open.append(Collection(isMapping: event.type == YAML_MAPPING_START_EVENT))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let closed = open.removeLast()
                add(closed.isMapping ? .mapping(closed.pairs) : .sequence(closed.items))
            case YAML_ALIAS_EVENT:
                throw StringTreeError.alias
            default:
                break
            }
        }

        /// Whether the innermost collection is a mapping whose next node is a key.
        private var awaitsKey: Bool {
            guard let last = open.indices.last else { return false }
            return open[last].isMapping && open[last].key == nil
        }

        /// As YAML reads a plain scalar: an absent optional.
        private static func isNull(_ text: String) -> Bool {
            switch text {
            case "", "~", "null", "Null", "NULL": return true
            default: return false
            }
        }

        private mutating func add(_ node: StringTree) {
            guard !open.isEmpty else { return root = node }
            let last = open.count - 1
            if let key = open[last].key {
                open[last].pairs.append((key, node))
                open[last].key = nil
            } else {
                open[last].items.append(node)
            }
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
