import Foundation
import Yams

/// Writes a drafted playbook as a playbook folder: playbook.yaml, deploy.sql (each statement with its
/// hazards above it), verify.sql, revert.sql. The folder is unvetted: nothing runs it until approved.
public struct DraftWriter {
    public let directory: URL
    public let origin: String

    public init(directory: String, origin: String) {
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL
        self.origin = origin
    }

    /// The playbook's folder; refuses to overwrite an existing one.
    @discardableResult
    public func write(_ playbook: DraftedPlaybook) throws -> URL {
        let folder = directory.appendingPathComponent(playbook.id)
        if FileManager.default.fileExists(atPath: folder.path) { throw DraftError.outputExists(paths: [folder.path]) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(try yaml(playbook).utf8).write(to: folder.appendingPathComponent("playbook.yaml"))
        try Data(deploy(playbook).utf8).write(to: folder.appendingPathComponent("deploy.sql"))
        try Data((playbook.verify.trimmingCharacters(in: .whitespacesAndNewlines) + ";\n").utf8).write(to: folder.appendingPathComponent("verify.sql"))
        try Data(playbook.revert.utf8).write(to: folder.appendingPathComponent("revert.sql"))
        if let applied = playbook.applied {
            try Data(applied.utf8).write(to: folder.appendingPathComponent(Playbook.appliedFile))
        }
        return folder
    }

    func deploy(_ playbook: DraftedPlaybook) -> String {
        var text = "-- \(playbook.title)\n-- Drafted by logmedic \(LogMedic.version) from \(origin). Unvetted until `logmedic remediations approve \(playbook.id)`.\n"
        for (index, statement) in playbook.statements.enumerated() {
            text += "\n"
            let hazards = index < playbook.hazards.count ? playbook.hazards[index] : []
            for hazard in hazards { text += "-- hazard \(hazard)\n" }
            text += statement + ";\n"
        }
        return text
    }

    func yaml(_ playbook: DraftedPlaybook) throws -> String {
        var preconditions: [String: [String]] = [:]
        if !playbook.absent.isEmpty { preconditions["absent"] = playbook.absent }
        if !playbook.present.isEmpty { preconditions["present"] = playbook.present }
        if !playbook.absentColumns.isEmpty { preconditions["absent_columns"] = playbook.absentColumns }
        if !playbook.presentColumns.isEmpty { preconditions["present_columns"] = playbook.presentColumns }
        var fixes: [String: Any] = ["rule": playbook.rule]
        if let relations = playbook.relations { fixes["relations"] = relations }
        if let columns = playbook.columns { fixes["columns"] = columns }
        if let captures = playbook.captures { fixes["captures"] = captures }
        var document: [String: Any] = [
            "id": playbook.id, "title": playbook.title, "description": playbook.description,
            "fixes": fixes, "preconditions": preconditions,
        ]
        document["after_apply"] = playbook.afterApply
        if !playbook.afterApplyNeeds.isEmpty { document["after_apply_needs"] = playbook.afterApplyNeeds }
        if playbook.afterApply != nil, !playbook.migrationFiles.isEmpty { document["after_apply_migrations"] = playbook.migrationFiles }
        return try Yams.dump(object: document, sortKeys: true)
    }
}
