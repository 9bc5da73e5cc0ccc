import ArgumentParser
import Foundation
import LogMedic

/// Every command names itself (`commandName:`): ArgumentParser otherwise derives the name from the
/// type's with `String(describing:)`, whose reflection cost 1.4 M instructions a command on every run.
@main
struct LogMedicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logmedic",
        abstract: "Diagnose platform logs against a live PostgreSQL schema, and apply vetted fixes.",
        version: LogMedic.version,
        subcommands: [ScanCommand.self, ReportCommand.self, WatchCommand.self, FixCommand.self, SchemaCommand.self, RulesCommand.self, RemediationsCommand.self]
    )

    /// Exit codes are a contract (see README): usage errors are 2, not ArgumentParser's 64.
    static func main() {
        Console.holdClosedStandardDescriptors()  // before anything opens a descriptor
        // Everything the tool prints passes the secret table: it compiles on another core while the
        // arguments are parsed (a few milliseconds with one core idle) and the catalog loads.
        DispatchQueue.global().async { _ = Redactor.shared }
        do {
            var command = try parseAsRoot()
            try command.run()
            SignalRelay.waitIfEnding()
        } catch {
            SignalRelay.waitIfEnding()
            if exitCode(for: error) == .validationFailure {
                Console.err(fullMessage(for: error) + "\n")
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}
