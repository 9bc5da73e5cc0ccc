/// The `after_apply` lines of one `fix` run: each said once (drafts of one migration share its mark command), and
/// only once the playbooks it needs (`after_apply_needs`: drafts of the same migration folder) are applied too, in
/// this run or before (the journal). One that still waits when the run ends says what it waits for.
public struct AfterApplyLines {
    private var told: Set<String> = []
    private var waiting: [(note: String, needs: [String])] = []

    public init() {}

    /// The line to print now that `playbook` is applied, or nil (none, said already, or waiting).
    public mutating func line(after playbook: Playbook, with fixer: Fixer) throws -> String? {
        guard let note = playbook.definition.afterApply, !told.contains(note) else { return nil }
        let needs = playbook.definition.afterApplyNeeds ?? []
        if try fixer.appliedPlaybooks(among: needs).count < Set(needs).count {
            if !waiting.contains(where: { $0.note == note }) { waiting.append((note, needs)) }
            return nil
        }
        told.insert(note)
        return note
    }

    /// The waiting lines, after the run: `next:` for those whose playbooks were applied later in it, `not yet:` naming
    /// what the others wait for.
    public func rest(with fixer: Fixer, style: TerminalStyle) throws -> String {
        var out = "", said = told
        for (note, needs) in waiting where said.insert(note).inserted {
            let missing = Set(needs).subtracting(try fixer.appliedPlaybooks(among: needs)).sorted()
            let one = missing.count == 1
            out += missing.isEmpty ? style.bold("next: ") + note + "\n"
                : style.bold("not yet: ") + "\(missing.joined(separator: ", ")) \(one ? "puts" : "put") back more of the same migrations and \(one ? "is" : "are") not applied yet; "
                    + "apply \(one ? "it" : "them") first, or marking the migrations applied records as done what the database lacks. Once \(one ? "it is" : "they are"): \(note)\n"
        }
        return out
    }
}
