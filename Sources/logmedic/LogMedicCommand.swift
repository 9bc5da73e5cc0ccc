import ArgumentParser
import LogMedic

@main
struct LogMedicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logmedic",
        abstract: "Diagnose platform logs against a live PostgreSQL schema, and apply vetted fixes.",
        version: LogMedic.version
    )
}
