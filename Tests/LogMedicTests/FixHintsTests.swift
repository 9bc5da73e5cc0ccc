import Foundation
import Testing
@testable import LogMedic

/// What `fix` prints when it cannot go on says how to go on, in a command that works as printed.
@Suite struct FixHintsTests {
    /// A schema drift the database confirms and no playbook fixes: `--draft` can write one from the schema the code
    /// expects. A problem no schema change fixes (raw SQL in the code) is sent to the report.
    @Test func aConfirmedDriftWithoutPlaybookPointsAtDraft() throws {
        let problems = ReportFixture.checked.problems
        let table = try #require(problems.first { $0.group.ruleID == "undefined_table" })
        let textual = try #require(problems.first { $0.group.ruleID == "sqlalchemy_textual_sql" })
        var plan = FixPlan()
        plan.withoutPlaybook = [table, textual]
        let header = FixRenderer.renderPlanHeader(plan, database: "railway", mode: .dryRun)
        #expect(header.contains("\(table.id) \(table.headline): no playbook applies — `--draft --reference-sql DIR` drafts one from your migrations (or --reference-db DSN)\n"))
        #expect(header.contains("\(textual.id) \(textual.headline): no playbook applies — see `logmedic report`\n"))
    }

    /// A CHECK or NOT NULL the database enforces is drafted only if a migration changes it; else the code is at fault,
    /// and `fix` says so (was: it sent the user to `--draft`, which had said it drafts nothing for these, again and again).
    @Test func aConstraintTheCodeBreaksIsNotOnlySentToDraft() throws {
        var problem = try #require(ReportFixture.checked.problems.first { $0.group.ruleID == "undefined_table" })
        problem.correlation.check = "constraint_definition"
        var plan = FixPlan()
        plan.withoutPlaybook = [problem]
        let header = FixRenderer.renderPlanHeader(plan, database: "railway", mode: .dryRun)
        #expect(header.contains("no playbook applies — if your migrations change it, `--draft --reference-sql DIR` drafts that (or --reference-db DSN); if not, the code writes what the schema forbids: see `logmedic report`\n"), "\(header)")
    }

    /// The report's worst problems that no database change fixes (a pool exhausted, a refused connection) are named,
    /// so that they are not taken for forgotten; the lesser ones are counted (was: neither; found by a Node probe).
    @Test func problemsNoPlaybookRunsForAreNamedWhenHighAndCountedBelow() throws {
        let problems = ReportFixture.checked.problems
        let high = try #require(problems.first { $0.correlation.status == .notApplicable && $0.group.severity >= .high })
        let lesser = problems.filter { $0.correlation.status != .resolved && $0.group.severity < .high }
        try #require(!lesser.isEmpty)
        var plan = FixPlan()
        plan.notActionable = [high] + lesser
        let header = FixRenderer.renderPlanHeader(plan, database: "railway", mode: .dryRun)
        #expect(header.contains("  \(high.id) \(high.headline): nothing for fix to run, no change to the database fixes it — see `logmedic report`\n"), "\(header)")
        #expect(header.contains("  \(ReportText.plural(lesser.count, "problem", "problems")) below high that no playbook applies to — see `logmedic report`\n"), "\(header)")
        for problem in lesser { #expect(!header.contains(problem.headline)) }
        // One the database confirms whose fix is no playbook's (a model attribute that is another column) says so.
        var confirmed = high
        confirmed.correlation.status = .confirmed
        plan.notActionable = [confirmed]
        #expect(FixRenderer.renderPlanHeader(plan, database: "railway", mode: .dryRun)
            .contains("\(high.id) \(high.headline): nothing for fix to run, the database confirms it, but no playbook makes the change that fixes it"))
    }

    /// A drafted playbook lives in the drafts' directory: approving it needs that directory, as the refusal says
    /// (was: `logmedic remediations approve ID`, which then found no such playbook in the built-in library).
    @Test func aRefusedPlaybookOutsideTheLibraryIsApprovedWithItsDirectory() {
        let drafted = RemediationError.notVetted(id: "create_standby_requests", status: .unlisted, playbooks: "/srv/my drafts")
        #expect(drafted.description.hasSuffix("then `logmedic remediations approve create_standby_requests --playbooks '/srv/my drafts'`"))
        let builtin = RemediationError.notVetted(id: "create_missing_tables", status: .unlisted, playbooks: nil)
        #expect(builtin.description.hasSuffix("then `logmedic remediations approve create_missing_tables`"))
    }
}
