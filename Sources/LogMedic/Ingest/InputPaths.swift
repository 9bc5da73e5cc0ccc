import Foundation

/// The inputs named on the command line, with each directory replaced by the files below it, as a
/// user who points a tool at `logs/` expects: regular files (and links to them) in name order, in
/// subdirectories too. Hidden entries are left out, as `rg` does, and so are FIFOs, sockets and
/// devices found in a directory (only one named on the command line is read: a FIFO could block).
/// Links to directories are not followed, so a link loop cannot make the list endless. A log a directory holds
/// in several layouts is read in one (`oneLayoutEach`).
public enum InputPaths {
    /// A directory's file left out because the same records are read in another layout.
    public struct LayoutDuplicate: Equatable, Sendable {
        public var skipped: [String]
        public var read: String
    }

    /// `skipping`: called with a directory and what it left out of it, when it left out any.
    public static func expanded(_ paths: [String], skipping: (_ directory: String, [LayoutDuplicate]) -> Void = { _, _ in }) -> [String] {
        paths.flatMap { path -> [String] in
            guard path != "-", isDirectory(path) else { return [path] }
            let (files, duplicates) = oneLayoutEach(files(under: path))
            if !duplicates.isEmpty { skipping(path, duplicates) }
            // Nothing to read: the path stays, and opening it says why.
            return files.isEmpty ? [path] : files
        }
    }

    /// PostgreSQL with several `log_destination`s writes each record to `NAME.log` (stderr), `NAME.csv` (csvlog)
    /// and `NAME.json` (jsonlog) in its log directory: read all, every record would count two or three times. Of
    /// files that differ only in those extensions, one of them `.csv` or `.json`, the richest layout is kept
    /// (jsonlog, then csvlog: every field named, no prefix to guess). Files named on the command line are all read.
    static func oneLayoutEach(_ files: [String]) -> (files: [String], duplicates: [LayoutDuplicate]) {
        let rank = ["json": 0, "csv": 1, "log": 2]
        func split(_ path: String) -> (stem: String, rank: Int)? {
            guard let dot = path.lastIndex(of: "."), let r = rank[String(path[path.index(after: dot)...])] else { return nil }
            return (String(path[..<dot]), r)
        }
        var layouts: [String: [(path: String, rank: Int)]] = [:]
        for path in files { if let (stem, r) = split(path) { layouts[stem, default: []].append((path, r)) } }
        var skipped: Set<String> = [], duplicates: [LayoutDuplicate] = []
        for stem in layouts.keys.sorted() {
            let same = layouts[stem]!.sorted { $0.rank < $1.rank }
            guard same.count > 1, same[0].rank < rank["log"]! else { continue }
            duplicates.append(LayoutDuplicate(skipped: same.dropFirst().map(\.path), read: same[0].path))
            skipped.formUnion(same.dropFirst().map(\.path))
        }
        return (files.filter { !skipped.contains($0) }, duplicates)
    }

    private static func files(under directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var files: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = prefix + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG: files.append(path)
            case S_IFDIR: files += Self.files(under: path)
            case S_IFLNK where stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG: files.append(path)
            default: continue
            }
        }
        return files
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
