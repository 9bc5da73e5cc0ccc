import Foundation
import Testing
@testable import LogMedic

/// `advice/migration-tools.yaml`: which tool a migration folder and a database's history table show, and the
/// command that marks a migration applied, filled only with plain names from the file's path.
@Suite struct MigrationToolsTests {
    static let tools = try! MigrationTools.builtin.get()

    static func tool(_ name: String) throws -> MigrationTool { try #require(tools.tools.first { $0.name == name }) }

    @Test func theCommandIsFilledFromTheFilesPath() throws {
        #expect(try Self.tool("golang-migrate").instruction(for: ["000002_shipments.up.sql"], dir: "db/migrations")
                == #"migrate -path db/migrations -database "$DATABASE_URL" force 000002"#)
        #expect(try Self.tool("Django").instruction(for: ["nursery/0002_sensor.sql"], dir: "sql")
                == "python manage.py migrate nursery 0002_sensor --fake")
        #expect(try Self.tool("Diesel").instruction(for: ["2026-11-02-090000_shipments/up.sql"], dir: nil)
                == #"psql "$DATABASE_URL" -c "INSERT INTO __diesel_schema_migrations (version) VALUES ('20261102090000')""#)
    }

    /// A reworked sqitch change: its plain name is ambiguous to sqitch ("Please specify a tag-qualified change"),
    /// so the latest is named `@HEAD`; the tagged copy keeps its tag.
    @Test func aReworkedSqitchChangeIsNamedAtHead() throws {
        let all = ["deploy/shipments@v1.sql", "deploy/add_weight.sql", "deploy/shipments.sql"]
        #expect(try Self.tool("sqitch").instruction(for: ["deploy/shipments.sql"], dir: nil, among: all) == "sqitch deploy --log-only --to-change shipments@HEAD")
        #expect(try Self.tool("sqitch").instruction(for: ["deploy/add_weight.sql"], dir: nil, among: all) == "sqitch deploy --log-only --to-change add_weight")
        #expect(try Self.tool("sqitch").instruction(for: ["deploy/shipments@v1.sql"], dir: nil, among: all) == "sqitch deploy --log-only --to-change shipments@v1")
    }

    /// A file name that is not a plain name is never pasted into a shell command or an INSERT.
    @Test func aNameWithQuotesOrSpacesGivesNoCommand() throws {
        #expect(try Self.tool("dbmate").instruction(for: ["2026'; DROP TABLE x; --_a.sql"], dir: nil) == nil)
        #expect(try Self.tool("yoyo").instruction(for: ["0002.sensors.sql"], dir: "my migrations") == nil)
        #expect(try Self.tool("yoyo").instruction(for: ["0002.sensors.sql"], dir: "migrations")
                == #"yoyo mark --batch --database "$DATABASE_URL" --revision 0002.sensors migrations"#)
    }

    /// The folder alone: goose and dbmate files are told apart by what they hold; a plain numbered file is no tool's.
    @Test func theLayoutAloneShowsTheTool() {
        #expect(Self.tools.tool(of: [("20261102090000_a.sql", "-- +goose Up\nCREATE TABLE a ();")], recording: [])?.name == "goose")
        #expect(Self.tools.tool(of: [("20261102090000_a.sql", "-- migrate:up\nCREATE TABLE a ();")], recording: [])?.name == "dbmate")
        #expect(Self.tools.tool(of: [("V2__a.sql", "")], recording: [])?.name == "Flyway")
        #expect(Self.tools.tool(of: [("002_a.sql", "CREATE TABLE a ();")], recording: []) == nil)
        // The history table wins over the layout: sqlx names its files as golang-migrate does.
        #expect(Self.tools.tool(of: [("000002_a.up.sql", "")], recording: ["sqlx"])?.name == "sqlx")
        #expect(Self.tools.tool(of: [("000002_a.up.sql", "")], recording: ["sqlx", "golang-migrate"])?.name == "golang-migrate")
    }

    /// A tool whose migrations are code: the text names its own command or table, with no file value pasted in.
    @Test func aToolOfCodeMigrationsGetsItsOwnWords() throws {
        #expect(try Self.tool("Knex").instruction(for: ["0002_sensors.sql"], dir: nil)?.contains("INSERT INTO knex_migrations (name, batch, migration_time) VALUES ('<migration file name>'") == true)
        #expect(try Self.tool("Piccolo").instruction(for: ["0002_sensors.sql"], dir: nil)?.hasPrefix("Piccolo marks it applied without running it: piccolo migrations forwards <app> <migration id> --fake") == true)
        #expect(try Self.tool("Sequelize").instruction(for: ["0002_sensors.sql"], dir: nil)?.contains(#"INSERT INTO \"SequelizeMeta\" (name)"#) == true)
    }
}
