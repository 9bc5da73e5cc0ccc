import Foundation

/// Finds the built-in `rules/` directory from any working directory: an installed
/// `share/logmedic/rules` beside the binary, the source checkout the binary was built in.
enum BuiltinCatalog {
    static func directory() throws -> String {
        let candidates = candidateDirectories()
        for candidate in candidates where isDirectory(candidate) { return candidate }
        throw RuleCatalogError.noCatalog(searched: candidates)
    }

    static func candidateDirectories() -> [String] {
        var candidates: [String] = []
        if let executable = executableURL() {
            let bin = executable.deletingLastPathComponent()
            candidates.append(bin.appendingPathComponent("../share/logmedic/rules").standardized.path)
            // A SwiftPM build lives in <checkout>/.build/<triple>/<config>/logmedic.
            var directory = bin
            for _ in 0..<4 {
                directory = directory.deletingLastPathComponent()
                if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                    candidates.append(directory.appendingPathComponent("rules").path)
                }
            }
        }
        // The checkout this library was compiled from: Sources/LogMedic/Rules/BuiltinCatalog.swift.
        let checkout = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(checkout.appendingPathComponent("rules").path)
        return candidates
    }

    /// Where a data file that ships beside the rule catalog may be (`redaction/secrets.yaml`,
    /// `ingest/postgres-severities.yaml`), in the order the catalog is looked for.
    static func siblingPaths(folder: String, file: String) -> [String] {
        candidateDirectories().map {
            URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent(folder).appendingPathComponent(file).path
        }
    }

    /// The text of the first of `siblingPaths` that exists; throws naming every place looked in when none does.
    static func siblingText(folder: String, file: String) throws -> String {
        let candidates = siblingPaths(folder: folder, file: file)
        guard let path = candidates.first(where: FileManager.default.fileExists(atPath:)) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates.joined(separator: ", ")])
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// `LOGMEDIC_RULES`: directories (separated by `:`) that add to the built-in catalog, like `--rules`.
    static func environmentDirectories() -> [String] {
        (ProcessInfo.processInfo.environment["LOGMEDIC_RULES"] ?? "").split(separator: ":").map(String.init)
    }

    static func executableURL() -> URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
