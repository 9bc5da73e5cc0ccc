import Foundation
import Testing
@testable import LogMedic

/// The server the integration tests use (DATABASE_URL, set by scripts/with-postgres), and fresh databases on it.
enum TestDatabase {
    static var url: String? { ProcessInfo.processInfo.environment["DATABASE_URL"] }
    static var isAvailable: Bool { url?.isEmpty == false }

    /// Creates `logmedic_t_<random>`, runs `body` with a connection to it and its DSN, and always drops it.
    static func with<R>(_ body: (_ connection: PostgresConnection, _ dsn: String) throws -> R) throws -> R {
        let admin = try PostgresConnection(dsn: url)
        let name = "logmedic_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try admin.execute("CREATE DATABASE \(name)")
        // FORCE ends any session a failed test left behind, so the drop cannot be blocked.
        defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        var options = try #require(PostgresConnection.conninfoOptions(url ?? ""))
        options["dbname"] = name
        let dsn = DSN.keywordValue(options)
        return try body(try PostgresConnection(dsn: dsn), dsn)
    }
}

/// Runs `body` with a connection to a fresh database that is dropped afterwards.
func withTestDatabase<R>(_ body: (PostgresConnection) throws -> R) throws -> R {
    try TestDatabase.with { connection, _ in try body(connection) }
}

/// The schema most tests inspect: what a small web app has, plus the awkward cases.
enum SampleSchema {
    static let sql = """
        CREATE SCHEMA sales;
        CREATE TABLE users (
            id bigserial PRIMARY KEY,
            email text NOT NULL UNIQUE,
            settings jsonb NOT NULL DEFAULT '{}'::jsonb,
            created_at timestamptz DEFAULT now()
        );
        CREATE TABLE sales.orders (
            id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            user_id bigint REFERENCES users (id) ON DELETE SET NULL,
            total numeric(10, 2) CONSTRAINT orders_total_positive CHECK (total > 0),
            "Mixed Case" text
        );
        CREATE INDEX orders_lower_idx ON sales.orders (lower("Mixed Case"), total) INCLUDE (id);
        CREATE VIEW active_users AS SELECT id, email FROM users;
        CREATE MATERIALIZED VIEW order_totals AS SELECT user_id, sum(total) AS total FROM sales.orders GROUP BY user_id;
        CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
        CREATE TABLE pairs (x int, y int, UNIQUE (x, y));
        CREATE TABLE pair_refs (x int, y int, FOREIGN KEY (y, x) REFERENCES pairs (y, x) ON UPDATE CASCADE);
        CREATE TABLE nothing ();
        """
}
