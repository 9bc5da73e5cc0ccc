import Foundation

/// Lists the regular files under a source root that match a codemod's globs.
enum SourceWalker {
    /// Directories never entered: version control, dependencies and caches are not the app's code.
    static let skippedDirectories: Set<String> = [".git", "node_modules", ".venv", "__pycache__"]

    /// Relative paths (sorted) of regular files matching any glob. Symbolic links are not followed
    /// or listed, so a codemod cannot reach outside the root or replace a link with a file.
    static func files(under root: URL, matching patterns: [String]) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CodemodError.sourceRootMissing(path: root.path)
        }
        let globs = patterns.map(SourceGlob.init)
        var found: [String] = []
        try walk(root, relative: "", globs: globs, into: &found)
        return found.sorted()
    }

    private static func walk(_ directory: URL, relative: String, globs: [SourceGlob], into found: inout [String]) throws {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw CodemodError.unreadableFile(path: relative.isEmpty ? "." : relative, reason: error.localizedDescription)
        }
        for name in names.sorted() {
            let path = relative.isEmpty ? name : relative + "/" + name
            let url = directory.appendingPathComponent(name)
            // attributesOfItem does not follow links, so `.type` tells links apart from their targets.
            let type = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType
            if type == .typeDirectory, !skippedDirectories.contains(name) {
                try walk(url, relative: path, globs: globs, into: &found)
            } else if type == .typeRegular, globs.contains(where: { $0.matches(path) }) {
                found.append(path)
            }
        }
    }
}
