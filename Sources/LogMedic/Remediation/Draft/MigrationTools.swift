import Foundation
import Yams

/// A migration tool (`advice/migration-tools.yaml`): where it records applied migrations, how its folder
/// looks, and how one migration is marked applied without running it.
public struct MigrationTool: Sendable, Decodable, Equatable {
    public struct History: Sendable, Decodable, Equatable {
        public var schema: String?
        public var table: String
        public var columns: [String]
    }

    public var name: String
    public var history: History
    /// A regular expression a migration's path in the folder matches; `holds`: text the file also holds.
    public var files: String?
    public var holds: String?
    /// The command marking one migration applied, or what to do instead when the tool has none.
    public var mark: String?
    public var instead: String?
    /// `mark` for the last migration marks those before it too (a version the tool sets, a change deployed up to).
    public var upTo: Bool?
    /// How the tool's history table records one migration: a query of `{{table}}` (the table found, quoted by the
    /// server) with the migration's values bound in the order of `values`, whose one row is its state
    /// (`applied`, `failed` or `rolled back`) and when; no row when it is not recorded.
    public var recorded: Recorded?
    /// How the history table names the folder of migrations that lie in none of their own (Django's app, for
    /// `sqlmigrate` output saved in one folder): a query of `{{table}}` bound with `names`, the names of all the
    /// folder's files, comma-separated; its one row is the folder. Used only when it gives exactly one.
    public var folder: Recorded?

    public struct Recorded: Sendable, Decodable, Equatable {
        public var query: String
        public var values: [String]
    }

    /// What the history table says of one migration.
    public struct Record: Sendable, Equatable {
        public var state: String
        public var at: String?
    }

    enum CodingKeys: String, CodingKey {
        case name, history, files, holds, mark, instead, recorded, folder
        case upTo = "up_to"
    }

    /// Whether `file` (path in the folder) with `text` is laid out as this tool lays out its migrations: its path as
    /// `files` says and holding `holds` (either may be left out, not both).
    func lays(_ file: String, text: String) -> Bool {
        guard files != nil || holds != nil else { return false }
        if let files {
            guard let pattern = try? NSRegularExpression(pattern: files),
                  pattern.firstMatch(in: file, range: NSRange(file.startIndex..., in: file)) != nil else { return false }
        }
        return holds.map(text.contains) ?? true
    }

    /// What to tell the user for the migrations `files` (paths in the folder `dir`, in the order they run):
    /// `mark` for each (for the last one only when it is `up_to`), or `instead` for the first, which the tool's
    /// next run fails on; the files' values filled in. Nil when a value is not a plain name (it is never quoted
    /// for a shell). `among`: all the folder's files; `revisions`: a file's revision and those after it (`values`).
    func instruction(for files: [String], dir: String?, among all: [String] = [], folder: String? = nil,
                     revisions: (String) -> [String]? = { _ in nil }) -> String? {
        guard let template = mark ?? instead, let first = files.first, let last = files.last else { return nil }
        let marked = mark == nil ? [first] : upTo == true ? [last] : files
        let filled = marked.map { Self.fill(template, Self.values(of: $0, dir: dir, among: all, folder: folder, revisions: revisions($0))) }
        guard !filled.contains(nil) else { return nil }
        return filled.compactMap { $0 }.joined(separator: "; ")
    }

    /// `revisions`: for the revision of an Alembic script (`RevisionChain`), its id, then the revisions after it: the
    /// id is its version and name, and `descendants` all of them, comma-separated (else the version alone).
    /// `folder`: the folder of a file that lies in none of its own (`folder(among:in:on:)`).
    static func values(of file: String, dir: String?, among all: [String] = [], folder: String? = nil, revisions: [String]? = nil) -> [String: String] {
        let parts = file.split(separator: "/").map(String.init)
        let last = parts.last ?? file
        var name = last.hasSuffix(".sql") ? String(last.dropLast(4)) : last
        if name.hasSuffix(".up") { name = String(name.dropLast(3)) }
        // A reworked sqitch change keeps its earlier copies beside it (`deploy/x@v1.sql`): its plain name is
        // then ambiguous to sqitch, `x@HEAD` names the latest.
        let stem = file.hasSuffix(".sql") ? String(file.dropLast(4)) : file
        if !name.contains("@"), all.contains(where: { $0.hasPrefix(stem + "@") }) { name += "@HEAD" }
        let head = parts.first.map { $0.prefix { $0 != "_" }.filter { $0 != "-" } } ?? ""
        var values = ["file": file, "name": name, "version": String(head)]
        values["folder"] = parts.count > 1 ? parts[parts.count - 2] : folder
        values["dir"] = dir
        if let revisions, let id = revisions.first {
            values["version"] = id
            values["name"] = id
        }
        values["descendants"] = revisions?.joined(separator: ",") ?? values["version"]
        return values
    }

