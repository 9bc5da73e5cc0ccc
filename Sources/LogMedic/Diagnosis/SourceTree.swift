import Foundation

/// The application's source checkout (`--source DIR`), used to show the exact lines a fix touches.
/// Frame paths from production (`/app/app/routers/admin.py`) are matched by their longest suffix
/// that exists under the root.
public struct SourceTree: Sendable {
    /// A line of source that matched a search.
    public struct Hit: Sendable, Equatable {
        public var path: String
        public var line: Int
        public var text: String
    }

    public let root: URL
    static let skippedDirectories: Set<String> = [".git", "node_modules", ".venv", "venv", "__pycache__", ".build", "dist"]
    static let sourceExtensions: Set<String> = ["py", "js", "jsx", "ts", "tsx", "rb", "go", "java", "kt", "php", "cs", "swift"]

    public init(root: String) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL
    }

    /// The path under the root (relative) that a production frame path refers to, if any.
    public func relativePath(forFrame framePath: String) -> String? {
        let parts = framePath.split(separator: "/").map(String.init)
        for start in parts.indices {
            let candidate = parts[start...].joined(separator: "/")
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(candidate).path) { return candidate }
        }
        return nil
    }

    public func line(_ number: Int, of relativePath: String) -> String? {
        guard let text = try? String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return number >= 1 && number <= lines.count ? String(lines[number - 1]) : nil
    }

    /// Every source line containing `needle` (plain substring), in path then line order.
    public func lines(containing needle: String) -> [Hit] {
        var hits: [Hit] = []
        for path in sourceFiles() {
            guard let text = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8), text.contains(needle) else { continue }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(needle) {
                hits.append(Hit(path: path, line: index + 1, text: String(line)))
            }
        }
        return hits
    }

    /// Relative paths of source files under the root, sorted.
    public func sourceFiles() -> [String] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey]) else { return [] }
        var files: [String] = []
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in walker {
            if Self.skippedDirectories.contains(url.lastPathComponent) { walker.skipDescendants(); continue }
            guard Self.sourceExtensions.contains(url.pathExtension) else { continue }
            let path = url.standardizedFileURL.path
            if path.hasPrefix(prefix) { files.append(String(path.dropFirst(prefix.count))) }
        }
        return files.sorted()
    }
}
