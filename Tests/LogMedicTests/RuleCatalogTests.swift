import Testing
import Foundation
import Yams
@testable import LogMedic

/// The catalog is its own test suite: every example of every rule, under every disguise.
@Suite struct RuleCatalogTests {
    @Test(arguments: builtinCatalog.rules.map(\.id))
    func examplesHold(ruleID: String) {
        let result = ExampleRunner(catalog: builtinCatalog).run(ids: [ruleID])
        #expect(result.checks > 0)
        for failure in result.failures { Issue.record("\(failure)") }
    }

    @Test func lintFindsNoErrors() {
        let errors = RuleLinter(catalog: builtinCatalog).lint().filter { $0.level == .error }
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test func everyRuleHasEnoughExamples() {
        for rule in builtinCatalog.rules {
            #expect(rule.examples.match.count >= 2, "\(rule.id)")
            #expect(rule.examples.noMatch.count >= 1, "\(rule.id)")
        }
    }

    @Test func catalogCoversTheIncidentFamilies() {
        let ids = Set(builtinCatalog.rules.map(\.id))
        for id in ["undefined_table", "undefined_column", "missing_model_attribute", "sqlalchemy_textual_sql",
                   "frontend_response_shape", "alembic_multiple_heads", "http_request"] {
            #expect(ids.contains(id), "missing rule \(id)")
        }
        #expect(ids.count >= 11)
    }

    @Test func everyFindingPatternIsPrefiltered() {
        for index in builtinCatalog.patterns.indices {
            #expect(!builtinCatalog.isUnfiltered(index), "\(builtinCatalog.patterns[index].regex.pattern)")
        }
    }

    @Test func extraDirectoryOverridesAndAddsRules() throws {
        try withTemporaryDirectory { dir in
            let yaml = """
            id: undefined_table
            title: Overridden
            severity: low
            category: database
            patterns: ['no relation called (?<relation>\\w+) here']
            explain: test override
            examples:
              match:
                - text: 'no relation called foo here'
                  captures: {relation: foo}
                - text: 'x no relation called bar here'
              no_match: ['relation "foo" does not exist']
            """
            try yaml.write(to: dir.appendingPathComponent("undefined_table.yaml"), atomically: true, encoding: .utf8)
            let catalog = try CompiledCatalog(ruleDirectories: [dir.path])
            #expect(catalog.rules.count == builtinCatalog.rules.count)
            #expect(catalog.rules.first { $0.id == "undefined_table" }?.title == "Overridden")
            #expect(scan("no relation called foo here", catalog: catalog).findings.map(\.ruleID) == ["undefined_table"])
            #expect(scan(#"relation "foo" does not exist"#, catalog: catalog).findings.isEmpty)
        }
    }

    @Test func ruleWhoseIDDoesNotMatchItsFileIsRejected() throws {
        try withTemporaryDirectory { dir in
            try "id: other\n".write(to: dir.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
            #expect(throws: RuleCatalogError.self) { try RuleCatalog.load(directory: dir.path) }
        }
    }
}

/// Rule files are read through JSON (`StringTreeDecoder`) for speed: every rule must come out as Yams's
/// own decoder reads it, and so must the YAML forms a rule author may use.
@Suite struct StringTreeDecoderTests {
    @Test func everyBuiltInRuleDecodesAsYamsDecodesIt() throws {
        let directory = try BuiltinCatalog.directory()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 100)
        for file in files {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            #expect(try StringTreeDecoder.decode(Rule.self, from: text) == YAMLDecoder().decode(Rule.self, from: text), "\(file)")
        }
    }

    @Test func quotingNullsAndControlCharactersReadAsYamsReadsThem() throws {
        let text = """
            id: odd_forms
            title: "a \\"quoted\\" title with a \\\\ and a tab\\t"
            severity: high
            category: 'single ''quoted'''
            kind: ~
            patterns:
              - 'x: \\d+ "y" \\\\ z'
            literals: null
            explain: |
              two lines,
              ünïcödé and a "quote"
            correlate:
            examples:
              match:
                - text: "one\\ntwo"
                  captures: {port: 5432, flag: true}
              no_match: []
            """
        let rule = try StringTreeDecoder.decode(Rule.self, from: text)
        #expect(rule == (try YAMLDecoder().decode(Rule.self, from: text)))
        #expect(rule.title == "a \"quoted\" title with a \\ and a tab\t")
        #expect(rule.kind == nil && rule.literals == nil && rule.correlate == nil)
        #expect(rule.examples.match[0].captures == ["port": "5432", "flag": "true"])
    }

    /// What Yams's tree refused, the event writer refuses too, each with its reason.
    @Test func duplicateKeysAliasesAndSecondDocumentsAreRefused() {
        let cases: [(String, String)] = [
            ("id: a\ntitle: x\nid: b\n", "the key \"id\" appears twice"),
            ("id: a\npatterns:\n  - &p 'x'\n  - *p\n", "alias"),
            ("id: a\n---\nid: b\n", "more than one YAML document"),
            ("id: a\ntitle: [unclosed\n", "line 3"),
        ]
        for (yaml, reason) in cases {
            #expect { try StringTreeDecoder.decode(Rule.self, from: yaml) } throws: { String(describing: $0).contains(reason) }
        }
    }
}
