import Foundation

/// A playbook as vetting read it: every file's bytes, read once and checked against the manifest.
/// What runs, and what the journal records, comes from here, never from a second read of the folder.
public struct VettedPlaybook: Sendable {
    /// The playbook, its definition decoded from the vetted `playbook.yaml`.
    public let playbook: Playbook
    /// File name → the approved bytes.
    public let files: [String: [UInt8]]
    /// File name → SHA-256 hex of those bytes.
    public let checksums: [String: String]

    public func text(of file: String) throws -> String {
        guard let bytes = files[file], let text = String(validating: bytes, as: UTF8.self) else {
            throw RemediationError.invalidPlaybook(path: playbook.directory.appendingPathComponent(file).path, reason: "missing or not UTF-8")
        }
        return text
    }

    init(playbook: Playbook, files: [String: [UInt8]]) throws {
        self.files = files
        checksums = files.mapValues { SHA256.hex($0) }
        let definitionFile = playbook.directory.appendingPathComponent("playbook.yaml").path
        guard let yaml = files["playbook.yaml"].flatMap({ String(validating: $0, as: UTF8.self) }) else {
            throw RemediationError.invalidPlaybook(path: definitionFile, reason: "missing or not UTF-8")
        }
        let definition: Playbook.Definition
        do { definition = try StringTreeDecoder.decode(Playbook.Definition.self, from: yaml) } catch {
            throw RemediationError.invalidPlaybook(path: definitionFile, reason: String(describing: error))
        }
        guard definition == playbook.definition else {
            throw RemediationError.invalidPlaybook(path: definitionFile, reason: "changed while logmedic was running — run again")
        }
        self.playbook = playbook
    }
}
