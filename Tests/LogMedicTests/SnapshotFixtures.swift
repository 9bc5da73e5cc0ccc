@testable import LogMedic

/// Hand-built snapshots for tests that need no database.
enum SnapshotFixtures {
    static let users = Relation(
        schema: "public", name: "users", kind: .table,
        columns: [
            Column(name: "id", type: "bigint", isNullable: false, defaultExpression: "nextval('users_id_seq'::regclass)"),
            Column(name: "email", type: "text", isNullable: false),
            Column(name: "created_at", type: "timestamp with time zone", defaultExpression: "now()"),
        ],
        primaryKey: ["id"],
        uniqueConstraints: [.init(name: "users_email_key", columns: ["email"])],
        indexes: [
            .init(name: "users_pkey", columns: ["id"], isUnique: true, isPrimary: true,
                  definition: "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)"),
            .init(name: "users_email_key", columns: ["email"], isUnique: true,
                  definition: "CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)"),
        ])

    static let orders = Relation(
        schema: "sales", name: "orders", kind: .table,
        columns: [Column(name: "id", type: "integer", isNullable: false), Column(name: "user_id", type: "bigint")],
        primaryKey: ["id"],
        foreignKeys: [.init(name: "orders_user_id_fkey", columns: ["user_id"], referencedSchema: "public",
                            referencedTable: "users", referencedColumns: ["id"], onDelete: .setNull)])

    static let auditUsers = Relation(schema: "audit", name: "users", kind: .view,
                                     columns: [Column(name: "id", type: "bigint")])

    static let camelCase = Relation(schema: "public", name: "UserSessions", kind: .materializedView,
                                    columns: [Column(name: "Token", type: "text")])

    static var snapshot: SchemaSnapshot {
        SchemaSnapshot(database: "railway", serverVersion: "15.18", searchPath: ["public", "sales"],
                       takenAt: "2025-12-19T10:00:00Z", relations: [orders, users, auditUsers, camelCase])
    }
}
