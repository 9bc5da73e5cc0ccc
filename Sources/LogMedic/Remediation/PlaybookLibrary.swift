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

    /// The directory the playbook comes from, when it is not the built-in one.
    static func extraDirectory(of playbook: Playbook) -> String? {
        let directory = playbook.directory.deletingLastPathComponent().standardizedFileURL.path
        return directory == URL(fileURLWithPath: defaultDirectory()).standardizedFileURL.path ? nil : directory
    }

    /// The manifest of the directory the playbook comes from.
    public func manifest(for playbook: Playbook) -> Manifest {
        Manifest(url: playbook.directory.deletingLastPathComponent().appendingPathComponent(Manifest.fileName))
    }

    /// Reads every directory's manifest, so a malformed one is an error before anything runs.
    public func checkManifests() throws {
        for directory in directories { _ = try Manifest(url: directory.appendingPathComponent(Manifest.fileName)).load() }
    }

    public func status(of playbook: Playbook) throws -> Manifest.Status {
        try Manifest.vet(playbook, in: try manifest(for: playbook).load()).0
    }

    /// Vetting status of every playbook.
    public func statuses() throws -> [(Playbook, Manifest.Status)] {
        try playbooks.map { ($0, try status(of: $0)) }
    }

    /// The playbook's files, read once, exactly the ones approved, byte for byte; throws otherwise.
    /// Run and journal what this returns, never the folder again.
    public func vetted(_ playbook: Playbook) throws -> VettedPlaybook {
        let (status, vetted) = try Manifest.vet(playbook, in: try manifest(for: playbook).load())
        guard let vetted else { throw RemediationError.notVetted(id: playbook.id, status: status, playbooks: Self.extraDirectory(of: playbook)) }
        return vetted
    }

    /// The playbook's files read once without vetting, for a rehearsal (BEGIN … ROLLBACK, never committed).
    public func unvetted(_ playbook: Playbook) throws -> VettedPlaybook {
        var files: [String: [UInt8]] = [:]
        for (name, entry) in try PlaybookFolder(path: playbook.directory.path).entries() {
            guard case .file(let bytes) = entry else {
                if case .notRegular(let kind) = entry {
                    throw RemediationError.notVetted(id: playbook.id, status: .notRegularFile(file: "\(playbook.id)/\(name)", kind: kind),
                                                     playbooks: Self.extraDirectory(of: playbook))
                }
                continue
            }
            files[name] = bytes
        }
        return try VettedPlaybook(playbook: playbook, files: files)
    }

    /// Records the playbook's current files as reviewed, in its own directory's manifest. Only regular
    /// files can be approved.
    public func approve(id: String) throws -> [String] {
        let playbook = try playbook(id: id)
        let manifest = manifest(for: playbook)
        var entries = try manifest.load().filter { !$0.key.hasPrefix(playbook.id + "/") }
        let folder = try PlaybookFolder(path: playbook.directory.path).entries()
        for (name, entry) in folder {
            guard case .file(let bytes) = entry else {
                if case .notRegular(let kind) = entry {
                    throw RemediationError.notVetted(id: id, status: .notRegularFile(file: "\(id)/\(name)", kind: kind),
                                                     playbooks: Self.extraDirectory(of: playbook))
                }
                continue
            }
            entries[playbook.id + "/" + name] = SHA256.hex(bytes)
        }
        try manifest.save(entries)
        return folder.keys.sorted()
    }
}
