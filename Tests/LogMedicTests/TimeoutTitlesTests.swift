import Foundation
import Testing
import Yams
@testable import LogMedic

/// `statement_timeout` covers two settings: its headline says which one cancelled the query (a `when: {reason=…}`
/// variant's title), and does not repeat what the title states (was: `Query cancelled by statement or lock timeout:
/// lock, counters`). On what PostgreSQL 15 printed (Tests/Corpus/catalog/server, the clinic app's psycopg 3 records).
@Suite struct TimeoutTitlesTests {
    static func headlines(_ paths: [String]) -> [String: [String]] {
        let problems = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: paths).problems
        return Dictionary(grouping: problems, by: \.group.ruleID).mapValues { $0.map(\.headline).sorted() }
    }

    static func serverLog(_ language: String) -> String {
        repositoryRoot.appendingPathComponent("Tests/Corpus/catalog/server/\(language)/postgresql.log").path
    }

    @Test func eachTimeoutIsNamedWithWhatItCancelled() {
        #expect(Self.headlines([Self.serverLog("en")])["statement_timeout"]
            == ["Lock wait cancelled by lock_timeout on counters", "Query cancelled by statement_timeout"])
        let clinic = ["app.log", "postgresql.log"].map { repositoryRoot.appendingPathComponent("Tests/Corpus/clinic/\($0)").path }
        #expect(Self.headlines(clinic)["statement_timeout"] == ["Query cancelled by statement_timeout"])
    }

    /// A translated server message says which timeout it was, but the localized patterns capture nothing: the rule's
    /// own title stays.
    @Test func aTranslatedTimeoutKeepsTheRulesTitle() {
        #expect(Self.headlines([Self.serverLog("de")])["statement_timeout"] == ["Query cancelled by statement or lock timeout"])
    }

    @Test func aVariantKeyedOnAValueAppliesOnlyToThatValue() throws {
        let advice = try YAMLDecoder().decode(Advice.self, from: """
            root_cause: any
            when:
              reason=lock: {title: 'Lock on {{relation}}', root_cause: lock}
              relation: {fix: ['look at {{relation}}']}
            """)
        let lock = advice.text(resolved: false, values: ["reason": "lock", "relation": "t"])
        #expect(lock.rootCause == "lock" && lock.title == "Lock on {{relation}}" && lock.fix == ["look at {{relation}}"])
        #expect(lock.titleStates == ["relation", "reason"])
        let statement = advice.text(resolved: false, values: ["reason": "statement"])
        #expect(statement.rootCause == "any" && statement.title == nil && statement.titleStates.isEmpty)
        #expect(advice.text(resolved: false, values: ["reason": ""]).rootCause == "any")
    }
}
