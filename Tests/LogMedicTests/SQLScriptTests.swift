import Testing
@testable import LogMedic

@Suite struct SQLScriptTests {
    @Test(arguments: [
        ("CREATE INDEX CONCURRENTLY i ON t (x);", true),
        ("vacuum analyze t;", true),
        ("CREATE TABLE t (id int);\nCOMMIT;", true),
        ("create database x", true),
        ("CREATE TABLE t (note text DEFAULT 'COMMIT; VACUUM');", false),
        ("-- VACUUM later\nCREATE TABLE t (id int);", false),
        ("DO $$ BEGIN RAISE NOTICE 'x'; END $$;", false),
        ("DO $body$ BEGIN PERFORM 1; COMMIT; END $body$;", false),
        ("/* CREATE INDEX CONCURRENTLY */ SELECT 1;", false),
    ])
    func refusesWhatCannotRunInATransaction(sql: String, refused: Bool) {
        #expect((SQLScript.nonTransactionalStatement(in: sql) != nil) == refused)
    }
}
