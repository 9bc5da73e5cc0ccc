import Foundation
import Testing
@testable import LogMedic

@Suite("fix --draft output")
struct DraftRendererTests {
    static func entry(_ rehearsal: Rehearsal.Result) -> DraftPipeline.Entry {
        let playbook = DraftedPlaybook(
            id: "add_vehicles_odometer_km", title: "Add column fleet.vehicles.odometer_km", description: "", rule: "undefined_column",
            relations: nil, columns: ["fleet.vehicles.odometer_km"], absent: [], present: ["fleet.vehicles"],
            absentColumns: ["fleet.vehicles.odometer_km"], presentColumns: [],
            statements: ["ALTER TABLE fleet.vehicles ADD COLUMN odometer_km numeric GENERATED ALWAYS AS (((odometer_m)::numeric / 1000.0)) STORED"],
            hazards: [[]], verify: "SELECT 1 WHERE false", revert: "")
        return DraftPipeline.Entry(draft: Draft(problemID: "P2", problem: "column \"odometer_km\" of fleet.vehicles does not exist",
                                                outcome: .playbook(playbook)),
                                   folder: URL(fileURLWithPath: "/tmp/d/add_vehicles_odometer_km"), rehearsal: rehearsal)
    }

    /// A draft whose deploy.sql failed on the target was followed by "review the files, then: logmedic
    /// remediations approve …", inviting the approval of a playbook that cannot run.
    @Test func aDraftThatFailedItsRehearsalIsNotOfferedForApproval() {
        let failed = DraftRenderer.render([Self.entry(.failed(error: "PostgreSQL ERROR 42703: column \"odometer_m\" does not exist"))],
                                          outputDirectory: "/tmp/d", style: TerminalStyle(enabled: false))
        #expect(!failed.contains("remediations approve"), "\(failed)")
        #expect(failed.contains("do not approve it as it is"), "\(failed)")
        let unverified = DraftRenderer.render([Self.entry(.verifyFailed(differences: ["column odometer_km"]))],
                                              outputDirectory: "/tmp/d", style: TerminalStyle(enabled: false))
        #expect(!unverified.contains("remediations approve"), "\(unverified)")

        let passed = DraftRenderer.render([Self.entry(.passed(diff: SchemaDiff(from: Self.empty, to: Self.empty)))],
                                          outputDirectory: "/tmp/d", style: TerminalStyle(enabled: false))
        #expect(passed.contains("review the files, then: logmedic remediations approve add_vehicles_odometer_km --playbooks /tmp/d"), "\(passed)")
    }

    static let empty = SchemaSnapshot(database: "d", serverVersion: "15", searchPath: ["public"], takenAt: "", relations: [])
}
