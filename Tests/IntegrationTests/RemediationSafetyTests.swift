import Foundation
import Testing
@testable import LogMedic

/// The two ways an apply can be interrupted: a second apply at the same time, and a killed process.
@Suite("remediation under concurrency and crashes", .enabled(if: TestDatabase.isAvailable))
struct RemediationSafetyTests {
    @Test func twoAppliesAtOnceNeverBothRun() throws {
        try TestDatabase.with { db, dsn in
            try withPlaybookCopy { _, dir in
                let library = try writePlaybook(in: dir, id: "slow_create",
                                                deploy: "CREATE TABLE slow_table (id int);\nSELECT pg_sleep(2);",
                                                absent: ["public.slow_table"])
                let playbook = try library.playbook(id: "slow_create")
                let first = LockedBox<Result<SQLRunReport.Outcome, Error>?>(nil)
                let thread = Thread {
                    let result = Result { try SQLRemediator(connection: try PostgresConnection(dsn: dsn), library: library).run(playbook, mode: .apply).outcome }
                    first.withLock { $0 = result }
                }
                thread.start()
                Thread.sleep(forTimeInterval: 0.5)
                var options = RemediationOptions()
                options.lockWaitSeconds = 0.3
                #expect(throws: RemediationError.self) {
                    try SQLRemediator(connection: try PostgresConnection(dsn: dsn), library: library, options: options).run(playbook, mode: .apply)
                }
                while first.withLock({ $0 == nil }) { Thread.sleep(forTimeInterval: 0.05) }
                let outcome = first.withLock { $0! }
                #expect(try outcome.get() == .applied)
                #expect(try db.query("SELECT count(*) FROM logmedic.journal")[0, 0] == "1")
            }
        }
    }

    @Test func killedInTheMiddleOfAnApplyLeavesNoPartialChange() throws {
        try TestDatabase.with { db, dsn in
            try withPlaybookCopy { _, dir in
                _ = try writePlaybook(in: dir, id: "slow_create",
                                      deploy: "CREATE TABLE slow_table (id int);\nSELECT pg_sleep(20);",
                                      absent: ["public.slow_table"])
                let log = dir.appendingPathComponent("app.log")
                try #"psycopg2.errors.UndefinedTable: relation "slow_table" does not exist"#.write(to: log, atomically: true, encoding: .utf8)

                let process = Process()
                process.executableURL = CLI.binary
                process.arguments = ["fix", log.path, "--db", dsn, "--apply", "--yes", "--playbooks", dir.path]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                let sleeping = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(20)%' AND pid <> pg_backend_pid()"
                let deadline = Date().addingTimeInterval(15)
                while try db.query(sleeping)[0, 0] == "0", Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
                #expect(try db.query(sleeping)[0, 0] == "1", "the apply never reached its deploy script")
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                // The server notices the dead client (client_connection_check_interval) and rolls back.
                let gone = Date().addingTimeInterval(10)
                while try db.query(sleeping)[0, 0] != "0", Date() < gone { Thread.sleep(forTimeInterval: 0.1) }
                #expect(try db.query(sleeping)[0, 0] == "0")
                #expect(try !Incident.relationExists("public.slow_table", db))
                #expect(try !Incident.relationExists("logmedic.journal", db))
                #expect(try db.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")[0, 0] == "0")
            }
        }
    }
}
