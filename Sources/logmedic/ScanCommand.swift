import ArgumentParser
import Foundation
import LogMedic

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Stream findings from logs (files, .gz, or stdin).")

    @Argument(help: "Log files (gzip detected). None or '-' reads standard input.")
    var paths: [String] = []

    @Option(help: "Output format: text or ndjson (one JSON finding per line).")
    var format: FindingFormat = .text

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding has at least this severity (or 'never').")
    var failOn: FailOn = .high

    @Option(help: "Colour: auto (only on a terminal, never with NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    @Flag(name: .shortAndLong, help: "No summary on stderr.")
    var quiet = false

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let pipeline = try rules.pipeline()
        let formatter = FindingFormatter(format: format, style: color.style())
        let output = BufferedOutput()
        let started = Date()
        let stats = pipeline.run(paths: paths) { finding in
            output.write { formatter.render(finding, into: &$0) }
        }
        output.flush()
        if !quiet {
            stderr(ScanSummary.render(stats, seconds: Date().timeIntervalSince(started), style: color.style(fileDescriptor: 2)))
        }
        if !stats.inputErrors.isEmpty { throw ExitCode(ExitStatus.runtime) }
        let highest = pipeline.catalog.rules.filter { stats.findingsByRule[$0.id] != nil }.map(\.severity).max()
        if let threshold = failOn.severity, let highest, highest >= threshold {
            throw ExitCode(ExitStatus.findings)
        }
    }
}
