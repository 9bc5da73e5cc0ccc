import Testing
@testable import LogMedic

/// The remediation steps' decisions, without a server.
@Suite struct RemediationMachineTests {
    typealias Step = RemediationMachine.Step

    /// Steps taken when every step succeeds and the preconditions say `applied`.
    static func walk(_ mode: SQLRunReport.Mode, applied: Bool = false, failingAt failing: Step? = nil) -> ([Step], RemediationMachine.Ending?) {
        var machine = RemediationMachine(mode: mode)
        var steps: [Step] = []
        while machine.step != .finished, steps.count < 50 {
            steps.append(machine.step)
            let event: RemediationMachine.Event = machine.step == failing ? .failed
                : machine.step == .preconditions ? .state(applied: applied) : .done
            machine.advance(event)
        }
        return (steps, machine.ending)
    }

    @Test func applyChecksTheConnectionBeforeWaitingForTheLockAndCommitsAfterTheJournal() {
        let (steps, ending) = Self.walk(.apply)
        #expect(steps == [.requireVetted, .begin, .checkConnection, .lock, .timeouts, .preconditions, .deploy, .verify, .diff, .journal, .commit])
        #expect(ending == .completed)
    }

    @Test(arguments: [SQLRunReport.Mode.dryRun, .revertDryRun, .rehearsal])
    func modesThatDoNotCommitNeverLockJournalOrCommit(mode: SQLRunReport.Mode) {
        let (steps, ending) = Self.walk(mode, applied: mode.reverts)
        #expect(!steps.contains(.lock) && !steps.contains(.journal) && !steps.contains(.commit), "\(steps)")
        #expect(steps.last == .rollback)
        #expect(ending == .completed)
    }

    @Test func onlyARehearsalSkipsVetting() {
        #expect(Self.walk(.rehearsal).0.first == .begin)
        for mode in [SQLRunReport.Mode.dryRun, .apply, .revert, .revertDryRun] { #expect(Self.walk(mode).0.first == .requireVetted) }
    }

    @Test func anAppliedPlaybookIsSkippedAndAnUnappliedOneIsNotReverted() {
        let (skipped, skipEnding) = Self.walk(.apply, applied: true)
        #expect(skipped.suffix(2) == [.preconditions, .rollback])
        #expect(skipEnding == .alreadyApplied)
        let (refused, refuseEnding) = Self.walk(.revert, applied: false)
        #expect(refused.suffix(2) == [.preconditions, .rollback])
        #expect(refuseEnding == .notApplied)
    }

    @Test(arguments: [Step.lock, .timeouts, .preconditions, .deploy, .verify, .diff, .journal, .commit])
    func aFailureInsideTheTransactionRollsBack(step: Step) {
        let (steps, ending) = Self.walk(.apply, failingAt: step)
        #expect(steps.last == .rollback, "\(steps)")
        #expect(ending == .failed)
        #expect(!steps.drop(while: { $0 != step }).contains(.commit) || step == .commit)
    }

    @Test(arguments: [Step.requireVetted, .begin])
    func aFailureBeforeTheTransactionEndsWithoutRollback(step: Step) {
        let (steps, ending) = Self.walk(.apply, failingAt: step)
        #expect(steps.last == step && ending == .failed)
    }
}

@Suite struct SQLTemplateTests {
    static func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    @Test func valuesAreBoundIdentifiersQuotedIntegersChecked() throws {
        let sql = "-- comment {{not_a_placeholder}} is refused? no: comments are verbatim only when free of {{\nSELECT 1"
        #expect(throws: SQLTemplate.Problem.insideLiteral(name: "not_a_placeholder")) { try SQLTemplate.names(in: sql) }
        let statements = try SQLTemplate.statements(
            "SELECT {{a}}, {{a}}, {{b}} FROM {{t:ident}};\n-- only a comment\n;ALTER SEQUENCE s RESTART WITH {{n:integer}};",
            parameters: ["a": "x'; DROP TABLE y; --", "b": "2", "t": #"we"ird"#, "n": "41"], quote: Self.quote)
        #expect(statements == [
            SQLTemplate.Statement(sql: #"SELECT $1, $1, $2 FROM "we""ird""#, values: ["x'; DROP TABLE y; --", "2"]),
            SQLTemplate.Statement(sql: "ALTER SEQUENCE s RESTART WITH 41", values: []),
        ])
    }

    @Test(arguments: [
        ("SELECT '{{a}}'", SQLTemplate.Problem.insideLiteral(name: "a")),
        (#"SELECT "{{a}}""#, .insideLiteral(name: "a")),
        ("DO $$ BEGIN PERFORM {{a}}; END $$", .insideLiteral(name: "a")),
        ("/* {{a}} */ SELECT 1", .insideLiteral(name: "a")),
        ("SELECT {{missing}}", .undeclared(name: "missing")),
        ("SELECT $1, {{a}}", .numberedParameter("$1")),
        ("SELECT {{a:integer}}", .notAnInteger(name: "a")),
    ])
    func refused(sql: String, problem: SQLTemplate.Problem) {
        #expect(throws: problem) { try SQLTemplate.statements(sql, parameters: ["a": "1; DROP TABLE x"], quote: Self.quote) }
    }

    @Test func aFileWithoutPlaceholdersIsOneScriptAsWritten() throws {
        let sql = "CREATE TABLE t (id int);\nCOMMENT ON TABLE t IS 'a; b';\n"
        #expect(try SQLTemplate.statements(sql, parameters: [:], quote: Self.quote) == [SQLTemplate.Statement(sql: sql, values: [])])
    }
}
