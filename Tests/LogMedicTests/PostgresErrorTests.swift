import Testing
@testable import LogMedic

/// SQLSTATE matching and the wording of connection and server errors.
@Suite("PostgreSQL errors")
struct PostgresErrorTests {
    @Test func sqlStateClassPatternMatches() {
        func category(_ state: SQLState) -> String {
            switch state {
            case .undefinedTable: "missing table"
            case SQLState.Class("42"): "syntax or access"
            case SQLState.integrityConstraintViolation: "integrity"
            default: "other"
            }
        }
        #expect(category(SQLState("42P01")) == "missing table")
        #expect(category(SQLState("42703")) == "syntax or access")
        #expect(category(.uniqueViolation) == "integrity")
        #expect(category(SQLState("08006")) == "other")
        #expect(SQLState("23505").class == SQLState.Class("23"))
    }

    @Test func connectionFailureIsOneLineWithTargetAndAdvice() {
        let error = PostgresError.connectionFailed(
            target: ConnectionTarget(host: "127.0.0.1", port: "5432", database: "railway", user: "postgres"),
            reason: "Connection refused")
        #expect(error.description == #"cannot connect to PostgreSQL at 127.0.0.1:5432 database "railway" as user "postgres": "#
            + "Connection refused — check --db or DATABASE_URL (and PG* variables, ~/.pgpass)")
        #expect(!error.description.contains("\n"))
    }

    @Test func serverErrorKeepsDetailOutOfTheDescription() {
        let error = PostgresError.server(ServerError(
            sqlState: .uniqueViolation, message: "duplicate key value violates unique constraint \"users_email_key\"",
            detail: "Key (email)=(alice@example.com) already exists.", table: "users", constraint: "users_email_key"))
        #expect(error.sqlState == .uniqueViolation)
        #expect(error.description.contains("23505"))
        #expect(!error.description.contains("alice@example.com"))
        #expect(error.debugDescription.contains("alice@example.com"))
    }

    @Test func multiLineServerTextBecomesOneLine() {
        let error = ServerError(sqlState: .syntaxError, message: "syntax error", hint: "line one\nline two")
        #expect(error.description == "PostgreSQL ERROR 42601: syntax error (hint: line one line two)")
    }
}
