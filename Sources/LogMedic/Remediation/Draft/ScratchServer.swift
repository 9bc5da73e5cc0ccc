import Foundation

/// A private, throwaway PostgreSQL server for loading reference SQL: `initdb` and `pg_ctl` from the machine's
/// server binaries in a temporary directory, reachable only through a unix socket in that directory
/// (`listen_addresses=''`), stopped and removed by `stop()`, on release, or on SIGINT/SIGTERM/SIGHUP.
/// initdb refuses root, so as root the binaries run as the `postgres` user (as `scripts/with-postgres` does).
public final class ScratchServer: @unchecked Sendable {
    public let directory: URL
    public let binDirectory: String
    private let runAsPostgres: Bool
    private var running = false

    /// Where server binaries are looked for: `<root>/<version>/bin`, newest version first, then `pg_config --bindir`.
    static func findBinDirectory(root: String = "/usr/lib/postgresql", pgConfig: String = "pg_config") throws -> String {
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .sorted { $0.compare($1, options: .numeric) == .orderedDescending }
        var candidates = versions.map { "\(root)/\($0)/bin" }
        if let bindir = try? run([pgConfig, "--bindir"], asPostgres: false).trimmingCharacters(in: .whitespacesAndNewlines), !bindir.isEmpty {
            candidates.append(bindir)
        }
        guard let found = candidates.first(where: { dir in
            ["initdb", "pg_ctl", "postgres"].allSatisfy { FileManager.default.isExecutableFile(atPath: "\(dir)/\($0)") }
        }) else { throw DraftError.noServerBinaries(searched: ["\(root)/*/bin", "\(pgConfig) --bindir"]) }
        return found
    }

    /// Creates the cluster and starts the server; throws a one-line `DraftError` naming what is missing.
    public init() throws {
        binDirectory = try Self.findBinDirectory()
        runAsPostgres = geteuid() == 0
        if runAsPostgres, getpwnam("postgres") == nil { throw DraftError.noPostgresUser }
        directory = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("logmedic-scratch-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        if runAsPostgres {
            try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: directory.path)
        }
        ScratchServer.active.withLock { $0[ObjectIdentifier(self)] = self }
        ScratchServer.installSignalHandlers()
        do {
            try step("initdb", [binDirectory + "/initdb", "-D", dataPath, "-A", "trust", "-U", "postgres",
                                "--no-sync", "-E", "UTF8", "--locale=C"])
            running = true  // from here on, stop() tries pg_ctl stop, even if the start fails half-way
            try step("pg_ctl start", [binDirectory + "/pg_ctl", "start", "-D", dataPath, "-w", "-t", "60", "-l", directory.path + "/server.log",
                                      "-o", "-c listen_addresses='' -p 5432 -k \(directory.path) -c fsync=off -c max_connections=20"])
            running = true
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    private var dataPath: String { directory.path + "/data" }

    /// libpq options for a database on this server (unix socket only).
    public func dsn(database: String = "postgres") -> String {
        DSN.keywordValue(["host": directory.path, "port": "5432", "user": "postgres", "dbname": database])
    }

    /// Stops the server (immediately: nothing in it is worth keeping) and removes the directory. Idempotent.
    public func stop() {
        let wasActive = ScratchServer.active.withLock { $0.removeValue(forKey: ObjectIdentifier(self)) != nil }
        if running {
            _ = try? Self.run([binDirectory + "/pg_ctl", "stop", "-D", dataPath, "-m", "immediate", "-w"], asPostgres: runAsPostgres)
            running = false
        }
        if wasActive || FileManager.default.fileExists(atPath: directory.path) {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    private func step(_ name: String, _ arguments: [String]) throws {
        do { _ = try Self.run(arguments, asPostgres: runAsPostgres) } catch let failure as CommandFailure {
            let log = (try? String(contentsOfFile: directory.path + "/server.log", encoding: .utf8)) ?? ""
            let detail = (failure.output + "\n" + log).split(separator: "\n").last { !$0.isEmpty }.map(String.init) ?? "exit \(failure.status)"
            throw DraftError.serverFailed(step: name, detail: detail)
        }
    }

    struct CommandFailure: Error { var status: Int32; var output: String }

    /// Runs a program (through `runuser -u postgres` when asked) and returns its output; throws on a non-zero
    /// exit. posix_spawn and waitpid rather than Foundation's Process, whose wait hung here once the program
    /// had started a daemon (pg_ctl start).
    static func run(_ arguments: [String], asPostgres: Bool) throws -> String {
        let full = asPostgres ? ["runuser", "-u", "postgres", "--"] + arguments : arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("logmedic-cmd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = full.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // A process group of its own, so that a signal's cleanup can end it with its children (runuser → initdb).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, full[0], &actions, &attributes, argv, environ)
        if spawned == 0 { runningCommand.withLock { $0 = pid } }
        defer { runningCommand.withLock { $0 = nil } }
        guard spawned == 0 else { throw CommandFailure(status: spawned, output: "cannot run \(full[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard code == 0 else { throw CommandFailure(status: code, output: text) }
        return text
    }

    // MARK: cleanup on signals

    private static let active = LockedBox([ObjectIdentifier: ScratchServer]())
    private static let installed = LockedBox(false)
    /// The program `run` is waiting for, if any (its process group id).
    private static let runningCommand = LockedBox<pid_t?>(nil)
    /// SIGINT, SIGTERM and SIGHUP stop every scratch server and remove its directory, then end the process
    /// as the signal would have.
    private static func installSignalHandlers() {
        let first = installed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        SignalRelay.install([SIGINT, SIGTERM, SIGHUP], endingTheProcess: true) { _ in
            if let command = runningCommand.withLock({ $0 }) {
                kill(-command, SIGKILL)  // an initdb half-way would go on writing into the directory
                usleep(200_000)
            }
            for server in active.withLock({ Array($0.values) }) { server.stop() }
        }
    }
}
