import ArgumentParser
import Foundation
import LogMedic

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Stream findings from logs (files, .gz, or stdin).")

    @Argument(help: "Log files (gzip detected) or directories of them. None or '-' reads standard input.")
    var paths: [String] = []

    @Option(help: "Output format: text, ndjson (one JSON finding per line) or groups (one partial group per problem, to merge with `report --findings`).")
    var format: FindingFormat = .text

    @Flag(name: .customLong("summary-record"), help: "End ndjson output with the scan's inputs and totals (for `report --findings`; groups always has it).")
    var summaryRecord = false

    @Option(name: .customLong("byte-range"), help: ArgumentHelp(
        "Scan only this part of one plain file, START:END in bytes (END empty: to the end). The parts of any split give together what one scan gives (docs/findings-ndjson.md).",
        valueName: "START:END"))
    var byteRange: ByteRange?

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding has at least this severity (or 'never').")
    var failOn: FailOn = .high

    @Option(help: "Colour: auto (only on a terminal, never with NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    @Flag(name: .shortAndLong, help: "No summary on stderr.")
    var quiet = false

    @OptionGroup var rules: RuleOptions

    func validate() throws {
        if byteRange != nil, paths.count != 1 || paths == ["-"] { throw ValidationError("--byte-range needs exactly one file") }
        if summaryRecord, format == .text { throw ValidationError("--summary-record goes with --format ndjson") }
    }

    mutating func run() throws {
        if byteRange == nil { paths = expandedInputs(paths) }
        let pipeline = try rules.pipeline()
        if format == .groups || byteRange != nil { return try runOffline(pipeline) }
        let formatter = FindingFormatter(format: format, style: color.style())
        let output = BufferedOutput()
        let interrupts = Interrupts(control: liveControl())
        // Live inputs are written finding by finding; files in 64 KiB blocks, in the order given, each
        // large one scanned in chunks on all cores.
        let live = (paths.isEmpty ? ["-"] : paths).contains(where: InputFile.isStream(path:))
        hintIfReadingTerminal(paths)
        let started = Date()
        let stats = live
            ? pipeline.run(paths: paths, control: interrupts.control) { finding in
                output.write { formatter.render(finding, into: &$0, memo: &$1) }
                output.flush()
            }
            : pipeline.render(paths: paths, formatter: formatter, control: interrupts.control) { Console.out($0) }
        if summaryRecord {
            output.write { out, _ in out.append(contentsOf: FindingsStream.summaryLine(inputs: paths.isEmpty ? ["-"] : paths, stats: stats).utf8) }
        }
        output.flush()
        if let interrupted = interrupts.exitCode {
            if !quiet { stderrStyled(ScanSummary.render(stats, seconds: Date().timeIntervalSince(started), style: color.style(fileDescriptor: 2))) }
            throw interrupted
        }
        try finish(pipeline, stats, started: started)
    }

    /// A shard or a partial-group scan: plain files only, output in input order, nothing live.
    private func runOffline(_ pipeline: ScanPipeline) throws {
        let started = Date()
        let output = BufferedOutput()
        let stats: ScanStats
        if format == .groups {
            let responses = RequestTimeline(serverErrorsOnly: true)
            let (grouper, groupStats) = byteRange.map { pipeline.group(path: paths[0], range: $0, rules: pipeline.catalog.rules, timeline: responses) }
                ?? pipeline.group(paths: paths, rules: pipeline.catalog.rules, timeline: responses)
            for partial in grouper.partials() { output.write { out, _ in out.append(contentsOf: FindingsStream.groupLine(partial).utf8) } }
            for response in responses.requests(from: -.infinity, to: .infinity) {
                output.write { out, _ in out.append(contentsOf: FindingsStream.responseLine(response).utf8) }
            }
            stats = groupStats
        } else {
            let formatter = FindingFormatter(format: format, style: color.style())
            stats = pipeline.run(path: paths[0], range: byteRange!) { finding in output.write { formatter.render(finding, into: &$0, memo: &$1) } }
        }
        if format == .groups || summaryRecord {
            output.write { out, _ in out.append(contentsOf: FindingsStream.summaryLine(inputs: paths.isEmpty ? ["-"] : paths, stats: stats).utf8) }
        }
        output.flush()
        try finish(pipeline, stats, started: started)
    }

    private func finish(_ pipeline: ScanPipeline, _ stats: ScanStats, started: Date) throws {
        if !quiet {
            stderrStyled(ScanSummary.render(stats, seconds: Date().timeIntervalSince(started), style: color.style(fileDescriptor: 2)))
        } else {
            for error in stats.inputErrors { stderr("logmedic: \(error)\n") }  // no summary, but never a silent exit 3
        }
        if !stats.inputErrors.isEmpty { throw ExitCode(ExitStatus.runtime) }
        let highest = pipeline.catalog.rules.filter { stats.findingsByRule[$0.id] != nil }.map(\.severity).max()
        if let threshold = failOn.severity, let highest, highest >= threshold {
            throw ExitCode(ExitStatus.findings)
        }
    }
}

extension ByteRange: ExpressibleByArgument {
    public init?(argument: String) {
        let parts = argument.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int(parts[0]), start >= 0 else { return nil }
        if parts[1].isEmpty { self.init(start: start, end: nil); return }
        guard let end = Int(parts[1]), end >= start else { return nil }
        self.init(start: start, end: end)
    }
}
