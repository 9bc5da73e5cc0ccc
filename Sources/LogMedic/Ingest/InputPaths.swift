import Foundation

/// The inputs named on the command line, with each directory replaced by the files below it, as a
/// user who points a tool at `logs/` expects: regular files (and links to them) in name order, in
/// subdirectories too. Hidden entries are left out, as `rg` does, and so are FIFOs, sockets and
/// devices found in a directory (only one named on the command line is read: a FIFO could block).
/// Links to directories are not followed, so a link loop cannot make the list endless.
public enum InputPaths {
    public static func expanded(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            guard path != "-", isDirectory(path) else { return [path] }
            let files = files(under: path)
            // Nothing to read: the path stays, and opening it says why.
            return files.isEmpty ? [path] : files
        }
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
