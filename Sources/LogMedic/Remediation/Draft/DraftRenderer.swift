/// Terminal text for `fix --draft`: per problem, the drafted playbook with each statement's hazards and the
/// rehearsal's result, or why nothing was drafted and what to do instead.
public enum DraftRenderer {
    public static func render(_ entries: [DraftPipeline.Entry], outputDirectory: String, style: TerminalStyle) -> String {
        guard !entries.isEmpty else {
            return "No confirmed problem a schema change can fix (drafts cover missing tables, views, columns, sequences, enum and domain types, functions and procedures, ON CONFLICT arbiters, enum labels, and NOT NULL, CHECK and varchar changes a migration makes, when the database confirms the problem)."
        }
        var lines: [String] = []
        for entry in entries {
            lines.append(style.bold("\(entry.draft.problemID) \(entry.draft.problem)"))
            switch entry.draft.outcome {
            case .playbook(let playbook):
                lines.append("  drafted \(playbook.id) — \(playbook.title)  →  \(entry.folder?.path ?? outputDirectory)")
                if let note = playbook.note { lines.append("  \(note)") }
                lines += statements(playbook)
                lines.append("  rehearsal (BEGIN … ROLLBACK on the target): " + rehearsal(entry.rehearsal))
                if entry.isReady {
                    lines.append("  review the files, then: logmedic remediations approve \(playbook.id) --playbooks \(outputDirectory)")
                } else {
                    lines.append("  do not approve it as it is: it did not rehearse cleanly on the target; correct deploy.sql by hand (then review and approve), or fix the reference and draft again")
                }
            case let .rename(table, from, to, evidence):
                lines.append("  not drafted: \(table).\(from) was renamed to \(to), not left out (\(evidence)).")
                lines.append("  the database is ahead of the code: the live database renamed it, and the reference's migrations do not rename \(to) to \(from).")
                lines.append("  fix the code instead: use \(to) where it uses \(from) (the model's column name, or raw SQL); no DDL is needed.")
                lines.append("  (if the code is right and the database is behind, draft from the migration folder that renames it: --reference-sql DIR)")
            case let .refused(playbook, reason, alternative):
                lines.append("  refused \(playbook.id) — \(reason)")
                lines += statements(playbook)
                lines.append("  instead, \(alternative)")
            case .notDrafted(let reason):
                lines.append("  not drafted: \(reason)")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    static func statements(_ playbook: DraftedPlaybook) -> [String] {
        var lines: [String] = []
        for (index, statement) in playbook.statements.enumerated() {
            let head = statement.split(separator: "\n").first.map(String.init) ?? statement
            lines.append("    \(index + 1). \(head)\(statement.contains("\n") ? " …" : "")")
            for hazard in index < playbook.hazards.count ? playbook.hazards[index] : [] {
                lines.append("       hazard \(hazard)")
            }
        }
        return lines
    }

    static func rehearsal(_ result: Rehearsal.Result?) -> String {
        switch result {
        case .passed(let diff)?:
            let tables = diff.addedRelations.map { "\($0.schema).\($0.name) (\(ReportText.plural($0.columns.count, "column")), \(ReportText.plural($0.indexes.count, "index", "indexes")), \(ReportText.plural($0.foreignKeys.count, "foreign key")))" }
            let changed = diff.changedRelations.map { change -> String in
                let counts: [(Int, String, String)] = [
                    (change.addedColumns.count, "+", "column(s)"), (change.removedColumns.count, "-", "column(s)"),
                    (change.changedColumns.count, "~", "column(s)"),
                    (change.addedIndexes.count, "+", "index(es)"), (change.removedIndexes.count, "-", "index(es)"),
                    (change.addedChecks.count, "+", "check(s)"), (change.removedChecks.count, "-", "check(s)"),
                ]
                let shown = counts.filter { $0.0 > 0 }.map { "\($0.1)\($0.0) \($0.2)" }
                return "\(change.qualifiedName) " + (shown.isEmpty ? "(constraints or details)" : shown.joined(separator: " "))
            }
            let removed = diff.removedRelations.map { "\($0.schema).\($0.name)" }
            var parts: [String] = []
            if !tables.isEmpty { parts.append("would create \(tables.joined(separator: ", "))") }
            if !changed.isEmpty { parts.append("would change \(changed.joined(separator: ", "))") }
            if !removed.isEmpty { parts.append("no longer there under its old name: \(removed.joined(separator: ", "))") }
            return "deploy ran, verify.sql found no difference, rolled back" + (parts.isEmpty ? "" : "; " + parts.joined(separator: "; "))
        case .verifyFailed(let differences)?:
            return "verify.sql found \(differences.count) difference(s), rolled back: \(differences.prefix(3).joined(separator: "; "))"
        case .failed(let error)?:
            return "failed, rolled back: \(error)"
        case nil:
            return "not run"
        }
    }
}
