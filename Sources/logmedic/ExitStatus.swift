import ArgumentParser
import Foundation

/// The exit codes of the CLI contract.
enum ExitStatus {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let usage: Int32 = 2
    static let runtime: Int32 = 3
}


/// Runs `body`, turning library errors into the one-line message and exit code 3.
func runtime<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ExitCode { throw error } catch {
        throw RuntimeFailure.report(error)
    }
}
