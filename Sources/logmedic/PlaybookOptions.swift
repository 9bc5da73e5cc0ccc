import ArgumentParser
import LogMedic

/// `--playbooks DIR`: playbook directories on top of the built-in remediations/.
struct PlaybookOptions: ParsableArguments {
    @Option(name: .customLong("playbooks"), help: ArgumentHelp(
        "A playbook directory that adds to or overrides the built-in remediations/ by id (repeatable); its manifest.sha256 vouches for its playbooks.",
        valueName: "DIR"))
    var directories: [String] = []

    func library() throws -> PlaybookLibrary {
        try runtime { try PlaybookLibrary.load(extraDirectories: directories) }
    }
}
