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

/// Commands that only match read the rules without their examples (`RuleCatalog.load(examples: false)`):
/// the `examples:` block that ends a rule file is left unread, and everything else must come out as the
/// whole file reads.
@Suite struct UnreadExamplesTests {
    static let noExamples = Rule.Examples(match: [], noMatch: [])

    @Test func everyBuiltInRuleReadsWithoutItsExamplesAsItReadsWhole() throws {
        let directory = try BuiltinCatalog.directory()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory).filter({ $0.hasSuffix(".yaml") }) {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            var whole = try StringTreeDecoder.decode(Rule.self, from: text)
            whole.examples = Self.noExamples
            let tree = try #require(StringTreeDecoder.tree(of: text, replacingLast: "examples", with: RuleCatalog.unreadExamples), "\(file)")
            #expect(try StringTreeDecoder.decode(Rule.self, from: tree) == whole, "\(file)")
        }
    }

    @Test func aCatalogWithoutExamplesIsTheCatalogWithNone() throws {
        let whole = try RuleCatalog.load().rules.map { rule in
            var rule = rule
            rule.examples = Self.noExamples
            return rule
        }
        #expect(try RuleCatalog.load(examples: false).rules == whole)
    }

    /// Where the block is not plainly the file's last, the file is read whole: its examples and its errors.
    @Test func aFileNotPlainlyEndingInItsExamplesIsReadWhole() throws {
        let rule = """
            id: odd
            title: t
            severity: low
            category: c
            patterns: ['x']
            explain: e

            """
        let examples = "examples:\n  match:\n    - text: x\n  no_match: [y]\n"
        let cases = [
            rule + examples + "literals: ['xxxx']\n",       // a key after the block
            rule + examples + examples,                     // the key twice
            rule.replacingOccurrences(of: "explain: e", with: "explain: \"e") + examples + "  quote ends\"\n",  // inside a quoted scalar
            "- a list\n" + examples,                        // not a mapping
        ]
        for yaml in cases {
            #expect(StringTreeDecoder.tree(of: yaml, replacingLast: "examples", with: RuleCatalog.unreadExamples) == nil, "\(yaml)")
        }
        try withTemporaryDirectory { dir in
            try (rule + examples + "literals: ['xxxx']\n").write(to: dir.appendingPathComponent("odd.yaml"), atomically: true, encoding: .utf8)
            #expect(try RuleCatalog.load(directory: dir.path, examples: false).rules.first?.examples.match.map(\.text) == ["x"])
            try (rule + examples + examples).write(to: dir.appendingPathComponent("odd.yaml"), atomically: true, encoding: .utf8)
            #expect { try RuleCatalog.load(directory: dir.path, examples: false) } throws: {
                String(describing: $0).contains("the key \"examples\" appears twice")
            }
        }
    }

    /// A key repeated in a large mapping (found through a set, not by comparing) is refused as in a small one.
    @Test func aKeyRepeatedInALargeMappingIsRefused() {
        let yaml = "captures:\n" + (0..<20).map { "  k\($0): v\n" }.joined() + "  k3: again\n"
        #expect { try StringTreeDecoder.tree(of: yaml) } throws: { String(describing: $0).contains("the key \"k3\" appears twice") }
    }

    /// Playbook definitions and the application stacks are read as the rules are; Yams reads them the same.
    @Test func playbooksAndStacksReadAsYamsReadsThem() throws {
        let root = repositoryRoot.path
        let files = ["remediations", "fixtures"].flatMap { folder in
            FileManager.default.enumerator(atPath: root + "/" + folder)!.compactMap { $0 as? String }
                .filter { $0.hasSuffix("playbook.yaml") }.map { folder + "/" + $0 }
        }
        #expect(files.contains { $0.hasPrefix("remediations/") } && files.contains { $0.hasPrefix("fixtures/") }, "\(files)")
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            #expect(try StringTreeDecoder.decode(Playbook.Definition.self, from: text) == YAMLDecoder().decode(Playbook.Definition.self, from: text), "\(file)")
        }
        let stacks = try String(contentsOfFile: root + "/advice/stacks.yaml", encoding: .utf8)
        #expect(try ApplicationStacks(yaml: stacks).stacks == YAMLDecoder().decode([String: [ApplicationStack]].self, from: stacks)["stacks"])
    }
}
