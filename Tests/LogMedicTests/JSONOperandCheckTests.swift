import Foundation
import Testing
@testable import LogMedic

/// A column the code reads as JSON (`metadata->>'codec'`) that is text in this database: PostgreSQL says
/// `operator does not exist: text ->> unknown`. Was: no database check, and "cast the parameter (`= $1::text`)",
/// which cannot help. Now the column the statement reads with the operator is checked and named.
/// fixtures/trial-podcasts' own server log (pg8000 under gunicorn, `log_line_prefix = '%m %c %x %e '`).
@Suite struct JSONOperandCheckTests {
    static let log = repositoryRoot.appendingPathComponent("fixtures/trial-podcasts/logs/stderr/postgresql.log").path

    static func problem(metadataType: String?) throws -> Diagnosis.Problem {
        let episodes = Relation(schema: "public", name: "episodes", kind: .table,
                                columns: [ReportFixture.id, Column(name: "title", type: "text", isNullable: false),
                                          Column(name: "metadata", type: metadataType ?? "text", isNullable: false)], primaryKey: ["id"])
        let diagnosis = ReportFixture.diagnose(metadataType == nil ? nil : ReportFixture.snapshot(extra: [episodes]), source: nil, paths: [log])
        return try #require(diagnosis.problems.first { $0.group.ruleID == "undefined_operator" })
    }

    @Test func aTextColumnReadAsJSONIsConfirmedAndNamed() throws {
        let text = try Self.problem(metadataType: "text")
        #expect(text.group.count == 2)
        #expect(text.headline == "Operator does not exist for these types: text, ->>, unknown")  // was: "text, ->>, ->>, unknown"
        #expect(text.correlation.status == .confirmed, "\(text.correlation.summary)")
        #expect(text.correlation.summary == "public.episodes.metadata is text, which has no ->> operator: the query reads it as JSON.")
        #expect(text.recommendation.rootCause.hasPrefix("public.episodes.metadata is text here, but the code reads it as JSON (->>)"),
                "\(text.recommendation.rootCause)")
        #expect(text.recommendation.fix.first?.contains("ALTER TABLE public.episodes ALTER COLUMN metadata TYPE jsonb USING metadata::jsonb") == true,
                "\(text.recommendation.fix)")
        #expect(!text.recommendation.fix.joined().contains("$1::text"))
    }

    @Test func onceTheColumnIsJSONBTheProblemIsResolved() throws {
        #expect(try Self.problem(metadataType: "jsonb").correlation.status == .resolved)
    }

    /// Without a database the operator alone says the column read is not JSON.
    @Test func withoutADatabaseTheAdviceStillSpeaksOfJSON() throws {
        let unchecked = try Self.problem(metadataType: nil)
        #expect(unchecked.recommendation.rootCause.contains("JSON operator ->>"), "\(unchecked.recommendation.rootCause)")
        #expect(!unchecked.recommendation.fix.joined().contains("$1::text"))
    }

    @Test func theOperandIsTheColumnBeforeTheOperator() {
        #expect(JSONOperandCheck.operands(of: "->>", in: "SELECT metadata->>'codec' FROM episodes WHERE id = $1") == ["metadata"])
        #expect(JSONOperandCheck.operands(of: "->", in: #"SELECT e."Meta" -> 'a', e.tags ->> 'b' FROM episodes e"#) == ["Meta"])
    }
}
