import Foundation
import Testing
@testable import LogMedic

/// A problem, its verdict and its playbook refer to exactly the relation the log named (issue 12 item 5,
/// with the probe's inputs): no case folding of a printed name, the logged schema, pg_temp not actionable.
@Suite struct RelationIdentityTests {
    static func diagnose(_ line: String) throws -> Diagnosis.Problem {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try ("psycopg2.errors.UndefinedTable: " + line + "\n").write(to: log, atomically: true, encoding: .utf8)
            let diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(extra: [ReportFixture.table("user_invitations", [ReportFixture.id])]),
                                                   paths: [log.path])
            return try #require(diagnosis.problems.first)
        }
    }

    @Test(arguments: [
        (#"relation "user_invitations" does not exist"#, Correlation.Status.resolved),
        (#"relation "public.user_invitations" does not exist"#, .resolved),
        (#"relation "evilschema.user_invitations" does not exist"#, .confirmed),
        (#"relation "USER_INVITATIONS" does not exist"#, .confirmed),
        (#"relation "User_Invitations" does not exist"#, .confirmed),
        (#"relation "pg_temp.user_invitations" does not exist"#, .inconclusive),
    ])
    func theVerdictIsAboutTheLoggedName(line: String, status: Correlation.Status) throws {
        let problem = try Self.diagnose(line)
        #expect(problem.correlation.status == status, "\(problem.correlation.summary)")
    }

    /// Against the day's schema (no invitation tables): only the name the incident's playbook creates,
    /// as the log names it, gets that playbook.
    @Test(arguments: [
        (#"relation "user_invitations" does not exist"#, ["create_missing_tables"]),
        (#"relation "evilschema.user_invitations" does not exist"#, []),
        (#"relation "USER_INVITATIONS" does not exist"#, []),
        (#"relation "User_Invitations" does not exist"#, []),
        (#"relation "pg_temp.user_invitations" does not exist"#, []),
    ])
    func onlyTheExactRelationGetsThePlaybook(line: String, playbooks: [String]) throws {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("app.log")
            try ("psycopg2.errors.UndefinedTable: " + line + "\n").write(to: log, atomically: true, encoding: .utf8)
            let diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(), paths: [log.path])
            let problem = try #require(diagnosis.problems.first)
            #expect(problem.recommendation.playbooks == playbooks, "\(problem.correlation.summary)")
            let plan = FixPlanner.plan(diagnosis, selector: PlaybookSelector(library: ReportFixture.playbooks))
            #expect(plan.sql.map(\.playbook.id) == playbooks)
        }
    }
}
