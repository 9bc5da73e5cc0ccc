/// The `after_apply` lines of one `fix` run, said at its end in the order applied (drafts in the order their
/// migrations run, `FixPlanner.inMigrationOrder`, so that the last command run leaves the tool at the latest
/// migration: golang-migrate's `force N` sets the version it names), each once (drafts of one migration share its
/// mark command). A line is said as `next:` once the playbooks it needs (`after_apply_needs`: drafts of the same
/// migration folder) are applied too, in this run or before (the journal); one that still waits says what it waits for.
public struct AfterApplyLines {
    private var applied: [(note: String, needs: [String])] = []

    public init() {}

    /// Notes that `playbook` was applied in this run.
    public mutating func note(applied playbook: Playbook) {
        guard let note = playbook.definition.afterApply, !applied.contains(where: { $0.note == note }) else { return }
        applied.append((note, playbook.definition.afterApplyNeeds ?? []))
    }

    /// The lines, after the run: `next:` for those whose playbooks are all applied, `not yet:` naming what the others wait for.
    public func rest(with fixer: Fixer, style: TerminalStyle) throws -> String {
        var out = ""
        for (note, needs) in applied {
            let missing = Set(needs).subtracting(try fixer.appliedPlaybooks(among: needs)).sorted()
            let one = missing.count == 1
            out += missing.isEmpty ? style.bold("next: ") + note + "\n"
                : style.bold("not yet: ") + "\(missing.joined(separator: ", ")) \(one ? "puts" : "put") back more of the same migrations and \(one ? "is" : "are") not applied yet; "
                    + "apply \(one ? "it" : "them") first, or marking the migrations applied records as done what the database lacks. Once \(one ? "it is" : "they are"): \(note)\n"
        }
        return out
    }
}
