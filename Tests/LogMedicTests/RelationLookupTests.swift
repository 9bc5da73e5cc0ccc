import Testing
@testable import LogMedic

/// Name resolution along the search path, as PostgreSQL does it.
@Suite("Relation lookup")
struct RelationLookupTests {
    let snapshot = SnapshotFixtures.snapshot

    @Test func searchPathDecidesBetweenSchemas() {
        #expect(snapshot.relation(named: "users")?.schema == "public")
        var auditFirst = snapshot
        auditFirst.searchPath = ["audit", "public"]
        #expect(auditFirst.relation(named: "users")?.schema == "audit")
    }

    @Test func explicitSchemaWins() {
        #expect(snapshot.relation(named: "users", schema: "audit")?.kind == .view)
        #expect(snapshot.relation(named: "users", schema: "sales") == nil)
        #expect(snapshot.relation(named: "audit.users")?.kind == .view)
    }

    @Test func fallsBackToAnySchemaThenToCaseInsensitive() {
        var narrow = snapshot
        narrow.searchPath = ["public"]
        #expect(narrow.relation(named: "orders")?.schema == "sales")
        #expect(snapshot.relation(named: "usersessions")?.name == "UserSessions")
        #expect(snapshot.relation(named: "USERS")?.qualifiedName == "public.users")
        #expect(snapshot.relation(named: "missing") == nil)
    }

    @Test func columnLookup() {
        let users = SnapshotFixtures.users
        #expect(users.column(named: "email")?.type == "text")
        #expect(SnapshotFixtures.camelCase.column(named: "token")?.name == "Token")
        #expect(users.column(named: "timestamp") == nil)
    }
}
