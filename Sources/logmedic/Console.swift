import Foundation
import LogMedic

/// Where every byte the CLI prints leaves the process. A failed write (a full disk, a closed pipe)
/// is one line on stderr and exit 3, never a crash or a silent exit 0.
enum Console {
    static func out(_ data: Data) {
        data.withUnsafeBytes { out($0) }
    }

    static func out(_ bytes: UnsafeRawBufferPointer) {
        do { try OutputFile.writeAll(bytes, to: 1, path: "standard output") } catch {
            writeFailed(error)
        }
    }

    static func err(_ text: String) {
        try? OutputFile.writeAll(Data(text.utf8), to: 2, path: "standard error")
    }

    /// Descriptors 0, 1 and 2 kept taken: one left closed (`<&-`, `>&-`) is the next one the process opens, so
    /// reading standard input read that file (Dispatch's epoll descriptor: 20-60 s, then EINVAL) and output was
    /// written into it. Each is /dev/null opened the other way round: reading or writing it fails, as closed.
    static func holdClosedStandardDescriptors() {
        for (fd, flags) in [(Int32(0), O_WRONLY), (1, O_RDONLY), (2, O_RDONLY)] where fcntl(fd, F_GETFD) < 0 {
            let opened = open("/dev/null", flags)
            if opened >= 0, opened != fd {
                dup2(opened, fd)
                close(opened)
            }
        }
    }

    static func writeFailed(_ error: any Error) -> Never {
        err("logmedic: \(error)\n")
        exit(ExitStatus.runtime)
    }
}

/// This module's `print`, shadowing Swift's: every message the commands print goes through the
/// redactor (fix plans, codemod parameters, diffs, playbook output) and through `Console`.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator) + terminator
    Console.out(Data(Redactor.shared.redact(text).utf8))
}

/// A message on stderr, redacted: errors may quote a DSN or a log line. Terminal controls in what it quotes
/// (a file name from a log directory, a server's message) are shown as `\x1b`, as in the reports.
func stderr(_ text: String) {
    Console.err(Redactor.shared.scrub(text))
}

/// Lines on stderr in colours of their own, redacted: whoever rendered them escaped the controls of what they quote.
func stderrStyled(_ text: String) {
    Console.err(Redactor.shared.redact(text))
}

/// The inputs with each directory replaced by its files (`InputPaths`), saying which files are left out as
/// another layout of a log read already.
func expandedInputs(_ paths: [String]) -> [String] {
    InputPaths.expanded(paths) { directory, duplicates in
        guard duplicates.count > 1 else {
            let duplicate = duplicates[0], others = duplicate.skipped.joined(separator: " and ")
            return stderr("logmedic: \(others) \(duplicate.skipped.count == 1 ? "holds" : "hold") the records of \(duplicate.read) in another layout (PostgreSQL with several log_destinations): read once, from \(duplicate.read); name a file to read it instead\n")
        }
        let left = duplicates.map(\.skipped.count).reduce(0, +)
        stderr("logmedic: \(directory) holds \(duplicates.count) logs each written in several layouts (PostgreSQL with several log_destinations): each read once, from its jsonlog (else csvlog) file; \(left) files left out (name a file to read it instead)\n")
    }
}
