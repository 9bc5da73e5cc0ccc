import Foundation

/// Hands signals to Swift code on a thread of its own. The handler is in place (sigaction) before
/// `install` returns, so a signal sent a moment later is neither lost nor ignored, which a dispatch
/// signal source cannot promise: it registers later, on its own queue. A handler may only call
/// async-signal-safe functions, so it writes the signal number to a pipe that the thread reads.
public enum SignalRelay {
    private struct Receiver {
        var receive: @Sendable (Int32) -> Void
        var endsTheProcess: Bool
    }
    private static let receivers = LockedBox([Int32: [Receiver]]())
    private static let ending = LockedBox(false)
    nonisolated(unsafe) private static var pipeWriter: Int32 = -1
    private static let reader: Void = startReader()

    /// Calls `receive` with each of `signals` as it arrives, for the rest of the process. Receivers
    /// of one signal are called in the order they were installed. With `endingTheProcess`, the process
    /// ends as the signal would have once the receivers have returned (a cleanup). The signals are
    /// unblocked in the calling thread (a parent may have started us with them blocked) and in
    /// threads it starts.
    public static func install(_ signals: [Int32], endingTheProcess: Bool = false, _ receive: @escaping @Sendable (Int32) -> Void) {
        _ = reader
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signo in signals {
            sigaddset(&unblocked, signo)
            let first = receivers.withLock { table in
                table[signo, default: []].append(Receiver(receive: receive, endsTheProcess: endingTheProcess))
                return table[signo]!.count == 1
            }
            if first { handle(signo) }
        }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }

    /// While a signal's cleanup runs, the work it interrupted may fail (its server was stopped) and
    /// would report that failure or exit: call this first, so the signal ends the process instead.
    public static func waitIfEnding() {
        guard ending.withLock({ $0 }) else { return }
        while true { pause() }
    }

    private static func handle(_ signo: Int32) {
        var action = sigaction()
        #if os(Linux)
        action.__sigaction_handler.sa_handler = { signo in
            var number = signo
            _ = write(SignalRelay.pipeWriter, &number, MemoryLayout<Int32>.size)
        }
        #else
        action.__sigaction_u.__sa_handler = { signo in
            var number = signo
            _ = write(SignalRelay.pipeWriter, &number, MemoryLayout<Int32>.size)
        }
        #endif
        // SA_RESTART keeps other threads' reads going; poll(2) still returns EINTR, which is where
        // a live input looks for a stop request.
        action.sa_flags = Int32(SA_RESTART)
        sigemptyset(&action.sa_mask)
        sigaction(signo, &action, nil)
    }

    private static func startReader() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { fatalError("pipe(2) failed: \(String(cString: strerror(errno)))") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        pipeWriter = fds[1]
        let pipeReader = fds[0]
        Thread.detachNewThread {
            var signo: Int32 = 0
            while true {
                guard read(pipeReader, &signo, MemoryLayout<Int32>.size) == MemoryLayout<Int32>.size else { continue }
                let chosen = receivers.withLock { $0[signo] ?? [] }
                let ends = chosen.contains { $0.endsTheProcess }
                if ends { ending.withLock { $0 = true } }
                for receiver in chosen { receiver.receive(signo) }
                if ends {
                    signal(signo, SIG_DFL)
                    kill(getpid(), signo)
                }
            }
        }
    }
}
