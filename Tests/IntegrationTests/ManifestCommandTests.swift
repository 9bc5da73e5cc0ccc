import Foundation
import Testing
@testable import LogMedic

/// A malformed manifest is the same one-line error and exit 3 in `remediations verify` and `fix`;
/// messages on stderr are redacted like every other output.
@Suite struct ManifestCommandTests {
    @Test func aMalformedManifestIsExitThreeInVerifyAndFix() throws {
        try withScratchDirectory { dir in
            let playbooks = dir.appendingPathComponent("playbooks")
            try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("remediations"), to: playbooks)
            let manifest = playbooks.appendingPathComponent(Manifest.fileName)
            try (try String(contentsOf: manifest, encoding: .utf8) + "this is not a checksum line\n").write(to: manifest, atomically: true, encoding: .utf8)
            let verify = try CLI.run(["remediations", "verify", "--playbooks", playbooks.path])
            let fix = try CLI.run(["fix", "--playbooks", playbooks.path, "--db", "postgresql://nobody@127.0.0.1:1/none", Incident.logs[0]])
            for run in [verify, fix] {
                #expect(run.status == 3, "\(run.stderr)")
                #expect(run.stderr.contains("cannot read line 'this is not a checksum line'"))
                #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
            }
        }
    }

    /// A playbook named after a column such as `token` or `password` (a drafted `add_api_token`) is shown
    /// by name: logmedic's own lines are not shaped like `token: value`, which the redactor masks.
    @Test func aPlaybookNamedLikeASecretKeyIsShownByName() throws {
        try withScratchDirectory { dir in
            let playbooks = dir.appendingPathComponent("playbooks")
            try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("remediations"), to: playbooks)
            let renamed = playbooks.appendingPathComponent("add_api_token")
            try FileManager.default.moveItem(at: playbooks.appendingPathComponent("create_extension"), to: renamed)
            let yaml = renamed.appendingPathComponent("playbook.yaml")
            try (try String(contentsOf: yaml, encoding: .utf8)).replacingOccurrences(of: "id: create_extension", with: "id: add_api_token")
                .write(to: yaml, atomically: true, encoding: .utf8)
            let approve = try CLI.run(["remediations", "approve", "add_api_token", "--playbooks", playbooks.path])
            #expect(approve.status == 0, "\(approve.stderr)")
            #expect(approve.stdout.hasPrefix("approved add_api_token (") && approve.stdout.contains("playbook.yaml") && !approve.stdout.contains("***"),
                    "\(approve.stdout)")
            let verify = try CLI.run(["remediations", "verify", "--playbooks", playbooks.path])
            #expect(verify.stdout.contains("add_api_token  vetted"), "\(verify.stdout)")
        }
    }

    @Test func anErrorQuotingADSNDoesNotPrintItsPassword() throws {
        let run = try CLI.run(["schema", "inspect", "--db", "postgresql://app:hunter2secret@127.0.0.1:1/none"])
        #expect(run.status == 3)
        #expect(!run.stderr.contains("hunter2secret") && !run.stdout.contains("hunter2secret"), "\(run.stderr)")
    }
}
