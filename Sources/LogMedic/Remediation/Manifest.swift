import Foundation

/// `manifest.sha256` in the playbook directory: `<sha256>  <playbook>/<file>` per line, the format
/// `sha256sum` writes, so `cd remediations && sha256sum -c manifest.sha256` checks it too. Read the
/// way `sha256sum -c` reads it: upper- or lower-case hex, ` ` or ` *` (binary) before the name, a
/// leading `\` for an escaped name, and the BSD form `SHA256 (name) = hex`.
public struct Manifest: Sendable {
    public static let fileName = "manifest.sha256"

    /// Whether a playbook may run.
    public enum Status: Sendable, Equatable, CustomStringConvertible {
        case vetted
        case unlisted
        case modified(file: String, expected: String, actual: String)
        case unapprovedFile(file: String)
        case missingFile(file: String)
        case notRegularFile(file: String, kind: String)

        public var description: String {
            switch self {
            case .vetted: return "vetted"
            case .unlisted: return "not approved (not in \(Manifest.fileName))"
            case .modified(let file, let expected, let actual):
                return "\(file) changed since it was approved (expected sha256 \(expected), actual \(actual))"
            case .unapprovedFile(let file): return "\(file) is not in the manifest"
            case .missingFile(let file): return "\(file) is approved but missing"
            case .notRegularFile(let file, let kind): return "\(file) is not a regular file (it is \(kind))"
            }
        }
    }

    public let url: URL

    /// `playbook/file` → sha256 hex (lower case). A line that is not a checksum line is an error.
    public func load() throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw RemediationError.badManifest(path: url.path, line: "(not UTF-8 text)")
        }
        return try Self.parse(text, path: url.path)
    }

    /// The entries of a manifest's text (`path` names it in errors); what `load()` reads.
    public static func parse(_ text: String, path: String) throws -> [String: String] {
        var entries: [String: String] = [:]
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let (sum, name) = entry(String(line)), isSafe(name), entries[name] == nil else {
                throw RemediationError.badManifest(path: path, line: String(line))
            }
            entries[name] = sum
        }
        return entries
    }

    /// `hex  name`, `hex *name`, `\hex  escaped-name` or `SHA256 (name) = hex`.
    static func entry(_ line: String) -> (String, String)? {
        if line.hasPrefix("SHA256 ("), let close = line.range(of: ") = ", options: .backwards) {
            let name = String(line[line.index(line.startIndex, offsetBy: 8)..<close.lowerBound])
            let sum = String(line[close.upperBound...])
            return isHex(sum) ? (sum.lowercased(), name) : nil
        }
        var rest = Substring(line)
        let escaped = rest.hasPrefix("\\")
        if escaped { rest = rest.dropFirst() }
        let sum = rest.prefix(64)
        rest = rest.dropFirst(64)
        guard isHex(String(sum)), rest.hasPrefix(" "), rest.count >= 3 else { return nil }
        rest = rest.dropFirst()
        guard rest.first == " " || rest.first == "*" else { return nil }
        rest = rest.dropFirst()
        guard let name = escaped ? unescaped(rest) : String(rest) else { return nil }
        return (sum.lowercased(), name)
    }

    static func isHex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ("0"..."9").contains(Character(Unicode.Scalar($0))) || ("a"..."f").contains(Character(Unicode.Scalar($0))) || ("A"..."F").contains(Character(Unicode.Scalar($0))) }
    }

    /// `\\` and `\n` as sha256sum escapes them; anything else after `\` is malformed.
    static func unescaped(_ text: Substring) -> String? {
        var out = ""
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            guard c == "\\" else { out.append(c); continue }
            switch iterator.next() {
            case "\\": out.append("\\")
            case "n": out.append("\n")
            default: return nil
            }
        }
        return out
    }

    /// `<playbook>/<file>`: two plain components, nothing that climbs out of the directory.
    static func isSafe(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    func save(_ entries: [String: String]) throws {
        let body = entries.sorted { $0.key < $1.key }.map { "\($0.value)  \($0.key)" }.joined(separator: "\n") + "\n"
        try OutputFile.write(Data(body.utf8), to: url.path)
    }

    /// Checks every entry of the folder against the approved sums, from one read of each file.
    static func vet(_ playbook: Playbook, in entries: [String: String]) throws -> (Status, VettedPlaybook?) {
        let prefix = playbook.id + "/"
        let approved = entries.filter { $0.key.hasPrefix(prefix) }
        guard !approved.isEmpty else { return (.unlisted, nil) }
        let folder = try PlaybookFolder(path: playbook.directory.path).entries()
        var files: [String: [UInt8]] = [:]
        for (name, entry) in folder.sorted(by: { $0.key < $1.key }) {
            guard let expected = approved[prefix + name] else { return (.unapprovedFile(file: prefix + name), nil) }
            switch entry {
            case .notRegular(let kind): return (.notRegularFile(file: prefix + name, kind: kind), nil)
            case .file(let bytes):
                let actual = SHA256.hex(bytes)
                if actual != expected { return (.modified(file: prefix + name, expected: expected, actual: actual), nil) }
                files[name] = bytes
            }
        }
        if let missing = approved.keys.sorted().first(where: { folder[String($0.dropFirst(prefix.count))] == nil }) {
            return (.missingFile(file: missing), nil)
        }
        return (.vetted, try VettedPlaybook(playbook: playbook, files: files))
    }
}
