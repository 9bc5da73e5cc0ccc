import Foundation

/// The playbook directory (`remediations/` by default, `--playbooks DIR`) and its manifest.
public struct PlaybookLibrary: Sendable {
    public let directory: URL
    public let playbooks: [Playbook]

    public init(directory: String) throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        self.directory = root
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RemediationError.noPlaybookDirectory(path: directory)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        playbooks = try names.compactMap { name in
            let folder = root.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue, !name.hasPrefix(".") else { return nil }
            return try Playbook(directory: folder)
        }
    }

    /// The built-in `remediations/` next to the rule catalog (same discovery), for when no --playbooks is given.
    public static func defaultDirectory() -> String {
        if let env = ProcessInfo.processInfo.environment["LOGMEDIC_PLAYBOOKS"], !env.isEmpty { return env }
        if let rules = try? BuiltinCatalog.directory() {
            return URL(fileURLWithPath: rules).deletingLastPathComponent().appendingPathComponent("remediations").path
        }
        return "remediations"
    }

    public func playbook(id: String) throws -> Playbook {
        guard let playbook = playbooks.first(where: { $0.id == id }) else {
            throw RemediationError.unknownPlaybook(id: id, directory: directory.path)
        }
        return playbook
    }

    public var manifest: Manifest { Manifest(url: directory.appendingPathComponent(Manifest.fileName)) }

    /// Vetting status of every playbook.
    public func statuses() throws -> [(Playbook, Manifest.Status)] {
        let manifest = try manifest.load()
        return try playbooks.map { ($0, try Manifest.vet($0, in: manifest).0) }
    }

    /// The playbook's files, read once, exactly the ones approved, byte for byte; throws otherwise.
    /// Run and journal what this returns, never the folder again.
    public func vetted(_ playbook: Playbook) throws -> VettedPlaybook {
        let (status, vetted) = try Manifest.vet(playbook, in: try manifest.load())
        guard let vetted else { throw RemediationError.notVetted(id: playbook.id, status: status) }
        return vetted
    }

    /// Records the playbook's current files as reviewed. Only regular files can be approved.
    public func approve(id: String) throws -> [String] {
        let playbook = try playbook(id: id)
        var entries = try manifest.load().filter { !$0.key.hasPrefix(playbook.id + "/") }
        let folder = try PlaybookFolder(path: playbook.directory.path).entries()
        for (name, entry) in folder {
            guard case .file(let bytes) = entry else {
                if case .notRegular(let kind) = entry {
                    throw RemediationError.notVetted(id: id, status: .notRegularFile(file: "\(id)/\(name)", kind: kind))
                }
                continue
            }
            entries[playbook.id + "/" + name] = SHA256.hex(bytes)
        }
        try manifest.save(entries)
        return folder.keys.sorted()
    }
}
