import Testing
@testable import LogMedic

/// What `SchemaDiff` finds between two snapshots and how it prints it.
@Suite("Schema diff")
struct SchemaDiffTests {
    /// Said as what the diff compares: a playbook that creates a function, an enum label or an extension changes
    /// the schema all the same (was: "no schema changes" under `CREATE FUNCTION`).
    @Test func identicalSnapshotsHaveNoChanges() {
        let diff = SchemaDiff(from: SnapshotFixtures.snapshot, to: SnapshotFixtures.snapshot)
        #expect(diff.isEmpty)
        #expect(diff.description == "schema changes: none to tables, columns, indexes or constraints (the diff compares only these; functions, types, sequences, extensions and grants are for verify to check)")
    }

    @Test func reportsRelationsColumnsIndexesAndForeignKeys() throws {
        let before = SnapshotFixtures.snapshot
        var after = before
        after.relations.removeAll { $0.qualifiedName == "audit.users" }
        after.relations.append(Relation(schema: "public", name: "payments", kind: .table,
                                        columns: [Column(name: "id", type: "integer")]))
        let users = try #require(after.relations.firstIndex { $0.qualifiedName == "public.users" })
        after.relations[users].columns.removeAll { $0.name == "created_at" }
        after.relations[users].columns[1].type = "character varying(255)"
        after.relations[users].columns.append(Column(name: "last_login", type: "timestamp with time zone"))
        after.relations[users].indexes.append(.init(
            name: "users_last_login_idx", columns: ["last_login"],
            definition: "CREATE INDEX users_last_login_idx ON public.users USING btree (last_login)"))
        let orders = try #require(after.relations.firstIndex { $0.qualifiedName == "sales.orders" })
        after.relations[orders].foreignKeys[0].onDelete = .cascade

        let diff = SchemaDiff(from: before, to: after)
        #expect(diff.addedRelations.map(\.qualifiedName) == ["public.payments"])
        #expect(diff.removedRelations.map(\.qualifiedName) == ["audit.users"])
        let userChange = try #require(diff.changedRelations.first { $0.name == "users" })
        #expect(userChange.addedColumns.map(\.name) == ["last_login"])
        #expect(userChange.removedColumns.map(\.name) == ["created_at"])
        #expect(userChange.changedColumns.map(\.after.type) == ["character varying(255)"])
        #expect(userChange.addedIndexes.map(\.name) == ["users_last_login_idx"])
        let orderChange = try #require(diff.changedRelations.first { $0.name == "orders" })
        #expect(orderChange.removedForeignKeys.map(\.onDelete) == [.setNull])
        #expect(orderChange.addedForeignKeys.map(\.onDelete) == [.cascade])

        let text = diff.description
        #expect(text.contains("+ table public.payments (1 column)"))
        #expect(text.contains("- view audit.users"))
        #expect(text.contains("~ table public.users"))
        #expect(text.contains("    ~ column email: text NOT NULL → character varying(255) NOT NULL"))
        #expect(text.contains("    - column created_at timestamp with time zone NULL DEFAULT now()"))
        #expect(text.contains("    + foreign key orders_user_id_fkey: (user_id) → public.users (id) ON DELETE CASCADE"))
    }

    @Test func aCheckConstraintReplacedIsShownRemovedAndAdded() throws {
        let before = SnapshotFixtures.snapshot
        var after = before
        let orders = try #require(after.relations.firstIndex { $0.qualifiedName == "sales.orders" })
        after.relations[orders].checkConstraints = [.init(name: "orders_status_valid", definition: "CHECK ((status <> 'void'::text))")]
        var widened = after
        widened.relations[orders].checkConstraints[0].definition = "CHECK (true)"

        #expect(SchemaDiff(from: before, to: after).description == """
            schema changes: 0 added, 0 removed, 1 changed
            ~ table sales.orders
                + check orders_status_valid: CHECK ((status <> 'void'::text))
            """)
        let change = try #require(SchemaDiff(from: after, to: widened).changedRelations.first)
        #expect(change.removedChecks.map(\.definition) == ["CHECK ((status <> 'void'::text))"])
        #expect(change.addedChecks.map(\.definition) == ["CHECK (true)"])
    }
}
