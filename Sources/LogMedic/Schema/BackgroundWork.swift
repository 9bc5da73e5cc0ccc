import Foundation

/// Runs one closure on a thread of its own; `result()` waits for it and returns its value or rethrows.
///
/// `@unchecked Sendable` because the closure and its value (a libpq connection, its results) are not
/// `Sendable`: they are handed over whole — the caller does not touch what the closure captured until
/// `result()` returns, and the semaphore orders the write of `outcome` before its read.
final class BackgroundWork<Value>: @unchecked Sendable {
    private var work: (() throws -> Value)?
    private var outcome: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping () throws -> Value) {
        self.work = work
        Thread { [self] in
            outcome = Result { try self.work!() }
            self.work = nil
            done.signal()
        }.start()
    }

    /// Waits for the closure to finish (at most once; later calls return the same outcome).
    func result() throws -> Value {
        if outcome == nil { done.wait() }
        return try outcome!.get()
    }
}
