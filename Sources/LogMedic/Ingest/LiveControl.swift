import Foundation

/// Shared by every input of one run that may be live (a pipe, a FIFO, a terminal): how long a quiet
/// input may hold an open event before it is closed, and a stop request (SIGINT/SIGTERM) that makes
/// each reader end its input as if it had reached end of file, so what was seen is still reported.
public final class LiveControl: @unchecked Sendable {
    /// After this long without new bytes, an open event is complete.
    public let idleMilliseconds: Int32
    /// Waits are cut into slices this long so that a stop request is seen promptly.
    let sliceMilliseconds: Int32
    /// Regular files and directories are followed as they grow and rotate (`watch`), not read once.
    public let followsFiles: Bool
    /// Messages for the user while an input keeps us waiting (a FIFO without a writer).
    let notice: @Sendable (String) -> Void
    private let lock = NSLock()
    private var stopped = false

    public init(idleMilliseconds: Int32 = 500, followsFiles: Bool = false, notice: @escaping @Sendable (String) -> Void = { _ in }) {
        self.idleMilliseconds = max(1, idleMilliseconds)
        self.followsFiles = followsFiles
        self.sliceMilliseconds = min(100, self.idleMilliseconds)
        self.notice = notice
    }

    public var isStopped: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopped
    }

    public func stop() {
        lock.lock(); defer { lock.unlock() }
        stopped = true
    }

    /// Waits until `source` has bytes (true) or a stop is requested (false); calls `onIdle` once when
    /// the source has been quiet for `idleMilliseconds`.
    func waitForBytes(_ source: inout some ByteSource, onIdle: () -> Void) -> Bool {
        var waited: Int32 = 0
        var idleReported = false
        while !isStopped {
            if source.waitReadable(timeoutMilliseconds: sliceMilliseconds) { return true }
            waited += sliceMilliseconds
            if !idleReported, waited >= idleMilliseconds {
                idleReported = true
                onIdle()
            }
        }
        return false
    }
}
