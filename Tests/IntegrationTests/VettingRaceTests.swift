import Foundation
import Testing
@testable import LogMedic

/// Swapping a playbook file between vetting and running must never run unvetted SQL: the bytes that
/// run, and the hash the journal records, are the bytes that were hashed.
@Suite("vetting without a race", .enabled(if: TestDatabase.isAvailable))
struct VettingRaceTests {
    static let good = "CREATE TABLE race_good (id int);\n"
    static let evil = "CREATE TABLE race_evil (id int);\n"

    /// Renames a good and an evil deploy.sql over the real one as fast as it can until stopped.
    final class Swapper: @unchecked Sendable {
        let folder: URL
        private let stopped = LockedBox(false)
        private let thread: Thread

        init(folder: URL) {
            self.folder = folder
            let stopped = self.stopped
            thread = Thread {
                let deploy = folder.appendingPathComponent("deploy.sql").path
                let good = folder.deletingLastPathComponent().appendingPathComponent("good.tmp").path
                let evil = folder.deletingLastPathComponent().appendingPathComponent("evil.tmp").path
                var flip = false
                while !stopped.withLock({ $0 }) {
                    let text = flip ? VettingRaceTests.evil : VettingRaceTests.good
                    let temp = flip ? evil : good
                    try? text.write(toFile: temp, atomically: false, encoding: .utf8)
                    rename(temp, deploy)
                    flip.toggle()
                }
            }
            thread.start()
        }

        func stop() {
            stopped.withLock { $0 = true }
            while thread.isExecuting { usleep(1000) }
        }
    }

    @Test func swappingDeploySQLDuringDryRunsNeverRunsIt() throws {
        try withTestDatabase { db in
            try withPlaybookCopy { _, dir in
                let library = try writePlaybook(in: dir, id: "race", deploy: Self.good, absent: ["public.race_good"])
                let playbook = try library.playbook(id: "race")
                let swapper = Swapper(folder: dir.appendingPathComponent("race"))
                var ran = 0, refused = 0, unvetted = 0
                for _ in 0..<200 {
                    do {
                        let report = try SQLRemediator(connection: db, library: library).run(playbook, mode: .dryRun)
                        ran += 1
                        if report.script != Self.good || report.statements.contains(where: { $0.contains("race_evil") }) { unvetted += 1 }
                    } catch RemediationError.notVetted {
                        refused += 1
                    }
                }
                swapper.stop()
                print("race: \(ran) dry-runs ran, \(refused) refused, \(unvetted) unvetted")
                #expect(unvetted == 0)
                #expect(ran > 0 && refused > 0, "the swap raced with vetting: \(ran) ran, \(refused) refused")
            }
        }
    }

    @Test func theJournalRecordsTheHashOfTheScriptThatRan() throws {
        try withTestDatabase { db in
            try withPlaybookCopy { _, dir in
                let library = try writePlaybook(in: dir, id: "race", deploy: Self.good, absent: ["public.race_good"])
                let report = try SQLRemediator(connection: db, library: library).run(try library.playbook(id: "race"), mode: .apply)
                let recorded = try db.query("SELECT checksums->>'deploy.sql' FROM logmedic.journal")[0, 0]
                #expect(recorded == SHA256.hex(Array(report.script.utf8)))
            }
        }
    }
}
