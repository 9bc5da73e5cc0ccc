import ArgumentParser
import Foundation
import LogMedic

/// `logmedic report`: diagnose logs, check them against a schema, and write an incident report.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Diagnose logs against a PostgreSQL schema and write an incident report.",
        discussion: """
            The schema comes from --db (or DATABASE_URL) or from a snapshot file (--schema, made by \
            `logmedic schema inspect -o`); without either, database checks are reported as not checked. \
            Exit codes: 0 no problem at or above --fail-on, 1 some, 2 usage error, 3 runtime error.
            """)

    @Argument(help: "Log files (gzip detected) or directories of them. None or '-' reads standard input.")
    var paths: [String] = []

    @Flag(help: "The inputs are findings from `logmedic scan --format ndjson|groups` (shards scanned elsewhere, in any order), not logs.")
    var findings = false

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("A schema snapshot (JSON from `logmedic schema inspect -o`) instead of --db.", valueName: "FILE"))
    var schema: String?

    @Option(help: ArgumentHelp("The application's source checkout, to name the lines a fix changes.", valueName: "DIR"))
    var source: String?

    @Option(help: "Report format: text, markdown, json or sarif.")
    var format: ReportFormat = .text

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the report to this file.", valueName: "FILE"))
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a problem has at least this severity (or 'never').")
    var failOn: FailOn = .high

    @Option(help: "Colour for --format text: auto (only on a terminal, never with NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    @OptionGroup var rules: RuleOptions
    @OptionGroup var playbookOptions: PlaybookOptions

    func validate() throws {
        if connection.dsn != nil && schema != nil {
            throw ValidationError("--db and --schema are alternatives: give one schema source, not both.")
        }
    }

    mutating func run() throws {
        paths = expandedInputs(paths)
        try requireDirectory(source, option: "--source")
        try refuseOutputOverInput(output, inputs: paths)
        let pipeline = try rules.pipeline(lookingForErrors: true)
        let (snapshot, origin, database) = try runtime { try loadSchema(file: schema, dsn: connection.resolvedDSN) }
        let tree = source.map { SourceTree(root: $0) }
        let diagnoser = Diagnoser(pipeline: pipeline, snapshot: snapshot, snapshotSource: origin, source: tree, database: database,
                                  selector: try playbookOptions.selectorForReport())
        let interrupts = Interrupts(control: liveControl())
        hintIfReadingTerminal(paths)
        let diagnosis: Diagnosis
        if findings {
            let (merged, malformed) = diagnoser.diagnose(findings: paths)
            if malformed > 0 { stderr("logmedic: skipped \(malformed) line\(malformed == 1 ? "" : "s") that \(malformed == 1 ? "is" : "are") no findings record\n") }
            diagnosis = merged
        } else {
            diagnosis = diagnoser.diagnose(paths: paths, control: interrupts.control)
        }
        try writeReport(diagnosis, format: format, output: output, color: color, source: tree)
        if let interrupted = interrupts.exitCode { throw interrupted }
        if !diagnosis.stats.inputErrors.isEmpty { throw ExitCode(ExitStatus.runtime) }
        if let threshold = failOn.severity, let highest = diagnosis.highestUnresolvedSeverity, highest >= threshold {
            throw ExitCode(ExitStatus.findings)
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
