import Foundation
import Testing
@testable import LogMedic

/// The checks that ask a live database about constraints, connections, roles, databases and standby
/// state, against a real server.
@Suite(.enabled(if: TestDatabase.isAvailable, "needs DATABASE_URL (run through scripts/test)"))
struct DatabaseStateCheckTests {
    static func group(_ rule: String, _ captures: [String: String]) -> FindingGroup {
        FindingGroup(fingerprint: rule, ruleID: rule, title: rule, severity: .high, category: "database",
                     captures: captures.sorted { $0.key < $1.key }.map { Capture(name: $0.key, value: $0.value) })
    }

    static func correlate(_ check: String, _ captures: [String: String], on connection: PostgresConnection?) -> Correlation {
        let context = CheckContext(snapshot: nil, database: connection.map { LiveDatabase(connection: $0) })
        return CheckRegistry.check(named: check)!.correlate(group(check, captures), in: context)
    }

    @Test func constraintCheckNamesTheTableColumnsAndDefinition() throws {
        try withTestDatabase { connection in
            try connection.execute("""
                CREATE TABLE accounts (id int PRIMARY KEY, email text CONSTRAINT accounts_email_key UNIQUE, age int CHECK (age >= 0));
                CREATE TABLE tags (name text); CREATE UNIQUE INDEX tags_name_idx ON tags (lower(name), name);
                """)
            let unique = Self.correlate("constraint_definition", ["constraint": "accounts_email_key"], on: connection)
            #expect(unique.status == .confirmed)
            #expect(unique.facts["table"] == "public.accounts")
            #expect(unique.facts["columns"] == "email")
            #expect(unique.facts["definition"] == "UNIQUE (email)")
            let check = Self.correlate("constraint_definition", ["constraint": "accounts_age_check", "relation": "accounts"], on: connection)
            #expect(check.facts["definition"] == "CHECK ((age >= 0))")
            let index = Self.correlate("constraint_definition", ["index": "tags_name_idx"], on: connection)
            #expect(index.status == .confirmed)
            #expect(index.facts["definition"]?.hasPrefix("CREATE UNIQUE INDEX tags_name_idx ON public.tags") == true)
            #expect(Self.correlate("constraint_definition", ["constraint": "gone_key"], on: connection).status == .inconclusive)
            #expect(Self.correlate("constraint_definition", ["key": "email"], on: connection).status == .inconclusive)
        }
        #expect(Self.correlate("constraint_definition", ["constraint": "accounts_email_key"], on: nil).status == .notChecked)
    }

    /// `nextval('x_seq')` on a missing sequence logs `relation "x_seq" does not exist`: once the sequence
    /// exists (a fix created it), the snapshot has it and the problem reads RESOLVED, not still missing.
    @Test func aMissingSequenceReadsResolvedOnceItExists() throws {
        try withTestDatabase { connection in
            let check = CheckRegistry.check(named: "missing_relation")!
            let group = Self.group("undefined_table", ["relation": "order_number_seq"])
            let before = try SchemaInspector(connection: connection).snapshot()
            #expect(check.correlate(group, in: CheckContext(snapshot: before, database: nil)).status == .confirmed)
            try connection.execute("CREATE SEQUENCE order_number_seq START WITH 1000")
            let after = try SchemaInspector(connection: connection).snapshot()
            #expect(after.sequences.contains(SchemaSnapshot.Sequence(schema: "public", name: "order_number_seq")))
            let resolved = check.correlate(group, in: CheckContext(snapshot: after, database: nil))
            #expect(resolved.status == .resolved)
            #expect(resolved.summary.contains("public.order_number_seq exists now (sequence)"))
            let elsewhere = Self.group("undefined_table", ["relation": "order_number_seq", "schema": "other"])
            #expect(check.correlate(elsewhere, in: CheckContext(snapshot: after, database: nil)).status == .confirmed)
            #expect(try SchemaSnapshot(jsonData: try after.jsonData()) == after)
        }
    }

    @Test func connectionCapacityComparesSessionsWithTheLimit() throws {
        try withTestDatabase { connection in
            let server = Self.correlate("connection_capacity", [:], on: connection)
            #expect(server.status == .inconclusive, "below the limit now does not mean what filled it is fixed")
            let max = try #require(Int(server.facts["max_connections"] ?? ""))
            let sessions = try #require(Int(server.facts["sessions"] ?? ""))
            #expect(sessions >= 1 && sessions < max)
            #expect(server.facts["idle_in_transaction"] != nil)
            let role = "logmedic_limit_\(UUID().uuidString.prefix(8).lowercased())"
            try connection.execute("CREATE ROLE \(role) LOGIN CONNECTION LIMIT 0")
            defer { _ = try? connection.execute("DROP ROLE \(role)") }
            let limited = Self.correlate("connection_capacity", ["role": role], on: connection)
            #expect(limited.status == .confirmed)
            #expect(limited.facts["limit"] == "0")
        }
        #expect(Self.correlate("connection_capacity", [:], on: nil).status == .notChecked)
    }

    @Test func roleAndDatabaseCheckSaysWhatExists() throws {
        try TestDatabase.with { connection, _ in
            let me = try #require(try connection.query("SELECT current_user, current_database()", [])[0, 0])
            let database = try #require(try connection.query("SELECT current_database()", [])[0, 0])
            let existing = Self.correlate("role_and_database", ["role": me, "database": database], on: connection)
            #expect(existing.status == .resolved)
            #expect(existing.facts["role_exists"] == "true")
            let missing = Self.correlate("role_and_database", ["role": "no_such_role_x", "database": database], on: connection)
            #expect(missing.status == .confirmed)
            #expect(missing.summary.contains("role no_such_role_x"))
            let missingDatabase = Self.correlate("role_and_database", ["database": "no_such_db_x"], on: connection)
            #expect(missingDatabase.status == .confirmed)
            #expect(missingDatabase.facts["database_exists"] == "false")
        }
    }

    @Test func readOnlyCheckTellsAPrimaryFromAReadOnlyServer() throws {
        try TestDatabase.with { connection, dsn in
            #expect(Self.correlate("read_only_server", ["command": "INSERT"], on: connection).status == .inconclusive)
            let database = try #require(try connection.query("SELECT current_database()", [])[0, 0])
            try connection.execute("ALTER DATABASE \(database) SET default_transaction_read_only = on")
            let readOnly = try PostgresConnection(dsn: dsn)
            let correlation = Self.correlate("read_only_server", ["command": "INSERT"], on: readOnly)
            #expect(correlation.status == .confirmed)
            #expect(correlation.facts["default_read_only"] == "on")
        }
    }
}
