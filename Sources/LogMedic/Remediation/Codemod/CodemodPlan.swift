import Foundation

/// What a codemod would change under one source root: the files it rewrites, with old and new text.
public struct CodemodPlan: Sendable, Equatable {
    public var sourceRoot: URL
    /// Files that would change, sorted by path; unchanged files are not listed.
    public var changes: [FileChange]
    /// Files that matched the globs but were skipped because they are binary or not UTF-8.
    public var skipped: [String]
    /// How many files matched the globs and were read as text: 0 means the codemod found nothing to
    /// look at (a wrong `--source`), not that the source already has the fix.
    public var examined: Int
    /// The codemod's globs, relative to the source root.
    public var globs: [String]
    /// Symbolic links the globs matched, which were not followed (neither read nor written).
    public var links: [String]

    public init(
        sourceRoot: URL, changes: [FileChange], skipped: [String] = [], examined: Int? = nil, globs: [String] = [],
        links: [String] = []
    ) {
        self.sourceRoot = sourceRoot
        self.changes = changes
        self.skipped = skipped
        self.examined = examined ?? changes.count
        self.globs = globs
        self.links = links
    }

    public var isEmpty: Bool { changes.isEmpty }
    public var replacementCount: Int { changes.reduce(0) { $0 + $1.replacementCount } }

    /// The unified diff of every change, file after file, as `fix --dry-run` prints it.
    public func diff(context: Int = 3) -> String {
        changes.map { UnifiedDiff.render(path: $0.path, before: $0.before, after: $0.after, context: context) }
            .joined()
    }
}

/// One file a codemod would rewrite, with what it held when planned.
public struct FileChange: Sendable, Equatable {
    /// Path relative to the source root, with `/` separators.
    public var path: String
    /// Size in bytes and modification date of the file when it was read.
    public var originalSize: Int
    public var originalModificationDate: Date?
    public var before: String
    public var after: String
    /// How many substitutions all edits made in this file.
    public var replacementCount: Int

    public init(
        path: String, originalSize: Int, originalModificationDate: Date?, before: String, after: String,
        replacementCount: Int
    ) {
        self.path = path
        self.originalSize = originalSize
        self.originalModificationDate = originalModificationDate
        self.before = before
        self.after = after
        self.replacementCount = replacementCount
    }
}
