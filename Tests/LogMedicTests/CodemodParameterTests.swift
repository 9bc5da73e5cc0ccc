import Foundation
import Testing
@testable import LogMedic

/// Parameter values come from log text: they must never change a pattern's structure.
@Suite struct CodemodParameterTests {
    static let hostile = ["timestamp|.*", #"x\E.*"#, "a b", "", "timestamp\n", String(repeating: "a", count: 201), "1abc", "naïve"]

    @Test(arguments: hostile) func identifierParametersRefuseNonIdentifiers(value: String) throws {
        var parameters = CodemodFixture.renameParameters
        parameters["attribute"] = value
        #expect(throws: CodemodError.self) {
            try CodemodFixture.rename.plan(sourceRoot: CodemodFixture.source, parameters: parameters)
        }
    }

    @Test(arguments: [#"x\E.*"#, ".*", "SELECT 1|SELECT 2", #"SELECT 1") or ("x"#, "(?s).*", "SELECT [0-9]"])
    func sqlParametersMatchOnlyThemselves(value: String) throws {
        try withTemporaryDirectory { root in
            let source = "from sqlalchemy import desc\ndb.execute(\"SELECT 1\")\ndb.execute('\(value)')\n"
            try CodemodFixture.write(["q.py": source], under: root)
            let plan = try CodemodFixture.wrapText.plan(sourceRoot: root, parameters: ["sql": value])
            let expected = "from sqlalchemy import desc, text\ndb.execute(\"SELECT 1\")\ndb.execute(text('\(value)'))\n"
            #expect(plan.changes.map(\.after) == [expected])
            #expect(plan.replacementCount == 2)
        }
    }

    @Test(arguments: ["SELECT 1\nSELECT 2", "SELECT\t1\u{0}", String(repeating: "x", count: 201)])
    func sqlParametersRefuseControlsAndLength(value: String) throws {
        #expect(throws: CodemodError.self) {
            try CodemodFixture.wrapText.plan(sourceRoot: CodemodFixture.source, parameters: ["sql": value])
        }
    }

    @Test func regexEscapingMakesEveryASCIICharacterLiteral() throws {
        let punctuation = (0x20...0x7E).map { String(UnicodeScalar(UInt8($0))) }.joined() + #"\E\Q"#
        let regex = try Regex("^" + CodemodTemplate.regexEscaped(punctuation) + "$", options: Regex.defaultOptions | 0x80)  // PCRE2_EXTENDED
        let scratch = MatchScratch()
        for subject in [punctuation, punctuation + "x", "x"] {
            let bytes = Array(subject.utf8)
            let matched = try bytes.withUnsafeBytes { try scratch.match(regex, in: $0) } != nil
            #expect(matched == (subject == punctuation))
        }
    }

    @Test func dollarInAValueStaysLiteralInTheReplacement() throws {
        try withTemporaryDirectory { root in
            try CodemodFixture.write(["q.py": "from sqlalchemy import desc\ndb.execute('SELECT $1, ${x}')\n"], under: root)
            let plan = try CodemodFixture.wrapText.plan(sourceRoot: root, parameters: ["sql": "SELECT $1, ${x}"])
            #expect(plan.changes.first?.after == "from sqlalchemy import desc, text\ndb.execute(text('SELECT $1, ${x}'))\n")
        }
    }

    @Test func missingParameterIsNamed() throws {
        #expect(throws: CodemodError.missingParameter(name: "suggestion")) {
            try CodemodFixture.rename.plan(sourceRoot: CodemodFixture.source, parameters: ["model": "AuditLog", "attribute": "timestamp"])
        }
    }

    @Test func unknownPlaceholderIsRefusedAtLoad() {
        let yaml = "files: ['**/*.py']\nparameters: [model]\nedits:\n  - pattern: '{{model}}\\.{{atribute}}'\n    replacement: x\n"
        #expect(throws: CodemodError.unknownPlaceholder(name: "atribute", edit: 1)) { try Codemod(yaml: yaml) }
    }

    @Test(arguments: [
        "files: []\nedits: [{pattern: a, replacement: b}]",
        "files: ['*.py']\nedits: []",
        "files: ['../*.py']\nedits: [{pattern: a, replacement: b}]",
        "files: ['*.py']\nedits: [{pattern: a, replacement: b, only_if_file_changed: true}]",
        "files: ['*.py']\nparameters: [a, a]\nedits: [{pattern: a, replacement: b}]",
        "files: ['*.py']\nedits: [{pattern: '(', replacement: b}]",
        "files: ['*.py']\nparameters: [{name: a, kind: regex}]\nedits: [{pattern: a, replacement: b}]",
    ])
    func invalidDefinitionsAreRefused(yaml: String) {
        #expect(throws: CodemodError.self) { try Codemod(yaml: "parameters: []\n" + yaml) }
    }

    @Test func parametersDecodeBareOrWithKind() throws {
        let codemod = try Codemod(yaml: "files: ['*.py']\nparameters: [a, {name: s, kind: sql}]\nedits: [{pattern: '{{a}}', replacement: '{{s}}'}]")
        #expect(codemod.parameters == [CodemodParameter(name: "a"), CodemodParameter(name: "s", kind: .sql)])
    }

    @Test func errorMessagesAreOneLine() {
        let errors: [CodemodError] = [
            .missingParameter(name: "x"), .invalidParameter(name: "x", reason: "r"), .fileChangedSincePlan(path: "p"),
            .renameFailed(path: "p", reason: "r", alreadyWritten: ["q"]), .unknownPlaceholder(name: "x", edit: 1),
        ]
        for error in errors { #expect(!error.description.contains("\n") && error.description.contains(" — ")) }
    }
}
