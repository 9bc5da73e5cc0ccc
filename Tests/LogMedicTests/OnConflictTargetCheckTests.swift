import Foundation
import Testing
@testable import LogMedic

/// `there is no unique or exclusion constraint matching the ON CONFLICT specification` names nothing: the
/// check reads the table and the conflict columns from the logged INSERT and looks for a unique index on them.
@Suite struct OnConflictTargetCheckTests {
    static let statement = #"INSERT INTO "shop_stock" ("product_id", "warehouse", "qty") VALUES (1, 'a', 2) ON CONFLICT ("warehouse", "product_id") DO UPDATE SET "qty" = EXCLUDED."qty""#

    static func stock(unique: Bool) -> Relation {
        let columns = ["product_id", "warehouse", "qty"].map { Column(name: $0, type: "integer", isNullable: false) }
        let index = Relation.Index(name: "shop_stock_product_id_warehouse_uniq", columns: ["product_id", "warehouse"], isUnique: true,
                                   definition: "CREATE UNIQUE INDEX shop_stock_product_id_warehouse_uniq ON public.shop_stock USING btree (product_id, warehouse)")
        let partial = Relation.Index(name: "shop_stock_open_uniq", columns: ["product_id", "warehouse"], isUnique: true,
                                     definition: "CREATE UNIQUE INDEX shop_stock_open_uniq ON public.shop_stock USING btree (product_id, warehouse) WHERE (qty > 0)")
        return Relation(schema: "public", name: "shop_stock", kind: .table, columns: [ReportFixture.id] + columns,
                        primaryKey: ["id"], indexes: unique ? [index, partial] : [partial])
    }

    static func diagnose(_ lines: String, unique: Bool) throws -> Diagnosis.Problem {
        try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("postgresql.log")
            try lines.write(to: log, atomically: true, encoding: .utf8)
            let diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(extra: [stock(unique: unique)]), paths: [log.path])
            return try #require(diagnosis.problems.first { $0.group.ruleID == "on_conflict_no_constraint" })
        }
    }

    static let serverLog = """
        2026-12-04 19:30:02.118 UTC [2211] ERROR:  there is no unique or exclusion constraint matching the ON CONFLICT specification
        2026-12-04 19:30:02.118 UTC [2211] STATEMENT:  \(statement)

        """

    @Test func noUniqueIndexOnTheConflictColumnsIsConfirmedWithTheColumnsAndTheCaveats() throws {
        let problem = try Self.diagnose(Self.serverLog, unique: false)
        #expect(problem.correlation.check == "on_conflict_target")
        #expect(problem.correlation.status == .confirmed, "\(problem.correlation.summary)")
        #expect(problem.correlation.facts["table"] == "public.shop_stock")
        #expect(problem.correlation.facts["columns"] == "warehouse, product_id")
        // A partial unique index is no arbiter for a target without its WHERE.
        #expect(problem.correlation.summary.contains("no primary key, unique constraint or non-partial unique index on exactly (warehouse, product_id)"))
        let fix = problem.recommendation.fix.joined(separator: "\n")
        #expect(fix.contains("GROUP BY warehouse, product_id HAVING count(*) > 1"), "\(fix)")
        #expect(fix.contains("CONCURRENTLY"), "\(fix)")
    }

    @Test func aUniqueIndexOnTheColumnsInAnyOrderReadsResolved() throws {
        let problem = try Self.diagnose(Self.serverLog, unique: true)
        #expect(problem.correlation.status == .resolved, "\(problem.correlation.summary)")
        #expect(problem.correlation.facts["index"] == "shop_stock_product_id_warehouse_uniq")
    }

    @Test func withoutTheStatementNothingIsGuessed() throws {
        let problem = try Self.diagnose("2026-12-04 19:30:02,118 ERROR psycopg.errors.InvalidColumnReference: there is no unique or exclusion constraint matching the ON CONFLICT specification\n", unique: false)
        #expect(problem.correlation.status == .inconclusive)
        #expect(problem.recommendation.fix.contains { $0.contains("change the conflict target") })
    }

    @Test(arguments: [
        (#"INSERT INTO app.Stock AS s (a) VALUES (1) ON CONFLICT (A, "B""x") DO NOTHING"#, "app.stock", ["a", "B\"x"]),
        ("insert into t (a) values (1) on conflict (lower(a)) do nothing", nil, []),
        ("INSERT INTO t (a) VALUES (1) ON CONFLICT (a) WHERE a > 0 DO NOTHING", nil, []),
        ("INSERT INTO t (a) VALUES (1) ON CONFLICT ON CONSTRAINT t_a_key DO NOTHING", nil, []),
    ] as [(String, String?, [String])])
    func theTargetIsReadOnlyWhenItIsPlainColumns(statement: String, table: String?, columns: [String]) {
        let found = OnConflictTargetCheck.upsert(in: [statement])
        #expect(found?.table == table)
        #expect(found?.columns ?? [] == columns)
    }
}

/// Prisma's mixed-case model tables: the query the advice gives for duplicate rows names the table quoted,
/// as the server needs it (was: `FROM public.Customer`, which the server folds to public.customer and fails on).
@Suite struct OnConflictMixedCaseTableTests {
    /// PostgreSQL 15's own lines for Prisma's native upsert (`prisma.customer.upsert`), run with an Azure-style prefix.
    static let serverLog = """
        2026-12-05 05:08:41 UTC [3111]: [5-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 ERROR:  there is no unique or exclusion constraint matching the ON CONFLICT specification
        2026-12-05 05:08:41 UTC [3111]: [6-1] user=postgres,db=venuebook,app=venuebook-api,client=127.0.0.1 STATEMENT:  INSERT INTO "public"."Customer" ("email","name") VALUES ($1,$2) ON CONFLICT ("email") DO UPDATE SET "name" = $3 WHERE ("public"."Customer"."email" = $4 AND 1=1) RETURNING "public"."Customer"."id", "public"."Customer"."email", "public"."Customer"."name"

        """

    @Test func theDuplicateRowsQueryQuotesTheTable() throws {
        let customer = Relation(schema: "public", name: "Customer", kind: .table,
                                columns: [ReportFixture.id] + ["email", "name"].map { Column(name: $0, type: "text", isNullable: false) },
                                primaryKey: ["id"])
        let problem = try withTemporaryDirectory { dir in
            let log = dir.appendingPathComponent("postgresql.log")
            try Self.serverLog.write(to: log, atomically: true, encoding: .utf8)
            let diagnosis = ReportFixture.diagnose(ReportFixture.snapshot(extra: [customer]), paths: [log.path])
            return try #require(diagnosis.problems.first { $0.group.ruleID == "on_conflict_no_constraint" })
        }
        #expect(problem.correlation.status == .confirmed, "\(problem.correlation.summary)")
        let fix = problem.recommendation.fix.joined(separator: "\n")
        #expect(fix.contains(#"`SELECT email, count(*) FROM public."Customer" GROUP BY email HAVING count(*) > 1`"#), "\(fix)")
    }
}
