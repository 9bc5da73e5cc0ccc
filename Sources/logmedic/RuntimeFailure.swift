import ArgumentParser
import Foundation

/// Exit code 3 (runtime error: database unreachable, unreadable file) after a one-line message on stderr.
enum RuntimeFailure {
    static let exitCode = ExitCode(ExitStatus.runtime)

    /// Prints `logmedic: <error>` to stderr and returns the exit code to throw.
    static func report(_ error: any Error) -> ExitCode {
        stderr("logmedic: \(error)\n")
        return exitCode
    }
}
