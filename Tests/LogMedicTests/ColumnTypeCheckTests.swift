import Foundation
import Testing
@testable import LogMedic

/// The server names a column's type without its modifier (`numeric`, not `numeric(8,2)`): the check compares
/// types so, or a numeric(8,2) column that still rejects the value would read as changed since.
@Suite struct ColumnTypeCheckTests {
    static func diagnose(liveType: String) throws -> Correlation {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("postgresql.log")
            try """
                2026-12-05 02:53:24.383 UTC [29418] app@shop ERROR:  invalid input syntax for type numeric: "12,50"
                2026-12-05 02:53:24.383 UTC [29418] app@shop CONTEXT:  unnamed portal parameter $2 = '...'
                2026-12-05 02:53:24.383 UTC [29418] app@shop STATEMENT:  UPDATE "loans" SET "borrower" = $1, "deposit" = $2 WHERE "id" = $3

                """.write(to: log, atomically: true, encoding: .utf8)
            let loans = Relation(schema: "public", name: "loans", kind: .table,
                                 columns: [ReportFixture.id, Column(name: "borrower", type: "text", isNullable: false),
                                           Column(name: "deposit", type: liveType, isNullable: false)], primaryKey: ["id"])
            let diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(extra: [loans]), paths: [log.path])
            return try #require(diagnosis.problems.first { $0.group.ruleID == "invalid_input_syntax" }).correlation
        }
    }

    @Test func theTypeIsComparedWithoutItsModifier() throws {
        let confirmed = try Self.diagnose(liveType: "numeric(8,2)")
        #expect(confirmed.status == .confirmed && confirmed.facts["column"] == "deposit", "\(confirmed.summary)")
        #expect(try Self.diagnose(liveType: "text").status == .resolved)
    }
}

/// psycopg2 quotes values into the SQL, so the server logs no bind parameter: the column is the one the logged
/// statement compares the unreadable literal with (Peewee's `WHERE ("t1"."bed" = 'B-12')`, fixtures/trial-greenhouse;
/// was: "The log does not tell which column the value was for").
@Suite struct LiteralColumnTypeTests {
    static func correlation(liveType: String) throws -> Correlation {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("postgresql.log")
            try """
                2026-12-05 09:37:03 UTC [7231]: [1-1] user=greenhouse,db=greenhouse,app=greenhouse-worker,client=127.0.0.1 ERROR:  invalid input syntax for type integer: "B-12" at character 75
                2026-12-05 09:37:03 UTC [7231]: [2-1] user=greenhouse,db=greenhouse,app=greenhouse-worker,client=127.0.0.1 STATEMENT:  SELECT "t1"."id", "t1"."label" FROM "sensors" AS "t1" WHERE ("t1"."label" = 'B-12x' OR "t1"."bed" = 'B-12')

                """.write(to: log, atomically: true, encoding: .utf8)
            let sensors = Relation(schema: "public", name: "sensors", kind: .table,
                                   columns: [ReportFixture.id, Column(name: "label", type: "text", isNullable: false),
                                             Column(name: "bed", type: liveType, isNullable: true)], primaryKey: ["id"])
            let diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(extra: [sensors]), paths: [log.path])
            return try #require(diagnosis.problems.first { $0.group.ruleID == "invalid_input_syntax" }).correlation
        }
    }

    @Test func theColumnComparedWithTheLiteralIsChecked() throws {
        let confirmed = try Self.correlation(liveType: "integer")
        #expect(confirmed.status == .confirmed, "\(confirmed.summary)")
        #expect(confirmed.facts["table"] == "public.sensors" && confirmed.facts["column"] == "bed", "\(confirmed.facts)")
        #expect(try Self.correlation(liveType: "character varying(8)").status == .resolved)
    }
}

/// A Prisma venue API whose migration changing `rating` to DECIMAL(3,1) never ran: the advice points at the
/// migration while the column is behind, and once its type changed the root cause says so (was: "Validate the
/// integer input …; for an enum, add the missing label", then "Enum the enum has the label 4.5 now").
/// PostgreSQL 15's own lines.
@Suite struct ColumnTypeAdviceTests {
    static func problem(liveType: String) throws -> Diagnosis.Problem {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("postgresql.log")
            try """
                2026-12-05 05:08:41 UTC [3111]: [12-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 ERROR:  invalid input syntax for type integer: "4.5"
                2026-12-05 05:08:41 UTC [3111]: [13-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 CONTEXT:  unnamed portal parameter $1 = '...'
                2026-12-05 05:08:41 UTC [3111]: [14-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 STATEMENT:  UPDATE "public"."Venue" SET "rating" = $1 WHERE ("public"."Venue"."id" = $2 AND 1=1) RETURNING "public"."Venue"."id"

                """.write(to: log, atomically: true, encoding: .utf8)
            let venue = Relation(schema: "public", name: "Venue", kind: .table,
                                 columns: [ReportFixture.id, Column(name: "name", type: "text", isNullable: false),
                                           Column(name: "rating", type: liveType, isNullable: true)], primaryKey: ["id"])
            let diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(extra: [venue]), paths: [log.path])
            return try #require(diagnosis.problems.first { $0.group.ruleID == "invalid_input_syntax" })
        }
    }

    @Test func theAdviceFollowsWhetherTheColumnIsBehindOrRetyped() throws {
        let behind = try Self.problem(liveType: "integer")
        #expect(behind.correlation.status == .confirmed, "\(behind.correlation.summary)")
        #expect(behind.recommendation.fix == ["If a migration changes the type of public.Venue.rating and has not run here, `logmedic fix --draft --reference-sql <migrations>` drafts the change from it; else validate the integer input before the query."],
                "\(behind.recommendation.fix)")
        let retyped = try Self.problem(liveType: "numeric(3,1)")
        #expect(retyped.correlation.status == .resolved, "\(retyped.correlation.summary)")
        #expect(retyped.recommendation.rootCause == "public.Venue.rating is numeric(3,1) now: the writes that failed ran before its type was changed.", "\(retyped.recommendation.rootCause)")
    }
}