    /// What `table` (the tool's history table, quoted) records of migration `file`: nil when the tool's file gives
    /// no such record or the table holds no row of it. The migration's values are bound, never put in the SQL.
    func record(of file: String, dir: String?, among all: [String], folder: String? = nil, revisions: [String]? = nil, in table: String,
                on connection: PostgresConnection) throws -> Record? {
        guard let recorded else { return nil }
        let values = Self.values(of: file, dir: dir, among: all, folder: folder, revisions: revisions)
        let bound = recorded.values.map { values[$0] ?? "" }
        let query = "SELECT state::text, to_char(at::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS \"UTC\"') FROM ("
            + recorded.query.replacingOccurrences(of: "{{table}}", with: table) + ") AS recorded (state, at)"
        let rows = try connection.query(query, bound)
        guard rows.rowCount > 0, let state = rows[0, 0] else { return nil }
        return Record(state: state, at: rows[0, 1])
    }

    /// The folder `table` (the tool's history table, quoted) names for the files of `all` that lie in no folder of
    /// their own: nil when the tool has no such query, every file lies in a folder, or the table names no single one.
    func folder(among all: [String], in table: String, on connection: PostgresConnection) throws -> String? {
        let loose = all.filter { !$0.contains("/") }
        guard let folder, !loose.isEmpty else { return nil }
        let names = loose.map { Self.values(of: $0, dir: nil)["name"] ?? $0 }.joined(separator: ",")
        let bound = folder.values.map { $0 == "names" ? names : "" }
        let rows = try connection.query(folder.query.replacingOccurrences(of: "{{table}}", with: table), bound)
        return rows.rowCount == 1 ? rows[0, 0] : nil
    }

    /// `{{key}}` replaced by its value; nil when a used value is missing or holds more than a plain name's characters.
    static func fill(_ template: String, _ values: [String: String]) -> String? {
        var text = template
        for (key, value) in values where text.contains("{{\(key)}}") {
            guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-/@:+".contains($0)) }) else { return nil }
            text = text.replacingOccurrences(of: "{{\(key)}}", with: value)
        }
        return text.contains("{{") ? nil : text
    }
}

/// The tools logmedic knows, in the order they are tried.
public struct MigrationTools: Sendable {
    public let tools: [MigrationTool]

    private struct File: Decodable { var tools: [MigrationTool] }

    public init(yaml: String) throws {
        tools = try YAMLDecoder().decode(File.self, from: yaml).tools
    }

    /// `advice/migration-tools.yaml` beside the built-in rule catalog.
    public static let builtin: Result<MigrationTools, Error> = Result {
        try MigrationTools(yaml: try BuiltinCatalog.siblingText(folder: "advice", file: "migration-tools.yaml"))
    }

    /// The tables of the database named as some tool's history table, with their schema and columns: one
    /// catalog query, the names bound as one array.
    static let historyTables = """
        SELECT n.nspname::text, c.relname::text, array_to_string(array_agg(a.attname::text ORDER BY a.attnum), ','), format('%I.%I', n.nspname, c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p') AND c.relname = ANY ($1::text[])
        GROUP BY n.nspname, c.relname
        """

    /// The tools whose history table (with its columns) the database holds, each with that table as the server
    /// quotes it.
    func recording(on connection: PostgresConnection) throws -> [String: String] {
        let names = Set(tools.map(\.history.table)).sorted().map { "\"\($0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"" }
        let rows = try connection.query(Self.historyTables, ["{" + names.joined(separator: ",") + "}"])
        var found: [String: String] = [:]
        for row in 0..<rows.rowCount {
            guard let schema = rows[row, 0], let table = rows[row, 1], let quoted = rows[row, 3] else { continue }
            let columns = Set((rows[row, 2] ?? "").split(separator: ",").map(String.init))
            for tool in tools where tool.history.table == table && (tool.history.schema ?? schema) == schema && columns.isSuperset(of: tool.history.columns) {
                found[tool.name] = quoted
            }
        }
        return found
    }

    /// The tool of migrations `files` (path in the folder → text): one whose history table the database
    /// holds (`recording`) and whose layout every file has, then one of the two; nil when none.
    func tool(of files: [(path: String, text: String)], recording: Set<String>) -> MigrationTool? {
        func score(_ tool: MigrationTool) -> Int {
            (recording.contains(tool.name) ? 2 : 0) + (!files.isEmpty && files.allSatisfy { tool.lays($0.path, text: $0.text) } ? 1 : 0)
        }
        let best = tools.map(score).max() ?? 0
        return best == 0 ? nil : tools.first { score($0) == best }
    }
}
