import ArgumentParser
import Foundation
import LogMedic

/// SIGINT and SIGTERM end the inputs instead of the process, so that what was read is still
/// reported; a second signal ends the process at once.
final class Interrupts: @unchecked Sendable {
    let control: LiveControl
    private let lock = NSLock()
    private var received: Int32?

    init(control: LiveControl) {
        self.control = control
        SignalRelay.install([SIGINT, SIGTERM]) { [weak self] in self?.receive($0) }
    }

    /// The signal that stopped the run, if one did.
    var receivedSignal: Int32? {
        lock.lock(); defer { lock.unlock() }
        return received
    }

    /// The conventional exit status after a signal: 128 + its number.
    var exitCode: ExitCode? { receivedSignal.map { ExitCode(128 + $0) } }

    private func receive(_ signalNumber: Int32) {
        lock.lock()
        let first = received == nil
        if first { received = signalNumber }
        lock.unlock()
        guard first else { Foundation.exit(128 + signalNumber) }
        control.stop()
    }
}

/// A `LiveControl` that tells the user on stderr what a live input is waiting for.
func liveControl(idleMilliseconds: Int32 = 500, followsFiles: Bool = false) -> LiveControl {
    LiveControl(idleMilliseconds: idleMilliseconds, followsFiles: followsFiles) { message in stderr("logmedic: \(message)\n") }
}
