import Foundation
import Testing
@testable import LogMedic

/// The catalog against logs printed by real software (Tests/Corpus/catalog, captured by its capture.sh):
/// every provoked failure must be found by its rule with the right captures.
@Suite struct CorpusRecallTests {
    static let results = try! CorpusRecall(catalog: builtinCatalog)
        .run(corpus: repositoryRoot.appendingPathComponent("Tests/Corpus/catalog").path)

    @Test func serverWasProvokedIntoManySQLStates() {
        for language in ["en", "de", "fr"] {
            let log = Self.results.first { $0.path.hasSuffix("/server/\(language)/postgresql.log") }
            let states = Set(log?.expectations.compactMap(\.sqlstate) ?? [])
            #expect(states.count >= 40, "\(language): only \(states.count) distinct SQLSTATEs")
        }
    }

    @Test(arguments: ["psycopg2", "psycopg3", "asyncpg", "sqlalchemy", "django"])
    func driverFailuresAreFoundInEveryEnvelope(driver: String) {
        let files = Self.results.filter { $0.path.contains("/drivers/") && $0.path.contains("/\(driver).") }
        #expect(files.count == 3)
        for file in files {
            #expect(file.expected > 0)
            for missed in file.missed { Issue.record("\(file.path): \(missed)") }
        }
    }

    /// stderr, csvlog and jsonlog. Captures read from a DETAIL/CONTEXT line ("joined") are asserted in
    /// English only: ingest does not yet join German/French continuation lines ("ZUSAMMENHANG:",
    /// "DÉTAIL :") after a full prefix, nor render csvlog records with translated severities.
    @Test(arguments: ["en", "de", "fr"])
    func serverFailuresAreFoundInEachLanguage(language: String) {
        let files = Self.results.filter {
            $0.path.contains("/server/\(language)/") && (language == "en" || !$0.path.hasSuffix(".csv"))
        }
        #expect(files.count == (language == "en" ? 3 : 2))
        for file in files {
            #expect(file.expected >= 60)
            for missed in file.missed where language == "en" || missed.joined != true {
                Issue.record("\(file.path): \(missed)")
            }
        }
    }
}
