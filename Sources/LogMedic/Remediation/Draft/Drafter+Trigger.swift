import Foundation

extension Drafter {
    /// The reference's triggers that a drafted table or column brings: `CREATE TRIGGER` as the reference prints
    /// it, after its function's `CREATE FUNCTION` when the target lacks the function. A function that belongs to
    /// an extension is never copied: its trigger is left out and named in `notes`.
    /// A trigger function is often shared (one `set_updated_at()` for every table), so two drafts of one run may
    /// both bring it: each creates it only where it is absent when deploy.sql runs, and each revert drops it
    /// only when nothing uses it any more (the server says so), so the drafts apply and revert in any order.
    struct TriggerParts {
        var statements: [String] = []
        /// `DROP TRIGGER … ON …`, for a revert that does not drop the table.
        var triggerDrops: [String] = []
        /// The drops of the functions it creates, after the triggers are gone: each kept while anything still
        /// uses it (another draft's trigger).
        var functionDrops: [String] = []
        var names: [String] = []
        var notes: [String] = []

        mutating func append(_ other: TriggerParts) {
            statements += other.statements
            triggerDrops += other.triggerDrops
            functionDrops += other.functionDrops.filter { !functionDrops.contains($0) }
            names += other.names
            notes += other.notes
        }
    }

    /// `columns`: only the triggers about those column numbers (`UPDATE OF`, or named in the function), and only
    /// those the live table lacks; nil: every trigger (a table the draft creates).
    func triggerParts(of table: ReferenceCatalog.Table, columns: Set<Int>? = nil) throws -> TriggerParts {
        var parts = TriggerParts()
        let qualified = try reference.quoted(table.schema, table.name)
        var created: Set<String> = []
        for trigger in try reference.triggers(of: table) {
            if let columns {
                guard !columns.isDisjoint(with: trigger.columnNumbers),
                      try !target.triggerExists(table.schema, table.name, trigger.name) else { continue }
            }
            if try !target.functionExists(trigger.function), !created.contains(trigger.function) {
                if let ext = trigger.functionExtension {
                    parts.notes.append("trigger \(trigger.name) on \(qualified) not drafted: its function \(trigger.function) belongs to extension \(ext), which the target lacks — install the extension, then create the trigger by hand (\(trigger.definition))")
                    continue
                }
                parts.statements.append(try createFunctionIfAbsent(trigger.function, definition: trigger.functionDefinition))
                parts.functionDrops.append(try dropFunctionUnlessUsed(trigger.function))
                created.insert(trigger.function)
            }
            parts.statements.append(trigger.definition)
            parts.triggerDrops.append(try reference.strings("SELECT format('DROP TRIGGER %I ON ', $1::text)", [trigger.name])[0] + qualified)
            parts.names.append(trigger.name)
        }
        return parts
    }
}
