import Foundation
import LogMedic

/// Writes a rendered report to `-o FILE` (saying so on stderr) or to standard output, then lists the
/// inputs that could not be read: the last step of `report` and `watch`.
func writeReport(_ diagnosis: Diagnosis, format: ReportFormat, output: String?, color: ColorChoice, source: SourceTree? = nil) throws {
    let style = output == nil ? color.style() : TerminalStyle(enabled: color == .always)
    let document = format.reporter(style: style, source: source).render(diagnosis)
    if let output {
        try runtime { try OutputFile.write(Data(document.utf8), to: output) { stderr("logmedic: \($0)\n") } }
        stderr("logmedic: wrote \(format.rawValue) report of \(ReportText.plural(diagnosis.problems.count, "problem")) to \(output == "-" ? "standard output" : output)\n")
    } else {
        Console.out(Data(document.utf8))
    }
    for error in diagnosis.stats.inputErrors { stderr("logmedic: \(error)\n") }
}
