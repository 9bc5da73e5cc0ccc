/// The last finding each server session of an input logged (by the process id of the server's log prefix), for rules
/// whose cause is that finding (`cause: previous_session_error`: a transaction aborted by the session's error;
/// `session_caused_by`: a statement timeout after the session's lock wait). Direct-mapped by pid: a few dozen sessions
/// at once, bounded; a session's entry may be replaced by another's, which only loses a cause. Written for every error
/// a server logs: a rule index and the captures, no String.
struct SessionFindings {
    private struct Entry {
        var pid = Int.min
        var rule = 0
        var captures: [Capture] = []
    }

    private static let slots = 64
    private var entries = ContiguousArray(repeating: Entry(), count: slots)

    /// The rule index and captures of the finding session `pid` logged last.
    func cause(of pid: Int) -> (rule: Int, captures: [Capture])? {
        let entry = entries[Self.slot(pid)]
        return entry.pid == pid ? (entry.rule, entry.captures) : nil
    }

    @inline(__always)
    mutating func note(rule: Int, captures: [Capture], pid: Int) {
        entries.withUnsafeMutableBufferPointer { $0[Self.slot(pid)] = Entry(pid: pid, rule: rule, captures: captures) }
    }

    mutating func forget(_ pid: Int) {
        if entries[Self.slot(pid)].pid == pid { entries[Self.slot(pid)].pid = Int.min }
    }

    mutating func forget() {
        for i in entries.indices { entries[i].pid = Int.min }
    }

    @inline(__always)
    private static func slot(_ pid: Int) -> Int { pid & (slots - 1) }
}
