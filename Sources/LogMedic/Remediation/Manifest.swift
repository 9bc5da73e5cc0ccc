import Foundation

/// `manifest.sha256` in the playbook directory: `<sha256>  <playbook>/<file>` per line, the format
/// `sha256sum` writes, so `cd remediations && sha256sum -c manifest.sha256` checks it too.
public struct Manifest: Sendable {
    public static let fileName = "manifest.sha256"

    /// Whether a playbook may run.
    public enum Status: Sendable, Equatable, CustomStringConvertible {
        case vetted
        case unlisted
        case modified(file: String)
        case unapprovedFile(file: String)
        case missingFile(file: String)

        public var description: String {
            switch self {
            case .vetted: return "vetted"
            case .unlisted: return "not approved (not in \(Manifest.fileName))"
            case .modified(let file): return "\(file) changed since it was approved"
            case .unapprovedFile(let file): return "\(file) is not in the manifest"
            case .missingFile(let file): return "\(file) is approved but missing"
            }
        }
    }

    public let url: URL

    /// `playbook/file` → sha256 hex.
    public func load() throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        let text = try String(contentsOf: url, encoding: .utf8)
        var entries: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2 else { throw RemediationError.badManifest(path: url.path, line: String(line)) }
            entries[parts[1].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "*", with: "")] = String(parts[0])
        }
        return entries
    }

    func save(_ entries: [String: String]) throws {
        let body = entries.sorted { $0.key < $1.key }.map { "\($0.value)  \($0.key)" }.joined(separator: "\n") + "\n"
        try Data(body.utf8).write(to: url, options: .atomic)
    }

    static func status(of playbook: Playbook, in entries: [String: String]) throws -> Status {
        let prefix = playbook.id + "/"
        let approved = entries.filter { $0.key.hasPrefix(prefix) }
        guard !approved.isEmpty else { return .unlisted }
        let files = try playbook.files()
        for file in files {
            guard let sum = approved[prefix + file] else { return .unapprovedFile(file: prefix + file) }
            let actual = SHA256.hex(try Data(contentsOf: playbook.directory.appendingPathComponent(file)))
            if actual != sum { return .modified(file: prefix + file) }
        }
        if let missing = approved.keys.sorted().first(where: { !files.contains(String($0.dropFirst(prefix.count))) }) {
            return .missingFile(file: missing)
        }
        return .vetted
    }
}
