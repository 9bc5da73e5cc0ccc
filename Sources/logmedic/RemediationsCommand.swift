import ArgumentParser
import LogMedic

struct RemediationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remediations",
        abstract: "List, verify and approve the vetted playbooks.",
        subcommands: [List.self, Verify.self, Approve.self, Lint.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Each playbook with its kind, what it fixes and its vetting status.")
        @OptionGroup var playbooks: PlaybookOptions

        func run() throws {
            let statuses = try runtime { try playbooks.library().statuses() }
            // Columns as wide as their longest entry: an id is copied from here into `approve` and `--revert`.
            let idWidth = max(24, statuses.map(\.0.id.count).max() ?? 0)
            let fixesWidth = max(24, statuses.map { RemediationsText.fixes($0.0).count }.max() ?? 0)
            func column(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
            for (playbook, status) in statuses {
                print("\(column(playbook.id, idWidth)) \(column(playbook.kind.rawValue, 8)) fixes \(column(RemediationsText.fixes(playbook), fixesWidth)) \(status)")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check every playbook against the manifest; exit 1 if any is not vetted.")
        @OptionGroup var playbooks: PlaybookOptions

        func run() throws {
            let statuses = try runtime { try playbooks.library().statuses() }
            let bad = statuses.filter { $0.1 != .vetted }
            for (playbook, status) in statuses { print("\(status == .vetted ? "ok  " : "FAIL") \(playbook.id)  \(status)") }
            if !bad.isEmpty { throw ExitCode(ExitStatus.findings) }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "lint",
            abstract: "Check every playbook against the catalog before anything runs; exit 1 on errors.",
            discussion: "See remediations/README.md for the format these checks enforce.")
        @OptionGroup var playbooks: PlaybookOptions
        @OptionGroup var rules: RuleOptions

        func run() throws {
            let library = try playbooks.library()
            let issues = PlaybookLinter(library: library, catalog: try rules.catalog()).lint()
            for issue in issues { print(issue) }
            let errors = issues.filter { $0.level == .error }.count
            print("\(library.playbooks.count) playbooks: \(errors) error\(errors == 1 ? "" : "s"), \(issues.count - errors) warning\(issues.count - errors == 1 ? "" : "s")")
            if errors > 0 { throw ExitCode(ExitStatus.findings) }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approve",
            abstract: "Record a reviewed playbook's files (SHA-256) in the manifest.",
            discussion: "Read every file of the playbook first: approving is what allows `fix --apply` to run it.")
        @OptionGroup var playbooks: PlaybookOptions
        @Argument(help: "The playbook id.") var id: String

        func run() throws {
            let files = try runtime { try playbooks.library().approve(id: id) }
            print("approved \(id) (\(files.joined(separator: ", ")))")
        }
    }
}
