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

/// `-o FILE` naming one of the inputs (the same file under any name, or through a link) would replace
/// the log being read with the report: a usage error, said in one line, before anything is read.
func refuseOutputOverInput(_ output: String?, inputs: [String]) throws {
    guard let output else { return }
    var target = stat()
    guard stat(output, &target) == 0, target.st_mode & S_IFMT == S_IFREG else { return }
    for input in inputs where input != "-" {
        var info = stat()
        guard stat(input, &info) == 0, info.st_dev == target.st_dev, info.st_ino == target.st_ino else { continue }
        stderr("logmedic: -o \(output) is the input \(input): the report would replace the log; write it to another file\n")
        throw ExitCode(ExitStatus.usage)
    }
}
