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
