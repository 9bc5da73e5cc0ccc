import Foundation
import Testing
@testable import LogMedic

@Suite("report --format json, sarif and text")
struct FormatReportTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// `generated_at` is the instant the diagnosis was made, in UTC ISO-8601 to the second.
    @Test func aDiagnosisSaysWhenItWasMadeInUTC() throws {
        let before = Date().timeIntervalSince1970.rounded(.down)
        let made = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog, parallelism: 1), snapshot: nil)
            .diagnosis(groups: [], stats: ScanStats(), inputs: ["-"]).generatedAt
        #expect(made.utf8.count == 20 && made.hasSuffix("Z") && made.contains("T"), "\(made)")
        let instant = try #require(ISO8601DateFormatter().date(from: made)).timeIntervalSince1970
        #expect(instant >= before && instant <= Date().timeIntervalSince1970, "\(made)")
    }

    @Test func jsonHasTheDocumentedTopLevelKeys() throws {
        let json = try Self.object(JSONReporter().render(ReportFixture.checked))
        #expect(json.keys.sorted() == ["format", "generated_at", "inputs", "problems", "schema", "stats", "tool"])
        #expect(json["format"] as? String == "logmedic.report.v1")
        let problems = try #require(json["problems"] as? [[String: Any]])
        // The 7 incident problems and 7 other failures the logs hold (near misses with other_rule, a shutdown).
        #expect(problems.count == 14)
        let first = try #require(problems.first)
        #expect(first.keys.sorted() == ["correlation", "explain", "group", "id", "recommendation"])
        let group = try #require(first["group"] as? [String: Any])
        #expect(group["rule_id"] as? String == "undefined_table")
        #expect(group["first_seen"] as? String == "2025-12-19T13:21:24.183Z")
        #expect((first["correlation"] as? [String: Any])?["status"] as? String == "confirmed")
        let schema = try #require(json["schema"] as? [String: Any])
        #expect(schema.keys.sorted() == ["database", "server_version", "source", "taken_at"])
        // Without a schema the key is absent rather than null.
        #expect(try Self.object(JSONReporter().render(ReportFixture.unchecked))["schema"] == nil)
    }

    @Test func jsonKeysAreSnakeCaseAndTextsAreRedacted() throws {
        let json = try Self.object(JSONReporter().render(ReportFixture.checked))
        let ingest = try #require((json["stats"] as? [String: Any])?["ingest"] as? [String: Any])
        #expect(ingest["malformed_json_lines"] as? Int == 2)
        #expect(ingest["crlf_lines"] as? Int == 5)
        let problem = try #require((json["problems"] as? [[String: Any]])?.first { (($0["group"] as? [String: Any])?["rule_id"] as? String) == "missing_model_attribute" })
        let correlation = try #require(problem["correlation"] as? [String: Any])
        #expect(correlation["suggestion"] as? String == "created_at")
        #expect(correlation["table"] as? String == "public.audit_logs")
        let recommendation = try #require(problem["recommendation"] as? [String: Any])
        #expect(recommendation["fix_language"] as? String == "diff")
        #expect(recommendation["playbooks"] as? [String] == ["rename_model_attribute"])
    }

    @Test func sarifHasTheRequiredFieldsAndTypes() throws {
        let sarif = try Self.object(SARIFReporter(source: ReportFixture.source).render(ReportFixture.checked))
        #expect(sarif["version"] as? String == "2.1.0")
        #expect(sarif["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        let runs = try #require(sarif["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "logmedic")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        for rule in rules {
            #expect(rule["id"] is String)
            #expect(((rule["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            #expect(["error", "warning", "note"].contains((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String ?? ""))
        }
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.count == 14)
        for result in results {
            let ruleID = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == ruleID)
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            #expect((result["partialFingerprints"] as? [String: String])?["logmedic/v1"]?.isEmpty == false)
            let locations = try #require(result["locations"] as? [[String: Any]])
            #expect(!locations.isEmpty, "\(ruleID)")
            for location in locations {
                let physical = try #require(location["physicalLocation"] as? [String: Any])
                let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
                #expect(URL(string: uri) != nil, "\(uri)")
                #expect(!uri.hasPrefix("/"), "\(uri)")
                #expect(((physical["region"] as? [String: Any])?["startLine"] as? Int ?? 0) >= 1)
            }
        }
    }

    @Test func sarifLocationsAreSourceRelativeAndMostFrequentFirst() throws {
        func uris(_ reporter: SARIFReporter, _ rule: String) throws -> [String] {
            let sarif = try Self.object(reporter.render(ReportFixture.checked))
            let results = try #require((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
            let result = try #require(results.first { $0["ruleId"] as? String == rule })
            return (result["locations"] as? [[String: Any]] ?? []).compactMap {
                let physical = $0["physicalLocation"] as? [String: Any]
                let uri = (physical?["artifactLocation"] as? [String: Any])?["uri"] as? String ?? ""
                return "\(uri):\((physical?["region"] as? [String: Any])?["startLine"] as? Int ?? 0)"
            }
        }
        let withSource = SARIFReporter(source: ReportFixture.source)
        #expect(try uris(withSource, "sqlalchemy_textual_sql") == ["app/routers/admin.py:100"])
        #expect(try uris(withSource, "missing_model_attribute").prefix(3) == ["app/routers/admin.py:155", "app/routers/admin.py:125", "app/routers/admin.py:198"])
        #expect(try uris(SARIFReporter(), "undefined_table").first == "app/app/routers/admin.py:338")
        // No code location: the log line of the first sample.
        #expect(try uris(withSource, "alembic_multiple_heads") == ["file://\(ReportFixture.logs[2]):3"])
        #expect(SARIFReporter.level(.critical) == "error" && SARIFReporter.level(.medium) == "warning" && SARIFReporter.level(.info) == "note")
    }

    @Test func textShowsStatusLocationAndFix() throws {
        let text = TextReporter(style: TerminalStyle(enabled: false)).render(ReportFixture.checked)
        #expect(text.hasPrefix("CRITICAL P1  Table or relation does not exist: user_invitations\n"))
        #expect(text.contains("  database: CONFIRMED  user_invitations does not exist in database railway"))
        #expect(text.contains("  at /app/app/routers/admin.py:100 in database_health\n  change: app/routers/admin.py:100: db.execute(\"SELECT 1\")\n"))
        #expect(text.contains("  fix: Wrap the string: `db.execute(text(\"SELECT 1\"))`"))
        #expect(text.contains("logmedic: 3 inputs, 5077 lines, 2783 events, 61 findings → 14 problems (5 critical, 7 high, 2 medium)\n"))
        #expect(!text.contains("\u{1B}["))
        let unchecked = TextReporter(style: TerminalStyle(enabled: false)).render(ReportFixture.unchecked)
        #expect(unchecked.contains("  database: NOT CHECKED  "))
        #expect(unchecked.contains("  database: not checked — pass --db or --schema\n"))
    }

    @Test func theSameLogsGiveTheSameReport() {
        var again = ReportFixture.diagnose(ReportFixture.snapshot())
        again.generatedAt = ReportFixture.checked.generatedAt
        #expect(again == ReportFixture.checked)
    }
}
