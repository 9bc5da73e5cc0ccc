import Foundation
import Testing
@testable import LogMedic

/// The advice names the migration command of the stack the log shows (`advice/stacks.yaml`), not a
/// list of every tool's; with no stack in sight it keeps the list.
@Suite struct ApplicationStackTests {
    static let stacks = try! ApplicationStacks.builtin.get()
    static let drivers = repositoryRoot.appendingPathComponent("Tests/Corpus/catalog/drivers/plain")
    static let fixtures = repositoryRoot.appendingPathComponent("fixtures/stacks")
    static let everyTool = "e.g. `alembic upgrade head`, `python manage.py migrate`, `prisma migrate deploy`"

    static func missingTableFix(_ paths: [URL]) throws -> String {
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: paths.map(\.path))
        let problem = try #require(diagnosis.problems.first { $0.group.ruleID == "undefined_table" })
        return try #require(problem.recommendation.fix.first)
    }

    /// Output of the real libraries (Tests/Corpus/catalog/capture_drivers.py), and framework wording.
    @Test(arguments: [
        (drivers.appendingPathComponent("django.log"), "`python manage.py migrate`"),
        (drivers.appendingPathComponent("sqlalchemy.log"), "`alembic upgrade head`"),
        (fixtures.appendingPathComponent("nest-typeorm.log"), "`npx typeorm migration:run -d <data source file>`"),
        (fixtures.appendingPathComponent("next-prisma.log"), "`npx prisma migrate deploy`"),
        (fixtures.appendingPathComponent("phoenix-ecto.log"), "`mix ecto.migrate`"),
        // Flask + Peewee (fixtures/stacks/python-orms): was the list of other stacks' tools, or in a report with a
        // Tortoise app, Aerich's `aerich upgrade`.
        (fixtures.appendingPathComponent("python-orms/peewee-flask.log"), "`pw_migrate migrate --database \"$DATABASE_URL\"`"),
    ])
    func aMissingTableIsCreatedWithTheStacksOwnMigrationCommand(log: URL, command: String) throws {
        let fix = try Self.missingTableFix([log])
        #expect(fix.contains(command), "\(fix)")
        #expect(!fix.contains(Self.everyTool), "\(fix)")
    }

    /// One FastAPI app on Tortoise ORM, piccolo and aiopg (Tests/Corpus/unseen): each missing table's fix
    /// names the migration tool of the ORM that queried it, and the bare driver's keeps the list.
    @Test func ormsOfOneAppEachNameTheirOwnMigrationCommand() throws {
        let log = repositoryRoot.appendingPathComponent("Tests/Corpus/unseen/fastapi/uvicorn.log")
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: [log.path])
        let fixes = diagnosis.problems.filter { $0.group.ruleID == "undefined_table" }.compactMap(\.recommendation.fix.first)
        #expect(fixes.count == 3)
        #expect(fixes.contains { $0.contains("invoices") && $0.contains("`aerich upgrade`") }, "\(fixes)")
        #expect(fixes.contains { $0.contains("shipments") && $0.contains("`piccolo migrations forwards all`") }, "\(fixes)")
        #expect(fixes.contains { $0.contains("daily_sales") && $0.contains(Self.everyTool) }, "\(fixes)")
    }

    @Test func aBareDriverShowsNoStackAndGetsEveryToolsCommand() throws {
        let fix = try Self.missingTableFix([Self.drivers.appendingPathComponent("psycopg2.log")])
        #expect(fix.contains(Self.everyTool), "\(fix)")
    }

    /// The server's line says nothing of the app; the app's pending-migration error in the same report does.
    @Test func aServerLogTakesTheStackTheOtherProblemsShow() throws {
        let server = Self.fixtures.appendingPathComponent("postgres-kennel.log")
        #expect(try Self.missingTableFix([server]).contains(Self.everyTool))
        let withApp = try Self.missingTableFix([server, Self.fixtures.appendingPathComponent("rails-pending.log")])
        #expect(withApp.contains("Rails migration") && withApp.contains("`bin/rails db:migrate`"), "\(withApp)")
    }

    @Test func twoStacksInOneReportLendNeitherToAProblemThatShowsNone() throws {
        let logs = ["postgres-kennel.log", "rails-pending.log", "phoenix-ecto.log"].map(Self.fixtures.appendingPathComponent)
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil).diagnose(paths: logs.map(\.path))
        let server = try #require(diagnosis.problems.first { $0.group.capture("relation") == "boarding_slots" })
        #expect(server.recommendation.fix.first?.contains(Self.everyTool) == true, "\(server.recommendation.fix)")
    }

    @Test func rails7sMultiLinePendingMigrationErrorCountsOnce() throws {
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: nil)
            .diagnose(paths: [Self.fixtures.appendingPathComponent("rails-pending.log").path])
        #expect(diagnosis.problems.map(\.group.count) == [1])
    }

    @Test func aDuplicateTableIsMarkedAppliedTheStacksWay() throws {
        let stack = try #require(Self.stacks.stacks.first { $0.name == "Django" })
        var group = FindingGroup(fingerprint: "duplicate_table|orders", ruleID: "duplicate_table", title: "", severity: .high,
                                 category: "database", captures: [Capture(name: "relation", value: "orders")])
        group.count = 1
        let rule = builtinCatalog.rules.first { $0.id == "duplicate_table" }
        let correlation = Correlation(check: nil, status: .notChecked, summary: "")
        let fix = Recommender.recommend(group, correlation, rule: rule, playbooks: [], stack: stack).fix
        #expect(fix == ["Check whether orders matches the migration; if it does, mark the migration applied (`python manage.py migrate --fake <app> <migration>`) instead of re-running it."])
    }

    /// "If a Alembic migration …": a stack's name after an article must read right for every stack.
    @Test func adviceNamingAStackReadsRightForEveryStack() {
        let vowelAfterA = try! NSRegularExpression(pattern: #"\b[Aa] [AEIOUaeiou]"#)
        for rule in builtinCatalog.rules {
            let templates = rule.advice.map { [$0.text] + ($0.resolved.map { [$0] } ?? []) + ($0.when?.values.map { $0 } ?? []) } ?? []
            for template in templates.flatMap(\.templates) where template.contains("{{stack") {
                for stack in Self.stacks.stacks {
                    let text = AdviceTemplate.render(template, values: stack.values).text
                    let whole = NSRange(text.startIndex..., in: text)
                    #expect(vowelAfterA.firstMatch(in: text, range: whole) == nil, "\(rule.id): \(text)")
                }
            }
        }
    }

    @Test func everyStackNamesRulesOfTheCatalogAndHasEvidence() {
        let ids = Set(builtinCatalog.rules.map(\.id))
        #expect(Self.stacks.stacks.count >= 10)
        for stack in Self.stacks.stacks {
            #expect(!stack.evidence.isEmpty && !stack.migrate.isEmpty, "\(stack.name)")
            for rule in stack.rules ?? [] { #expect(ids.contains(rule), "\(stack.name) names unknown rule \(rule)") }
        }
    }
}

/// A report of server log lines alone (a Prisma venue API's database behind its migrations) shows no stack in its
/// lines: the live database's migration history table does (was: the advice listed Django's and Alembic's
/// commands). Two tools' tables tell nothing.
@Suite struct HistoryTableStackTests {
    static func missingTableFix(tables: [String]) throws -> String {
        let relations = tables.map { Relation(schema: "public", name: $0, kind: .table, columns: [Column(name: "id", type: "text", isNullable: false)]) }
        let snapshot = SchemaSnapshot(database: "venuebook", serverVersion: "15.18", searchPath: ["public"], takenAt: "2026-12-05T05:10:00Z", relations: relations)
        let log = ApplicationStackTests.fixtures.appendingPathComponent("postgres-kennel.log")
        let diagnosis = Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: snapshot).diagnose(paths: [log.path])
        let problem = try #require(diagnosis.problems.first { $0.group.ruleID == "undefined_table" })
        return try #require(problem.recommendation.fix.first)
    }

    @Test func theHistoryTableOfTheDatabaseNamesTheStack() throws {
        let fix = try Self.missingTableFix(tables: ["_prisma_migrations"])
        #expect(fix.contains("with the Prisma migration that defines it (`npx prisma migrate deploy` runs the pending ones)"), "\(fix)")
        #expect(try Self.missingTableFix(tables: ["_prisma_migrations", "django_migrations"]).contains(ApplicationStackTests.everyTool))
        #expect(try Self.missingTableFix(tables: []).contains(ApplicationStackTests.everyTool))
    }
}

