import Foundation
import Testing

/// `logmedic report --db` on logs of real apps on Peewee (Flask), Tortoise ORM and Piccolo (FastAPI under uvicorn),
/// pg8000 and psycopg_pool (a worker), all failing the same ways against one schema
/// (fixtures/stacks/python-orms/capture.sh), and Aerich's failed upgrades on it (capture-aerich.sh), checked against a
/// fresh database holding that schema.
@Suite("python ORMs' logs, reported against their live schema", .enabled(if: TestDatabase.isAvailable))
struct PythonORMStackTests {
    static let fixture = CLI.packageRoot.appendingPathComponent("fixtures/stacks/python-orms")
    static let logs = ["peewee-flask.log", "tortoise-uvicorn.log", "piccolo-uvicorn.log", "worker.log", "aerich.log"]

    /// Each problem as `rule captures ×count STATUS`, captures as `name=value` in the report's order.
    static func problems() throws -> [String] {
        try TestDatabase.with { connection, dsn in
            try connection.execute(try String(contentsOf: fixture.appendingPathComponent("schema.sql"), encoding: .utf8))
            let paths = logs.map { fixture.appendingPathComponent($0).path }
            let run = try CLI.run(["report"] + paths + ["--db", dsn, "--format", "json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
            let problems = try #require(json["problems"] as? [[String: Any]])
            return problems.map { problem in
                let group = problem["group"] as? [String: Any] ?? [:]
                let captures = (group["captures"] as? [[String: String]] ?? []).map { "\($0["name"] ?? "")=\($0["value"] ?? "")" }
                let status = (problem["correlation"] as? [String: Any])?["status"] as? String ?? ""
                return "\(group["rule_id"] ?? "") \(captures.joined(separator: " ")) ×\(group["count"] ?? "") \(status.uppercased())"
            }.sorted()
        }
    }

    /// One problem per failure class, each failure counted once per log that shows it (four apps: ×4), and every
    /// schema problem confirmed by the database. Aerich's `column "phone" of relation "customers" already exists` is a
    /// duplicate column only (was: also a duplicate table customers). None of these ORMs logs its SQL, and two
    /// columns are varchar(20): the app's code line in each traceback (`Order.create(…, note="…")`) tells which
    /// (was: inconclusive).
    @Test func everyFailureIsFoundOnceAndCheckedAgainstTheSchema() throws {
        let problems = try Self.problems()
        #expect(problems == [
            "check_violation relation=orders constraint=orders_total_check ×4 CONFIRMED",
            "db_connection_refused host=127.0.0.1 port=1 ×5 NOT_APPLICABLE",
            "db_pool_exhausted  ×4 NOT_APPLICABLE",
            "duplicate_column column=phone relation=customers ×1 NOT_APPLICABLE",
            "foreign_key_violation operation=insert or update table=orders constraint=orders_customer_id_fkey key=customer_id ×4 CONFIRMED",
            "invalid_input_syntax type=integer value=Ann ×1 NOT_APPLICABLE",
            "invalid_input_syntax type=order_status value=refunded ×4 CONFIRMED",
            "not_null_violation column=name table=customers ×4 CONFIRMED",
            "peewee_does_not_exist model=Order ×1 NOT_APPLICABLE",
            "statement_timeout reason=statement ×4 NOT_APPLICABLE",
            "string_data_right_truncation type=character varying(20) ×4 CONFIRMED",
            "tortoise_does_not_exist model=Order ×1 NOT_APPLICABLE",
            "undefined_column column=loyalty_tier ×2 CONFIRMED",
            "undefined_column table=customers column=loyalty_tier ×1 CONFIRMED",
            "undefined_column table=t1 column=loyalty_tier ×1 CONFIRMED",
            "undefined_table relation=invoice_lines ×1 CONFIRMED",
            "undefined_table relation=invoices ×2 CONFIRMED",
            "undefined_table relation=shipments ×1 CONFIRMED",
            "unique_violation constraint=customers_email_key key=email ×4 NOT_APPLICABLE",
        ], "\(problems)")
    }
}
