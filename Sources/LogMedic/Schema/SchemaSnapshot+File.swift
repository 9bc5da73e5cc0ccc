import Foundation

extension SchemaSnapshot {
    /// The snapshot as stable, pretty-printed JSON (keys sorted), ending in a newline: the bytes
    /// `JSONEncoder` writes with `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`, written by
    /// `SnapshotJSONWriter` because Foundation's encoder is too slow for large schemas.
    public func jsonData() throws -> Data {
        var bytes = SnapshotJSONWriter.encode(self)
        bytes.append(UInt8(ascii: "\n"))
        return Data(bytes)
    }

    /// Reads a snapshot from JSON; throws `SchemaSnapshotError.notASnapshot` for any other JSON.
    public init(jsonData data: Data, source: String = "input") throws {
        do {
            self = try JSONDecoder().decode(SchemaSnapshot.self, from: data)
        } catch let error as DecodingError {
            throw SchemaSnapshotError.notASnapshot(path: source, reason: Self.explain(error))
        }
    }

    /// Writes the snapshot as JSON, atomically onto a regular file (see `OutputFile`, which tells `waiting` when a
    /// FIFO has no reader yet).
    public func save(to url: URL, waiting: (String) -> Void = { _ in }) throws {
        do {
            try OutputFile.write(jsonData(), to: url.path, waiting: waiting)
        } catch let error as OutputError {
            throw error
        } catch {
            throw SchemaSnapshotError.unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Loads a snapshot saved by `save(to:)` or `logmedic schema inspect -o`.
    public static func load(from url: URL) throws -> SchemaSnapshot {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SchemaSnapshotError.fileNotFound(path: url.path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SchemaSnapshotError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try SchemaSnapshot(jsonData: data, source: url.path)
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at \(keys.joined(separator: "."))"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\"\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value\(path(context))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "invalid value\(path(context))"
        @unknown default: return "not a schema snapshot"
        }
    }
}

/// Why a snapshot file could not be read or written.
public enum SchemaSnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case notASnapshot(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "schema snapshot \(path) does not exist — create one with `logmedic schema inspect -o \(path)`"
        case .unreadable(let path, let reason):
            return "cannot read schema snapshot \(path): \(reason)"
        case .unwritable(let path, let reason):
            return "cannot write schema snapshot \(path): \(reason)"
        case .notASnapshot(let path, let reason):
            return "\(path) is not a logmedic schema snapshot (\(reason)) — create one with `logmedic schema inspect -o FILE`"
        }
    }
}