/// A Flask-SQLAlchemy app's lines show SQLAlchemy, which Alembic migrates most often: without a database, the
/// advice names Alembic's commands. A database that has no `alembic_version` is not migrated by Alembic (the clinic
/// app of Tests/Corpus/clinic creates its tables itself): the advice names no tool's command as the one.
@Suite struct ContradictedStackTests {
    static func missingTableFix(tables: [String]?) throws -> String {
        let snapshot = tables.map { tables in
            SchemaSnapshot(database: "clinic", serverVersion: "15.18", searchPath: ["public"], takenAt: "2026-12-06T16:20:00Z",
                           relations: tables.map { Relation(schema: "public", name: $0, kind: .table, columns: [Column(name: "id", type: "integer")]) })
        }
        let logs = FailedRequestsTests.logs
        let problem = try #require(Diagnoser(pipeline: ScanPipeline(catalog: builtinCatalog), snapshot: snapshot).diagnose(paths: logs)
            .problems.first { $0.group.ruleID == "undefined_table" })
        return try #require(problem.recommendation.fix.first)
    }

    @Test func aDatabaseWithoutTheToolsHistoryTableIsNotMigratedByIt() throws {
        #expect(try Self.missingTableFix(tables: nil).contains("`alembic upgrade head`"))
        #expect(try Self.missingTableFix(tables: ["alembic_version", "visits", "patients"]).contains("`alembic upgrade head`"))
        let withoutAlembic = try Self.missingTableFix(tables: ["visits", "patients", "clinicians"])
        #expect(withoutAlembic.contains(ApplicationStackTests.everyTool), "\(withoutAlembic)")
    }
}
