import Foundation

/// A `--reference-sql` argument as the files to load: a file as it is, a folder of SQL migrations as the
/// files a migration tool would run, in its order, and of each file only what its tool runs going up.
///
/// Folders as tools keep them: numbered files (`001_init.sql`), golang-migrate/sqlx/node-pg-migrate
/// (`000002_orders.up.sql` beside `.down.sql`), Flyway (`V2__orders.sql`, `V10__…`, then repeatable
/// `R__views.sql`; `U2__…` undo files left out), Prisma and Diesel (`20240101_init/migration.sql`,
/// `up.sql` beside `down.sql`), yoyo (`0002.orders.sql` beside `.rollback.sql`), dbmate and goose (one file,
/// up and down sections), sqitch (`deploy/` in the order of `sqitch.plan`).
enum MigrationFiles {
    static func expand(_ arguments: [String]) throws -> [String] {
        try arguments.flatMap { argument -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue else { return [argument] }
            let files = migrations(in: URL(fileURLWithPath: argument))
            guard !files.isEmpty else { throw DraftError.noMigrations(directory: argument) }
            return files
        }
    }

    /// The SQL files below `folder` that run going up, in the order they run.
    static func migrations(in folder: URL) -> [String] {
        if let plan = SqitchPlan(folder: folder) { return plan.deployScripts() }
        let root = folder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else { return [] }
        var found: [(path: String, relative: String)] = []
        for case let url as URL in walker {
            if ["revert", "verify"].contains(url.lastPathComponent) { walker.skipDescendants(); continue }  // sqitch
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true, runsGoingUp(url.lastPathComponent) else { continue }
            let path = url.standardizedFileURL.path
            found.append((path, String(path.dropFirst(root.count + 1))))
        }
        return found.sorted { runsBefore($0.relative, $1.relative) }.map(\.path)
    }

    static func runsGoingUp(_ name: String) -> Bool {
        let lower = name.lowercased()
        guard lower.hasSuffix(".sql") else { return false }
        if lower == "down.sql" || lower.hasSuffix(".down.sql") || lower.hasSuffix("_down.sql") || lower.hasSuffix(".rollback.sql") {
            return false
        }
        return !isFlyway(name, kind: "U")
    }

    /// Flyway's `V1__…`, `U1__…` (undo) or `R__…` (repeatable, run after every versioned one).
    static func isFlyway(_ name: String, kind: Character) -> Bool {
        guard name.first == kind, let separator = name.range(of: "__") else { return false }
        let version = name[name.index(after: name.startIndex)..<separator.lowerBound]
        return version.allSatisfy { $0.isNumber || $0 == "." || $0 == "_" } && (kind == "R") == version.isEmpty
    }

    /// Flyway's repeatable migrations last; two Flyway versioned files by version wherever they are (Flyway
    /// scans its locations' subfolders and runs one sequence, so `core/V1__…` runs before `billing/V2__…`);
    /// otherwise by path, runs of digits compared as numbers (`V2` before `V10`).
    static func runsBefore(_ a: String, _ b: String) -> Bool {
        let (ra, rb) = (isFlyway(fileName(a), kind: "R"), isFlyway(fileName(b), kind: "R"))
        if ra != rb { return rb }
        if let va = flywayVersion(fileName(a)), let vb = flywayVersion(fileName(b)), va != vb {
            for k in 0..<max(va.count, vb.count) {
                let (x, y) = (k < va.count ? va[k] : 0, k < vb.count ? vb[k] : 0)
                if x != y { return x < y }
            }
        }
        return a.compare(b, options: [.numeric]) == .orderedAscending
    }

    /// The version of Flyway's `V1_2__…` or `V1.2__…` as its numbers (`[1, 2]`); nil for other files.
    static func flywayVersion(_ name: String) -> [Int]? {
        guard isFlyway(name, kind: "V"), let separator = name.range(of: "__") else { return nil }
        let parts = name[name.index(after: name.startIndex)..<separator.lowerBound].split(whereSeparator: { $0 == "." || $0 == "_" })
        let numbers = parts.compactMap { Int($0) }
        return numbers.count == parts.count && !numbers.isEmpty ? numbers : nil
    }

    /// The folder argument a file was found in, and its path relative to that folder, as messages name it
    /// (`000007_rename.up.sql`, `20240101_init/migration.sql`); nil for a file given as it is.
    static func inFolder(_ path: String, arguments: [String]) -> (folder: String, file: String)? {
        for argument in arguments {
            let root = URL(fileURLWithPath: argument).standardizedFileURL.path
            if path.hasPrefix(root + "/") { return (argument, String(path.dropFirst(root.count + 1))) }
        }
        return nil
    }

    private static func fileName(_ path: String) -> String { String(path.split(separator: "/").last ?? "") }

    /// What a file runs going up: all of it, but for dbmate's `-- migrate:down` and goose's
    /// `-- +goose Down` sections, which end it. Lines keep their numbers.
    static func upSection(of sql: String) -> String {
        var kept = ""
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let marker = line.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "")
            if marker.hasPrefix("--migrate:down") || marker.hasPrefix("--+goosedown") { break }
            kept += line + "\n"
        }
        return kept
    }
}
