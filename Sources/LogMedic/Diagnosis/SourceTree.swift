import Foundation

/// The application's source checkout (`--source DIR`), used to show the exact lines a fix touches.
/// Frame paths from production (`/app/app/routers/admin.py`) are matched by their longest suffix
/// that is a regular file inside the root. Paths from logs are never used as they are: one that
/// climbs with `..` maps to nothing, and every read goes through `SourceDirectory` (no symlinks).
public struct SourceTree: Sendable {
    /// A line of source that matched a search.
    public struct Hit: Sendable, Equatable {
        public var path: String
        public var line: Int
        public var text: String
    }

    public let root: URL
    /// Nil when the root cannot be opened: then nothing is found in it.
    let directory: SourceDirectory?
    static let sourceExtensions: Set<String> = ["py", "js", "jsx", "ts", "tsx", "rb", "go", "java", "kt", "php", "cs", "swift"]

    public init(root: String) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL
        directory = try? SourceDirectory(path: root)
    }

    /// The path under the root (relative) that a production frame path refers to, if any: its longest suffix that is
    /// a file at that path under the root (`/app/app/routers/admin.py` → `app/routers/admin.py`), else its longest
    /// suffix that ends the path of exactly one source file deeper down: a checkout that keeps the code below a
    /// folder the image does not (`src/…`, `src/main/java/…`), or a frame that names its file alone (a JVM's
    /// `LedgerController.java`). A suffix two source files end with names neither.
    public func relativePath(forFrame framePath: String) -> String? {
        guard let directory else { return nil }
        let parts = framePath.split(separator: "/").map(String.init).filter { $0 != "." }
        guard !parts.contains("..") else { return nil }
        for start in parts.indices {
            let candidate = parts[start...].joined(separator: "/")
            if directory.isRegularFile(candidate) { return candidate }
        }
        guard let name = parts.last, Self.sourceExtensions.contains(URL(fileURLWithPath: name).pathExtension) else { return nil }
        let named = filesByName[name] ?? []
        for start in parts.indices {
            let suffix = "/" + parts[start...].joined(separator: "/")
            let ending = named.filter { ("/" + $0).hasSuffix(suffix) }
            if ending.count == 1 { return ending[0] }
            if ending.count > 1 { return nil }
        }
        return nil
    }

    /// The location's line of code, when the location is a file of the tree: its relative path and the line, trimmed.
    public func code(at location: CodeLocation) -> (path: String, text: String)? {
        guard let path = relativePath(forFrame: location.file), let text = line(location.line, of: path)?.trimmingWhitespace(),
              !text.isEmpty else { return nil }
        return (path, text)
    }

    public func line(_ number: Int, of relativePath: String) -> String? {
        guard let text = text(of: relativePath) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return number >= 1 && number <= lines.count ? String(lines[number - 1]) : nil
    }

    /// Every source line containing `needle` (plain substring), in path then line order.
    public func lines(containing needle: String) -> [Hit] {
        var hits: [Hit] = []
        for path in sourceFiles() {
            guard let text = text(of: path), text.contains(needle) else { continue }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(needle) {
                hits.append(Hit(path: path, line: index + 1, text: String(line)))
            }
        }
        return hits
    }

    /// Relative paths of source files under the root, sorted.
    public func sourceFiles() -> [String] {
        directory?.files { Self.sourceExtensions.contains(URL(fileURLWithPath: $0).pathExtension) } ?? []
    }

    /// The source files by file name, listed the first time a frame needs them (the tree is walked once, for
    /// all copies of this tree).
    private var filesByName: [String: [String]] {
        byName.withLock { byName in
            if let byName { return byName }
            var made: [String: [String]] = [:]
            for path in sourceFiles() { made[String(path.split(separator: "/").last ?? ""), default: []].append(path) }
            byName = made
            return made
        }
    }
    private let byName = LockedBox<[String: [String]]?>(nil)

    private func text(of relativePath: String) -> String? {
        directory?.read(relativePath).flatMap { String(validating: $0.bytes, as: UTF8.self) }
    }
}
