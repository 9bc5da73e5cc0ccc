extension Drafter {
    /// A write failed on a NOT NULL column that the reference's table no longer has: the code stopped writing
    /// it, and the migration that drops it (named when a folder's file did) never ran here. Drafted as
    /// `DROP NOT NULL`, which unblocks the writes and keeps the column and its data; dropping it is left to
    /// that migration, since a dropped column cannot be reverted.
    func droppedColumn(_ liveColumn: Column, of live: Relation, _ table: ReferenceCatalog.Table, rule: String) throws -> Draft.Outcome {
        let path = "\(live.schema).\(live.name).\(liveColumn.name)"
        guard !liveColumn.isNullable else {
            return .notDrafted(reason: "\(path) is nullable already and the reference has no such column: nothing to relax")
        }
        let qualified = try reference.quoted(live.schema, live.name)
        let quotedColumn = try reference.quoted(liveColumn.name)
        let dropping = reference.history.droppingFile(ofColumn: liveColumn.name, tableOID: table.oid)
        let ran = try dropping.flatMap { try historyRecord(of: $0, undone: "the column came back") }
        let why = dropping.map { "Migration \($0) drops it\(ran.map { ", and \($0.said)" } ?? " and never ran here")" } ?? "The reference's \(table.schema).\(table.name) has no such column"
        let column = try literal(liveColumn.name), relation = try literal(qualified)
        var drafted = DraftedPlaybook(
            id: Self.identifier(["alter", live.name, liveColumn.name]), title: "Make \(path) nullable: the code no longer writes it",
            description: """
                Drafted by logmedic from the reference schema: \(why), so the code leaves \(path) out and every \
                write fails while it is NOT NULL without a default. DROP NOT NULL changes only the catalog (no \
                table rewrite), under a brief ACCESS EXCLUSIVE lock on \(qualified), and keeps the column and its \
                data; drop the column with \(dropping == nil || ran?.applied == true ? "a migration" : "that migration") once nothing reads \
                it (a dropped column cannot be reverted, so it is not drafted). Unvetted: review every file, then approve.
                """,
            rule: rule, relations: nil, columns: [path], absent: [], present: [qualified],
            absentColumns: [], presentColumns: [try reference.quoted(live.schema, live.name, liveColumn.name)],
            statements: ["ALTER TABLE \(qualified) ALTER COLUMN \(quotedColumn) DROP NOT NULL"], hazards: [],
            verify: """
                -- One row if the column is still NOT NULL; no rows means verified.
                SELECT 'still NOT NULL' AS problem, \(try literal(path)) AS "column" FROM pg_attribute
                WHERE attrelid = to_regclass(\(relation)) AND attname = \(column) AND NOT attisdropped AND attnotnull

                """,
            revert: "-- Puts NOT NULL back, as before deploy.sql.\n" + (try setNotNullAgain(quotedColumn, of: qualified, path: path)) + "\n")
        drafted.applied = """
            -- Whether deploy.sql already ran: the column is nullable.
            SELECT coalesce((SELECT NOT attnotnull FROM pg_attribute
                             WHERE attrelid = to_regclass(\(relation)) AND attname = \(column) AND NOT attisdropped), false)

            """
        return try finish(drafted)
    }
}
