/// Turns a problem group and its correlation into a recommendation.
enum Recommender {
    static func recommend(_ group: FindingGroup, _ c: Correlation, rule: Rule?) -> Recommendation {
        let playbooks = rule?.remediations ?? []
        let fixWithPlaybook = playbooks.isEmpty ? [] : ["Or let logmedic apply the vetted playbook: `logmedic fix --dry-run` shows it, `--apply` runs it (\(playbooks.joined(separator: ", ")))."]
        switch c.check {
        case .missingRelation:
            let name = [group.capture("schema"), group.capture("relation")].compactMap { $0 }.joined(separator: ".")
            let bare = group.capture("relation") ?? name
            let schema = group.capture("schema") ?? "public"
            return Recommendation(
                rootCause: c.status == .resolved
                    ? "\(name) was queried before it existed; it has since been created."
                    : "The code queries \(name), which is defined in the application's models but was never created in this database (a migration that did not run).",
                fix: (c.status == .resolved ? ["Nothing to create. Confirm the errors stopped after \(group.lastSeen ?? "the last occurrence")."]
                      : ["Create \(name) with the migration that defines it (e.g. `alembic upgrade head`), after checking it is not a rename of \(c.similarRelations?.first ?? "an existing table")."])
                    + fixWithPlaybook,
                verification: "SELECT to_regclass(\(SQLText.literal("\(SQLText.identifier(schema)).\(SQLText.identifier(bare))"))) IS NOT NULL AS exists;",
                verificationLanguage: "sql",
                rollback: "DROP TABLE IF EXISTS \(SQLText.identifier(schema)).\(SQLText.identifier(bare));  -- only if it was created by this fix and holds no data you need",
                playbooks: playbooks)
        case .missingColumn:
            let column = group.capture("column") ?? "?"
            return Recommendation(
                rootCause: "A query uses column \(column), which \(c.table ?? "the table") does not have.",
                fix: [c.suggestion.map { "Change the query to use \($0) if that is the column meant, or add \(column) with a migration." }
                      ?? "Add the column with a migration, or correct the query."] + fixWithPlaybook,
                verification: "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = \(SQLText.literal(c.table?.split(separator: ".").last.map(String.init) ?? "")) ORDER BY ordinal_position;",
                verificationLanguage: "sql",
                rollback: "Revert the migration or the code change.",
                playbooks: playbooks)
        case .modelAttribute:
            let model = group.capture("model") ?? "Model", attribute = group.capture("attribute") ?? "attribute"
            let right = c.suggestion ?? "<the right column>"
            return Recommendation(
                rootCause: "Code refers to \(model).\(attribute), but the model (table \(c.table ?? "unknown")) has no such attribute\(c.suggestion.map { "; the column is \($0)" } ?? "").",
                fix: ["Replace every \(model).\(attribute) with \(model).\(right) (filters, order_by, serialisers), and drop `\(attribute)=` from \(model)(…) constructors."] + fixWithPlaybook,
                fixCode: "- \(model).\(attribute)\n+ \(model).\(right)", fixLanguage: "diff",
                verification: "grep -rn '\(model)\\.\(attribute)' .   # expect no output; then the failing endpoints return 200",
                verificationLanguage: "sh",
                rollback: "git checkout -- <the changed files>",
                playbooks: playbooks)
        case .textualSQL:
            let sql = group.capture("sql") ?? "SELECT 1"
            return Recommendation(
                rootCause: "SQLAlchemy 2.0 no longer accepts plain strings as SQL; the call raises before reaching the database.",
                fix: ["Wrap the string: `db.execute(text(\"\(sql)\"))`, and import it: `from sqlalchemy import text`."] + fixWithPlaybook,
                fixCode: "- db.execute(\"\(sql)\")\n+ db.execute(text(\"\(sql)\"))", fixLanguage: "diff",
                verification: "grep -rnE 'execute\\(\"' .   # expect no raw-string execute() calls; the health check logs no error",
                verificationLanguage: "sh",
                rollback: "git checkout -- <the changed files>",
                playbooks: playbooks)
        case .responseShape:
            let method = group.capture("method") ?? "map"
            return Recommendation(
                rootCause: "\(c.endpoint ?? "An API endpoint") returns a different JSON shape than the frontend expects: the page calls .\(method)() on a value that is not an array.",
                fix: ["Make \(c.endpoint ?? "the endpoint") return the documented shape (e.g. an object whose list field the page iterates: {\"items\": [...], \"total\": n}) and keep one handler per route; or make the frontend read that field."] + fixWithPlaybook,
                verification: "curl -s <api>\(c.endpoint?.split(separator: " ").last.map(String.init) ?? "/endpoint") | jq 'type, keys?'   # the shape the page iterates",
                verificationLanguage: "sh",
                rollback: "Redeploy the previous backend build.",
                playbooks: playbooks)
        case nil:
            return Recommendation(
                rootCause: rule?.explain.trimmingCharacters(in: .whitespacesAndNewlines) ?? group.title,
                fix: [lastSentence(of: rule?.explain ?? "") ?? "Follow the rule's explanation; logmedic has no automated check for it."] + fixWithPlaybook,
                verification: "Watch the logs: `logmedic scan` on new logs reports no \(group.ruleID).",
                rollback: "Not applicable.",
                playbooks: playbooks)
        }
    }

    /// The rule's closing advice: by convention its explanation ends with what to do.
    static func lastSentence(of text: String) -> String? {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        let sentences = flat.components(separatedBy: ". ").filter { !$0.isEmpty }
        guard let last = sentences.last, sentences.count > 1 else { return nil }
        return last.hasSuffix(".") ? last : last + "."
    }
}
