import Foundation
import Testing
@testable import LogMedic

/// Checks are found by name; a rule that names one must give it the captures it reads.
@Suite struct CheckRegistryTests {
    static func rule(check: String, pattern: String, advice: String = "") -> String {
        """
        id: my_rule
        title: Mine
        severity: high
        category: database
        patterns: ['\(pattern)']
        explain: test. Do this.
        correlate: {check: \(check)}
        \(advice)
        examples:
          match: [{text: 'tabla "x" no existe'}, {text: 'y tabla "z" no existe'}]
          no_match: ['tabla x']
        """
    }

    func load(_ yaml: String) throws -> CompiledCatalog {
        try withTemporaryDirectory { dir in
            try yaml.write(to: dir.appendingPathComponent("my_rule.yaml"), atomically: true, encoding: .utf8)
            return try CompiledCatalog(ruleDirectories: [dir.path])
        }
    }

    @Test func aPatternWithoutTheCheckCaptureIsALoadErrorNamingRulePatternAndCapture() throws {
        let yaml = Self.rule(check: "missing_relation", pattern: #"tabla "(?<table>[^"]{1,63})" no existe"#)
        do {
            _ = try load(yaml)
            Issue.record("loaded a rule whose pattern lacks (?<relation>…)")
        } catch let error as RuleCatalogError {
            let text = "\(error)"
            #expect(text.contains("my_rule") && text.contains(#"tabla "(?<table>"#) && text.contains("(?<relation>…)") && text.contains("missing_relation"), "\(text)")
        }
    }

    @Test func anUnknownCheckIsALoadErrorListingTheKnownOnes() throws {
        let yaml = Self.rule(check: "no_such_check", pattern: #"tabla "(?<relation>[^"]{1,63})" no existe"#)
        #expect { _ = try load(yaml) } throws: { error in
            let text = "\(error)"
            return text.contains("no_such_check") && CheckRegistry.names.allSatisfy(text.contains)
        }
    }

    /// Tables of one Django app share its prefix, not a meaning: a missing `booking_referral` is no rename of
    /// `booking_appointment`; `user_invitations` still resembles a missing `invitations`.
    @Test func tablesThatShareOnlyAnAppPrefixAreNotSimilar() throws {
        let tables = ["booking_appointment", "booking_patient", "user_invitations", "booking_referrals"]
        let snapshot = SchemaSnapshot(database: "app", serverVersion: "15.0", searchPath: ["public"], takenAt: "now",
                                      relations: tables.map { Relation(schema: "public", name: $0, kind: .table, columns: []) })
        #expect(snapshot.similarRelations(to: "booking_referral") == ["public.booking_referrals"])
        #expect(snapshot.similarRelations(to: "booking_invoice").isEmpty)
        #expect(snapshot.similarRelations(to: "invitations") == ["public.user_invitations"])
    }

    @Test func aRuleWithAnExistingCheckAndAdviceNeedsNoSwift() throws {
        let advice = """
        advice:
          root_cause: 'La tabla {{qualified}} falta.'
          fix: ['Cree {{regclass}}.', 'Compare con {{similar}}.']
          verification: 'SELECT to_regclass({{regclass:literal}});'
          resolved: {root_cause: '{{table}} ya existe.'}
        """
        let catalog = try load(Self.rule(check: "missing_relation", pattern: #"tabla "(?<relation>[^"]{1,63})" no existe"#, advice: advice))
        let snapshot = SchemaSnapshot(database: "app", serverVersion: "15.0", searchPath: ["public"], takenAt: "now",
                                      relations: [Relation(schema: "public", name: "Orders", kind: .table, columns: [])])
        let diagnoser = Diagnoser(pipeline: ScanPipeline(catalog: catalog), snapshot: snapshot)
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try "ERROR tabla \"Pedidos\" no existe\nERROR tabla \"Orders\" no existe\n".write(to: log, atomically: true, encoding: .utf8)
            let problems = diagnoser.diagnose(paths: [log.path]).problems.filter { $0.group.ruleID == "my_rule" }
            let missing = try #require(problems.first { $0.group.capture("relation") == "Pedidos" })
            #expect(missing.correlation.status == .confirmed)
            #expect(missing.recommendation.rootCause == "La tabla Pedidos falta.")
            // No similar relation: the line that needs one is left out rather than printed half-filled.
            #expect(missing.recommendation.fix == [#"Cree public."Pedidos"."#])
            #expect(missing.recommendation.verification == #"SELECT to_regclass('public."Pedidos"');"#)
            let resolved = try #require(problems.first { $0.group.capture("relation") == "Orders" })
            #expect(resolved.correlation.status == .resolved)
            #expect(resolved.recommendation.rootCause == "public.Orders ya existe.")
            #expect(resolved.recommendation.verification == #"SELECT to_regclass('public."Orders"');"#)
        }
    }

    @Test func lintNamesAnAdvicePlaceholderNothingFills() throws {
        let advice = "advice: {root_cause: 'Falta {{relaton}}; {{count}} veces.'}"
        let catalog = try load(Self.rule(check: "missing_relation", pattern: #"tabla "(?<relation>[^"]{1,63})" no existe"#, advice: advice))
        let errors = RuleLinter(catalog: catalog).lint().filter { $0.level == .error && $0.ruleID == "my_rule" }
        #expect(errors.map(\.message).count == 1)
        #expect(errors.first?.message.contains("{{relaton}}") == true)
    }

    @Test func lintNamesACauseThatIsNoRule() throws {
        let catalog = try load(Self.rule(check: "missing_relation", pattern: #"tabla "(?<relation>[^"]{1,63})" no existe"#,
                                         advice: "caused_by: [admin_shutdown, no_such_rule]"))
        let errors = RuleLinter(catalog: catalog).lint().filter { $0.level == .error && $0.ruleID == "my_rule" }
        #expect(errors.map(\.message) == ["caused_by names no_such_rule, which is no rule of the catalog"])
    }

    @Test func noRuleIDAppearsInSwiftSources() throws {
        let sources = repositoryRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for rule in builtinCatalog.rules {
                #expect(!text.contains("\"\(rule.id)\""), "\(file.lastPathComponent) names rule \(rule.id)")
            }
        }
    }
}

@Suite struct AdviceTemplateTests {
    @Test(arguments: [
        ("{{a}} and {{b|none}}", "x and none", [String]()),
        ("{{missing}}!", "<missing>!", ["missing"]),
        ("{{name:ident}} {{name:literal}}", #""Odd""Name" 'Odd"Name'"#, []),
        ("{{plain:ident}} {{quote:literal}}", "plain_name 'it''s'", []),
        ("{ not a placeholder } {{ a }}", "{ not a placeholder } x", []),
        // A database name from a log, pasted into a shell, stays one word and runs nothing.
        ("createdb {{plain:shell}}; createdb {{hostile:shell}}", #"createdb plain_name; createdb 'x; rm -rf ~ $(id) '\''q'"#, []),
    ])
    func fills(template: String, expected: String, missing: [String]) {
        let values = ["a": "x", "name": #"Odd"Name"#, "plain": "plain_name", "quote": "it's", "hostile": "x; rm -rf ~ $(id) 'q"]
        let rendered = AdviceTemplate.render(template, values: values)
        #expect(rendered.text == expected)
        #expect(rendered.missing == missing)
    }

    /// The placeholder grammar as a regular expression: what the byte parser must find, placeholder for placeholder.
    static let reference = try! NSRegularExpression(
        pattern: #"\{\{[ \t\n\f\r]*(!?)([A-Za-z_][A-Za-z0-9_]*)(?::(ident|literal|shell))?[ \t\n\f\r]*(?:\|([^}]*))?\}\}"#)

    static func referencePlaceholders(_ text: String) -> [AdviceTemplate.Placeholder] {
        let utf16 = NSRange(text.startIndex..., in: text)
        return reference.matches(in: text, range: utf16).map { match in
            let part = { (i: Int) in Range(match.range(at: i), in: text).map { String(text[$0]) } }
            let whole = Range(match.range, in: text)!
            let start = text.utf8.distance(from: text.startIndex, to: whole.lowerBound)
            return AdviceTemplate.Placeholder(range: start..<(start + text[whole].utf8.count), negated: part(1) == "!",
                                              name: part(2)!, kind: part(3), fallback: part(4))
        }
    }

    /// Every advice text of the catalog and the stacks, and strings made of the grammar's pieces at random.
    @Test func theParserFindsWhatTheGrammarDoes() throws {
        let root = repositoryRoot
        let files = try ["rules", "advice"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
                .filter { $0.hasSuffix(".yaml") }.map { root.appendingPathComponent(folder).appendingPathComponent($0) }
        }
        var texts = try files.map { try String(contentsOf: $0, encoding: .utf8) }
        #expect(texts.joined().contains("{{"), "the catalog has templates")
        let pieces = ["{{", "}}", "{", "}", "!", "name", "a_1", "9", ":ident", ":literal", ":shell", ":x", ":", "|", "fall back",
                      " ", "\n", "é", "x", "\u{00A0}"]
        var random = SeededGenerator(seed: 0xAD71CE)
        for _ in 0..<3000 { texts.append((0..<Int.random(in: 1...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()) }
        for text in texts {
            #expect(AdviceTemplate.placeholders(in: text) == Self.referencePlaceholders(text), "\(text.prefix(200))")
        }
    }

    @Test func aNegatedPlaceholderMarksLinesForWhenTheValueIsMissing() {
        #expect(AdviceTemplate.render("only without{{!a}}", values: [:]).excludedBy.isEmpty)
        #expect(AdviceTemplate.render("only without{{!a}}", values: [:]).text == "only without")
        #expect(AdviceTemplate.render("only without{{!a}}", values: ["a": "1"]).excludedBy == ["a"])
    }
}
