import ArgumentParser
import Foundation
import LogMedic

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, test, lint, show and export the rule catalog.",
        subcommands: [List.self, Test.self, Lint.self, Show.self, Export.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "One line per rule: id, severity, category, title.")
        @OptionGroup var rules: RuleOptions

        func run() throws {
            let catalog = try rules.catalog()
            for rule in catalog.rules.sorted(by: { $0.id < $1.id }) {
                let kind = rule.effectiveKind == .context ? " (context)" : ""
                print("\(rule.id.padding(toLength: 26, withPad: " ", startingAt: 0)) \(rule.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(rule.category.padding(toLength: 15, withPad: " ", startingAt: 0)) \(rule.title)\(kind)")
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "test",
            abstract: "Run every rule's examples through the scanner, plain and disguised (timestamp, JSON, non-ASCII, CRLF).")
        @OptionGroup var rules: RuleOptions
        @Argument(help: "Only these rule ids.") var ids: [String] = []
        @Option(help: ArgumentHelp("Instead of the examples, scan a corpus of captured logs and print the catalog's recall on it (the directory's expected*.yaml say what each file must yield).", valueName: "DIR"))
        var corpus: String?
        @Flag(help: "With --corpus, print every finding (file, line, rule, captures), not only the misses.") var verbose = false

        func run() throws {
            let catalog = try rules.catalog()
            if let corpus { return try runCorpus(corpus, catalog: catalog) }
            let result = ExampleRunner(catalog: catalog).run(ids: ids.isEmpty ? nil : Set(ids))
            for failure in result.failures { print("FAIL \(failure)") }
            print("\(result.checks - result.failures.count) passed, \(result.failures.count) failed")
            if !result.failures.isEmpty { throw ExitCode(ExitStatus.findings) }
        }

        func runCorpus(_ directory: String, catalog: CompiledCatalog) throws {
            let results = try runtime { try CorpusRecall(catalog: catalog).run(corpus: directory) }
            for file in results {
                print("\(file.path): \(file.found)/\(file.expected) expected failures found, \(file.findings.count) findings")
                if verbose {
                    for finding in file.findings {
                        let captures = finding.captures.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
                        print("  \(finding.event.firstLine): \(finding.ruleID) \(captures)")
                    }
                }
                for missed in file.missed { print("  MISS \(missed)") }
            }
            let expected = results.reduce(0) { $0 + $1.expected }
            let found = results.reduce(0) { $0 + $1.found }
            let percent = expected == 0 ? 100 : Double(found) * 100 / Double(expected)
            print("recall: \(found)/\(expected) (\(String(format: "%.1f", percent))%) in \(results.count) files")
            if found < expected { throw ExitCode(ExitStatus.findings) }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "lint",
            abstract: "Compile every pattern; flag missing prefilter literals and catastrophic backtracking.")
        @OptionGroup var rules: RuleOptions

        func run() throws {
            let catalog = try rules.catalog()
            let issues = RuleLinter(catalog: catalog).lint()
            for issue in issues { print(issue) }
            let errors = issues.filter { $0.level == .error }.count
            print("\(catalog.rules.count) rules, \(catalog.patterns.count + catalog.contextPatterns.count) patterns: \(errors) errors, \(issues.count - errors) warnings")
            if errors > 0 { throw ExitCode(ExitStatus.findings) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one rule: explanation, patterns, literals, examples.")
        @OptionGroup var rules: RuleOptions
        @Argument(help: "The rule id.") var id: String

        func run() throws {
            let catalog = try rules.catalog()
            guard let rule = catalog.rules.first(where: { $0.id == id }) else {
                stderr("logmedic: no rule \(id); see `logmedic rules list`\n")
                throw ExitCode(ExitStatus.usage)
            }
            print(RuleDescription.render(rule, catalog: catalog))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export",
            abstract: "Print the catalog's patterns (pcre2) or prefilter literals, one per line, for other tools.")
        enum Flavor: String, ExpressibleByArgument { case pcre2, literals }
        @OptionGroup var rules: RuleOptions
        @Option(help: "pcre2 (patterns) or literals (required literals).") var flavor: Flavor = .pcre2

        func run() throws {
            let catalog = try rules.catalog()
            let lines: [String]
            switch flavor {
            case .pcre2: lines = catalog.patterns.map(\.regex.pattern)
            case .literals: lines = Set(catalog.patterns.indices.flatMap { catalog.literals(ofPattern: $0) }).sorted()
            }
            // Catalog data, not log text: the redactor would mask e.g. `identified by '(?<revision>…` as a password.
            Console.out(Data(lines.map { $0 + "\n" }.joined().utf8))
        }
    }
}
