import Testing
@testable import LogMedic

@Suite("reference SQL as users have it")
struct ReferenceScriptTests {
    static func texts(_ sql: String) -> [String] { ReferenceScript(sql).statements.map(\.text) }

    @Test func psqlMetaCommandsAndTransactionControlAreDropped() {
        let sql = """
            \\restrict abc123
            BEGIN;
            SELECT pg_catalog.set_config('search_path', '', false);
            CREATE TABLE public.t (a int);
            COMMIT;
            \\unrestrict abc123
            """
        #expect(Self.texts(sql) == ["SELECT pg_catalog.set_config('search_path', '', false)", "CREATE TABLE public.t (a int)"])
    }

    @Test func semicolonsInsideLiteralsCommentsAndBodiesDoNotSplit() {
        let sql = """
            -- a comment; with a semicolon
            CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
            COMMENT ON TABLE t IS 'a; b ''quoted''';
            /* block; comment */ CREATE TABLE "odd;name" (x int);
            """
        #expect(Self.texts(sql) == [
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$",
            "COMMENT ON TABLE t IS 'a; b ''quoted'''",
            "CREATE TABLE \"odd;name\" (x int)",
        ])
    }

    @Test func statementsKnowTheirLine() {
        let statements = ReferenceScript("CREATE TABLE a (x int);\n\n-- note\nCREATE TABLE b (y int);").statements
        #expect(statements.map(\.line) == [1, 4])
    }

    @Test func roleAndPrivilegeStatementsAreRecognised() {
        for text in ["ALTER TABLE public.t OWNER TO app", "GRANT SELECT ON public.t TO reader", "REVOKE ALL ON SCHEMA public FROM PUBLIC",
                     "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO reader", "COMMENT ON EXTENSION citext IS 'x'"] {
            #expect(ReferenceScript.isAboutRoles(text), "\(text)")
        }
        #expect(!ReferenceScript.isAboutRoles("CREATE TABLE owner_to (a int)"))
    }
}
