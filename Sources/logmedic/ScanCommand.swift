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
        let interrupts = Interrupts(control: liveControl())
        // Live inputs are written finding by finding; files in 64 KiB blocks, in the order given.
        let live = (paths.isEmpty ? ["-"] : paths).contains(where: InputFile.isStream(path:))
        hintIfReadingTerminal(paths)
        let started = Date()
        let stats = pipeline.run(paths: paths, control: interrupts.control, ordered: !live) { finding in
            output.write { formatter.render(finding, into: &$0) }
            if live { output.flush() }
        }
        output.flush()
        if !quiet {
            stderr(ScanSummary.render(stats, seconds: Date().timeIntervalSince(started), style: color.style(fileDescriptor: 2)))
        }
        if let interrupted = interrupts.exitCode { throw interrupted }
        if !stats.inputErrors.isEmpty { throw ExitCode(ExitStatus.runtime) }
        let highest = pipeline.catalog.rules.filter { stats.findingsByRule[$0.id] != nil }.map(\.severity).max()
        if let threshold = failOn.severity, let highest, highest >= threshold {
            throw ExitCode(ExitStatus.findings)
        }
    }
}
