import Foundation

/// The playbooks in effect: the built-in `remediations/` plus any `--playbooks DIR`, later directories
/// adding playbooks and overriding earlier ones by id (as `--rules` does). Each directory's
/// `manifest.sha256` vouches only for its own playbooks.
public struct PlaybookLibrary: Sendable {
    public let directories: [URL]
    public let playbooks: [Playbook]

    public init(directories: [String]) throws {
        var byID: [String: Playbook] = [:]
        var order: [String] = []
        var roots: [URL] = []
        for directory in directories {
            let root = URL(fileURLWithPath: directory).standardizedFileURL
            roots.append(root)
            for playbook in try Self.load(root, as: directory) {
                if byID[playbook.id] == nil { order.append(playbook.id) }
                byID[playbook.id] = playbook
            }
        }
        self.directories = roots
        self.playbooks = order.map { byID[$0]! }
    }

    public init(directory: String) throws {
        try self.init(directories: [directory])
    }

    /// The built-in directory, then each extra one on top of it.
    public static func load(extraDirectories: [String]) throws -> PlaybookLibrary {
        try PlaybookLibrary(directories: [defaultDirectory()] + extraDirectories)
    }

    private static func load(_ root: URL, as given: String) throws -> [Playbook] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RemediationError.noPlaybookDirectory(path: given)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        return try names.compactMap { name in
            let folder = root.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue, !name.hasPrefix(".") else { return nil }
            return try Playbook(directory: folder)
        }
    }

    /// The built-in `remediations/` next to the rule catalog (same discovery), or `LOGMEDIC_PLAYBOOKS`.
    public static func defaultDirectory() -> String {
        if let env = ProcessInfo.processInfo.environment["LOGMEDIC_PLAYBOOKS"], !env.isEmpty { return env }
        if let rules = try? BuiltinCatalog.directory() {
            return URL(fileURLWithPath: rules).deletingLastPathComponent().appendingPathComponent("remediations").path
        }
        return "remediations"
    }

    public func playbook(id: String) throws -> Playbook {
        guard let playbook = playbooks.first(where: { $0.id == id }) else {
            throw RemediationError.unknownPlaybook(id: id, directory: directories.map(\.path).joined(separator: ", "))
        }
        return playbook
    }

    /// The manifest of the directory the playbook comes from.
    public func manifest(for playbook: Playbook) -> Manifest {
        Manifest(url: playbook.directory.deletingLastPathComponent().appendingPathComponent(Manifest.fileName))
    }

    public func status(of playbook: Playbook) throws -> Manifest.Status {
        try Manifest.status(of: playbook, in: try manifest(for: playbook).load())
    }

    /// Vetting status of every playbook.
    public func statuses() throws -> [(Playbook, Manifest.Status)] {
        try playbooks.map { ($0, try status(of: $0)) }
    }

    /// Throws unless the playbook's files are exactly the ones approved, byte for byte.
    public func requireVetted(_ playbook: Playbook) throws {
        let status = try status(of: playbook)
        guard status == .vetted else { throw RemediationError.notVetted(id: playbook.id, status: status) }
    }

    /// Records the playbook's current files as reviewed, in its own directory's manifest.
    public func approve(id: String) throws -> [String] {
        let playbook = try playbook(id: id)
        let manifest = manifest(for: playbook)
        var entries = try manifest.load().filter { !$0.key.hasPrefix(playbook.id + "/") }
        for file in try playbook.files() {
            entries[playbook.id + "/" + file] = SHA256.hex(try Data(contentsOf: playbook.directory.appendingPathComponent(file)))
        }
        try manifest.save(entries)
        return try playbook.files()
    }
}
