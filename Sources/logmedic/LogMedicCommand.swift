import ArgumentParser
import Foundation
import LogMedic

@main
struct LogMedicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logmedic",
        abstract: "Diagnose platform logs against a live PostgreSQL schema, and apply vetted fixes.",
        version: LogMedic.version,
        subcommands: [SchemaCommand.self]
    )

    /// Runs the command, mapping argument-parser's usage-error code (64) to ours (2).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
