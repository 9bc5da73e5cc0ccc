import ArgumentParser
import Foundation
import LogMedic

/// `--rules DIR`: extra rule directories on top of the built-in catalog.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "A directory of rule files that adds to or overrides the built-in catalog (repeatable).", valueName: "DIR"))
    var directories: [String] = []

    @Option(help: ArgumentHelp("Cores to scan with: files, and chunks of large plain files, in parallel (default: all).", valueName: "N"))
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// `examples: false` for the commands that only match (scan, report, watch, fix): the rules'
    /// examples are then left unread.
    /// `lookingForErrors` for the commands that list the error events no rule matched (report, watch).
    func catalog(examples: Bool = true, lookingForErrors: Bool = false) throws -> CompiledCatalog {
        try runtime {
            try CompiledCatalog(ruleDirectories: directories, examples: examples, errorWords: lookingForErrors ? ErrorWords.literals : [])
        }
    }

    func pipeline(lookingForErrors: Bool = false) throws -> ScanPipeline {
        ScanPipeline(catalog: try catalog(examples: false, lookingForErrors: lookingForErrors),
                     parallelism: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
    }
}

/// `--fail-on SEVERITY`: the exit-code threshold.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case info, low, medium, high, critical, never

    var severity: Severity? { Severity(rawValue: rawValue) }
}

extension FindingFormat: ExpressibleByArgument {}

/// `--color auto|always|never`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    func style(fileDescriptor: Int32 = 1) -> TerminalStyle {
        switch self {
        case .auto: return .automatic(fileDescriptor: fileDescriptor)
        case .always: return TerminalStyle(enabled: true)
        case .never: return TerminalStyle(enabled: false)
        }
    }
}
