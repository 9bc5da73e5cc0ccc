import ArgumentParser
import Dispatch
import Foundation
import LogMedic

/// `logmedic watch`: follow live logs, tell each problem as it appears or changes, and write the
/// full report when the input ends or on SIGINT/SIGTERM.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow live logs: print each problem when first seen and when it changes; report at the end.",
        discussion: """
            Follows log files as they grow, like `tail -F`: a file replaced at its path (rotated) or cut short \
            is read on, and a directory's newest file is followed, then each file that appears in it \
            (PostgreSQL's log_directory). Reads until SIGINT, SIGTERM or the end of a pipe, then writes the full report (-o FILE, any \
            --format; stdout without -o). Updates go to stdout (stderr when the report does). With --db \
            the schema is checked again at most every --recheck seconds, and verdict changes are printed.
            """)

    @Argument(help: "Log files, directories of them (followed: new files are read), FIFOs or '-' (standard input, the default).")
    var paths: [String] = []

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("A schema snapshot (JSON from `logmedic schema inspect -o`) instead of --db.", valueName: "FILE"))
    var schema: String?

    @Option(help: ArgumentHelp("Check the schema again at most every S seconds (with --db).", valueName: "S"))
    var recheck: Double = 30

    @Option(help: ArgumentHelp("Print a problem's new count at most every S seconds.", valueName: "S"))
    var interval: Double = 5

    @Option(help: ArgumentHelp("Keep at most this many distinct problems; more are only counted.", valueName: "N"))
    var maxProblems: Int = 10_000

    @Option(help: "Final report format: text, markdown, json or sarif.")
    var format: ReportFormat = .text

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the final report to this file.", valueName: "FILE"))
    var output: String?

    @Option(help: "Colour: auto (only on a terminal, never with NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    @OptionGroup var rules: RuleOptions
    @OptionGroup var playbookOptions: PlaybookOptions

    func validate() throws {
        if connection.dsn != nil && schema != nil {
            throw ValidationError("--db and --schema are alternatives: give one schema source, not both.")
        }
        if recheck <= 0 || interval < 0 || maxProblems < 1 {
            throw ValidationError("--recheck must be above 0, --interval at least 0, --max-problems at least 1.")
        }
    }

    func run() throws {
        // Files and directories are followed as they grow and rotate, so a directory stays one input:
        // the files that appear in it later are read too.
        try refuseOutputOverInput(output, inputs: InputPaths.expanded(paths))
        let pipeline = ScanPipeline(catalog: try rules.catalog(examples: false, lookingForErrors: true))
        let dsn = schema == nil ? connection.resolvedDSN : nil
        // With --db the connection the schema came from is kept for the checks that query (sequences,
        // extensions, sessions), as `report` does; rechecks inspect the schema on a connection of their own.
        let (snapshot, origin, database) = try runtime { try loadSchema(file: schema, dsn: dsn) }
        let selector = try playbookOptions.selectorForReport()
        let live = LiveDiagnosis(
            diagnoser: Diagnoser(pipeline: pipeline, snapshot: snapshot, snapshotSource: origin, database: database, selector: selector),
            updateInterval: interval, maxGroups: maxProblems)
        // The report owns stdout when it is written there at the end of a text run; updates go first either way.
        let updatesFD: Int32 = output == nil && format != .text ? 2 : 1
        let text = LiveUpdateText(style: color.style(fileDescriptor: updatesFD))
        let say: @Sendable ([LiveDiagnosis.Update]) -> Void = { updates in
            let lines = updates.map(text.render).joined()
            guard !lines.isEmpty else { return }
            if updatesFD == 1 { Console.out(Data(lines.utf8)) } else { Console.err(lines) }
        }

        let timerQueue = DispatchQueue(label: "logmedic.watch")
        let timer = DispatchSource.makeTimerSource(queue: timerQueue)
        var lastCheck = Date()
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler {
            say(live.updates())
            guard let dsn, live.problemCount > 0, Date().timeIntervalSince(lastCheck) >= recheck else { return }
            lastCheck = Date()
            guard let fresh = try? inspect(dsn) else { return }
            say(live.recheck(with: Diagnoser(pipeline: pipeline, snapshot: fresh, snapshotSource: "live", database: database, selector: selector)))
        }
        timer.resume()

        let interrupts = Interrupts(control: liveControl(followsFiles: true))
        hintIfReadingTerminal(paths)
        let stats = pipeline.run(paths: paths, control: interrupts.control, timeline: live.timeline) { finding in
            if let update = live.add(finding) { say([update]) }
        }
        timer.cancel()
        timerQueue.sync {}  // cancel() stops later ticks only: a recheck already running ends before the last updates
        say(live.updates(now: .infinity))

        let diagnosis = live.diagnosis(stats: stats, inputs: paths.isEmpty ? ["-"] : paths)
        try writeReport(diagnosis, format: format, output: output, color: color)
        if let interrupted = interrupts.exitCode { throw interrupted }
        if !diagnosis.stats.inputErrors.isEmpty { throw ExitCode(ExitStatus.runtime) }
    }
}

private func inspect(_ dsn: String) throws -> SchemaSnapshot {
    try SchemaInspector(connection: try PostgresConnection(dsn: dsn)).snapshot()
}
