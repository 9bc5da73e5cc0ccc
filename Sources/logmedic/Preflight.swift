import ArgumentParser
import Foundation

/// On a terminal with nothing piped in, say that standard input is being read.
func hintIfReadingTerminal(_ paths: [String]) {
    guard paths.isEmpty || paths.contains("-"), isatty(0) != 0 else { return }
    stderr("logmedic: reading logs from standard input (a terminal); paste lines and end with Ctrl-D, or pass files as arguments\n")
}

/// A directory option (`--source DIR`) that names no directory is a usage error, said in one line.
func requireDirectory(_ path: String?, option: String) throws {
    guard let path else { return }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
        stderr("logmedic: \(option) \(path): no such directory — give the application's source checkout\n")
        throw ExitCode(ExitStatus.usage)
    }
}
