/// Text for `fix`: what each playbook did or would do, and the plan around it.
public enum FixRenderer {
    /// `afterApply`: the playbook's `after_apply`, once it is reverted: what that mark now says wrongly (once it is
    /// applied, `AfterApplyLines` says it at the end of the run).
    public static func render(_ report: SQLRunReport, problems: [String], afterApply: String? = nil, style: TerminalStyle) -> String {
        var out = style.bold("== \(report.playbook) — \(report.title)") + (problems.isEmpty ? "" : " (fixes \(problems.joined(separator: ", ")))") + "\n"
        if report.outcome == .alreadyApplied {
            return out + "   already applied: its preconditions show the fix in place; nothing run.\n"
        }
        if !report.parameters.isEmpty {
            out += "parameters: " + report.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\(Redactor.shared.redact($0.value))" }.joined(separator: " ") + "\n"
        }
        out += style.dim("-- \(report.mode.reverts ? "revert.sql" : "deploy.sql")") + "\n"
        out += report.script.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n"
        out += hazardLines(report.hazards)
        out += "verify: \(report.verification)\n"
        if let diff = report.diff { out += diff.description + "\n" }
        switch report.outcome {
        case .wouldApply, .wouldRevert:
            out += style.bold("dry-run: rolled back, nothing changed.") + " Run with --apply to commit.\n"
        case .rehearsed:
            out += style.bold("rehearsal: rolled back, nothing changed.") + " Approve the playbook before it can be applied.\n"
        case .applied:
            out += style.bold("applied and committed; recorded in logmedic.journal.") + "\n"
        case .reverted:
            out += style.bold("reverted and committed; recorded in logmedic.journal.") + "\n"
            if let afterApply {
                out += style.bold("next: ") + "if its migrations were marked applied (\(afterApply.prefix { $0 != "\n" })), the migration tool "
                    + "now counts as done what the database lacks again: take that mark back in the tool, or apply this playbook again.\n"
            }
        case .alreadyApplied: break
        }
        for notice in report.notices { out += "server: \(Redactor.shared.redact(notice))\n" }
        out += style.dim("statements sent: " + report.statements.map { firstLine($0) }.joined(separator: " · ")) + "\n"
        return out
    }

    public static func renderPlanHeader(_ plan: FixPlan, database: String, mode: SQLRunReport.Mode) -> String {
        var out = "logmedic fix (\(mode.rawValue)) on database \(database): "
        out += "\(plan.sql.count) SQL playbook\(plan.sql.count == 1 ? "" : "s"), \(plan.codemods.count) code fix\(plan.codemods.count == 1 ? "" : "es")\n"
        for problem in plan.withoutPlaybook {
            // A confirmed schema drift that `--draft` can write a playbook for, from the schema the code expects.
            let draftable = problem.correlation.status == .confirmed
                && (Drafter.followsTheReference.union(Drafter.followsTheLiveDatabase)).contains(problem.correlation.check ?? "")
            let next = if let renamed = problem.correlation.renamedByLogmedic {
                "the code is behind the database: logmedic renamed the column to \(renamed) (logmedic.journal #\(problem.correlation.facts["journal_id"] ?? "")); change the code to use it, see `logmedic report`"
            } else if !draftable { "see `logmedic report`" } else {
                Drafter.mayBeTheCodes.contains(problem.correlation.check ?? "")
                ? "if your migrations change it, `--draft --reference-sql DIR` drafts that (or --reference-db DSN); if not, the code writes what the schema forbids: see `logmedic report`"
                : "`--draft --reference-sql DIR` drafts one from your migrations (or --reference-db DSN)"
            }
            out += "  \(problem.id) \(problem.headline): no playbook applies — \(next)\n"
        }
        var below = 0
        for problem in plan.notActionable {
            if problem.correlation.status == .resolved {
                out += "  \(problem.id) \(problem.headline): resolved in the database now — nothing to do\n"
            } else if problem.group.severity < .high {
                below += 1
            } else {
                // Said, so that the worst problems of the report are not taken for forgotten.
                let why = switch problem.correlation.status {
                case .notApplicable: "no change to the database fixes it"
                case .confirmed: "the database confirms it, but no playbook makes the change that fixes it"
                default: "the database does not confirm it"
                }
                out += "  \(problem.id) \(problem.headline): nothing for fix to run, \(why) — see `logmedic report`\n"
            }
        }
        if below > 0 { out += "  \(ReportText.plural(below, "problem", "problems")) below high that no playbook applies to — see `logmedic report`\n" }
        return out
    }

    /// Each statement's hazards on the target as it is now, or that none of the named kinds applies.
    public static func hazardLines(_ hazards: [StatementHazards]) -> String {
        guard !hazards.isEmpty else { return "hazards: none of the kinds logmedic checks (locks on existing tables, rewrites, scans, index builds, deleted data)\n" }
        var out = "hazards:\n"
        for statement in hazards {
            out += "  \(Redactor.shared.scrub(statement.statement))\n"
            for hazard in statement.hazards { out += "    \(Redactor.shared.scrub(hazard.description))\n" }
        }
        return out
    }

    static func firstLine(_ text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? text
        return line.count > 70 ? String(line.prefix(70)) + "…" : line
    }
}
