/// The last error each server session of an input logged (by the process id of the server's log prefix), for rules
/// whose cause is that error (`cause: previous_session_error`: a transaction aborted by it). Direct-mapped by pid: a few
/// dozen sessions at once, bounded; a session's entry may be replaced by another's, which only loses a cause.
struct SessionErrors {
    private static let slots = 64
    private var entries: [(pid: Int, cause: SessionCause)?] = []

    func cause(of pid: Int) -> SessionCause? {
        guard !entries.isEmpty, let entry = entries[Self.slot(pid)], entry.pid == pid else { return nil }
        return entry.cause
    }

    mutating func note(_ cause: SessionCause, pid: Int) {
        if entries.isEmpty { entries = Array(repeating: nil, count: Self.slots) }
        entries[Self.slot(pid)] = (pid, cause)
    }

    mutating func forget() { entries = [] }

    private static func slot(_ pid: Int) -> Int { Int(UInt(bitPattern: pid) % UInt(slots)) }
}
