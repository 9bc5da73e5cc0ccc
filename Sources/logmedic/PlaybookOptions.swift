import ArgumentParser
import LogMedic

/// `--playbooks DIR`: the vetted playbook directory.
struct PlaybookOptions: ParsableArguments {
    @Option(name: .customLong("playbooks"), help: ArgumentHelp(
        "The playbook directory (default: the built-in remediations/).", valueName: "DIR"))
    var directory: String?

    func library() throws -> PlaybookLibrary {
        try runtime { try PlaybookLibrary(directory: directory ?? PlaybookLibrary.defaultDirectory()) }
    }
}
