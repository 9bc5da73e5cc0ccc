import Foundation

/// `redaction/secrets.yaml`: the secret shapes the redactor masks, each with examples that must be
/// masked and look-alikes that must not (see redaction/README.md).
public struct SecretTable: Decodable, Sendable {
    public struct MaskedExample: Decodable, Sendable {
        public let text: String
        /// Substrings that must not survive redaction.
        public let secrets: [String]
    }

    public struct Shape: Decodable, Sendable {
        public let id: String
        /// Case-insensitive strings; the shape is tried only where one occurs, its match starting there.
        public let literals: [String]
        public let pattern: String
        /// The longest match in bytes.
        public let window: Int?
        public let masked: [MaskedExample]
        public let lookalikes: [String]

        enum CodingKeys: String, CodingKey { case id, literals, pattern, window, masked, lookalikes }

        /// As synthesized, but `window` may arrive as text: the table is read with every YAML scalar a string.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            literals = try c.decode([String].self, forKey: .literals)
            pattern = try c.decode(String.self, forKey: .pattern)
            masked = try c.decode([MaskedExample].self, forKey: .masked)
            lookalikes = try c.decode([String].self, forKey: .lookalikes)
            guard let text = try c.decodeIfPresent(String.self, forKey: .window) else { window = nil; return }
            guard let window = Int(text) else {
                throw DecodingError.dataCorruptedError(forKey: .window, in: c, debugDescription: "window must be a whole number of bytes, not \"\(text)\"")
            }
            self.window = window
        }
    }

    public let fragments: [String: String]?
    public let shapes: [Shape]

    public static let fileName = "secrets.yaml"

    /// The pattern with `{{fragment}}` placeholders filled in, also those a fragment holds (three levels
    /// deep at most; an unknown name stays as it is).
    public func expandedPattern(of shape: Shape) -> String {
        var pattern = shape.pattern
        for _ in 0..<3 {
            let expanded = filledIn(pattern)
            if expanded == pattern { break }
            pattern = expanded
        }
        return pattern
    }

    /// One pass of `expandedPattern`. Read as bytes: String's `split(separator:)` cost 40 thousand
    /// instructions a pattern, on every run.
    private func filledIn(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let opens = Self.doubled(UInt8(ascii: "{"), in: bytes[...])
        guard let fragments, let first = opens.first else { return text }
        var pattern = Array(bytes[..<first])
        for (index, open) in opens.enumerated() {
            let part = bytes[(open + 2)..<(index + 1 < opens.count ? opens[index + 1] : bytes.count)]
            if let close = Self.doubled(UInt8(ascii: "}"), in: part).first,
               let fragment = fragments[String(decoding: part[..<close], as: UTF8.self)] {
                pattern += fragment.utf8
                pattern += part[(close + 2)...]
            } else {
                pattern += "{{".utf8
                pattern += part
            }
        }
        return String(decoding: pattern, as: UTF8.self)
    }

    /// Where `byte` appears twice in a row, left to right without overlap (as `split(separator:)` finds them).
    private static func doubled(_ byte: UInt8, in bytes: ArraySlice<UInt8>) -> [Int] {
        var found: [Int] = []
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            if bytes[index] == byte, bytes[index + 1] == byte {
                found.append(index)
                index += 2
            } else {
                index += 1
            }
        }
        return found
    }

    public static func load(path: String) throws -> SecretTable {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SecretTableError.unreadable(path: path, reason: error.localizedDescription)
        }
        do { return try StringTreeDecoder.decode(SecretTable.self, from: text) } catch {
            throw SecretTableError.invalid(path: path, reason: String(describing: error))
        }
    }

    /// `LOGMEDIC_SECRETS`, else `redaction/secrets.yaml` beside the built-in rule catalog.
    public static func builtinPath() throws -> String {
        if let env = ProcessInfo.processInfo.environment["LOGMEDIC_SECRETS"], !env.isEmpty { return env }
        let candidates = BuiltinCatalog.siblingPaths(folder: "redaction", file: fileName)
        guard let path = candidates.first(where: FileManager.default.fileExists(atPath:)) else {
            throw SecretTableError.notFound(searched: candidates)
        }
        return path
    }
}

public enum SecretTableError: Error, CustomStringConvertible {
    case notFound(searched: [String])
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)
    case badShape(id: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let searched):
            return "secret table not found (looked in \(searched.joined(separator: ", "))): set LOGMEDIC_SECRETS to redaction/secrets.yaml"
        case .unreadable(let path, let reason): return "cannot read secret table \(path): \(reason)"
        case .invalid(let path, let reason): return "invalid secret table \(path): \(reason)"
        case .badShape(let id, let reason): return "secret shape \(id): \(reason)"
        }
    }
}
