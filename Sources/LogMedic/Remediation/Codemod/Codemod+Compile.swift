/// One edit with its parameters filled in and its pattern compiled.
struct CompiledEdit {
    let number: Int
    let regex: Regex
    let replacement: String
    let onlyIfFileChanged: Bool
}

extension Codemod {
    /// Checks that every declared parameter is supplied and valid, then fills in and compiles each edit.
    /// Supplied values the codemod does not declare are ignored.
    func compiledEdits(parameters supplied: [String: String]) throws -> [CompiledEdit] {
        var values: [String: String] = [:]
        for parameter in parameters {
            guard let value = supplied[parameter.name] else { throw CodemodError.missingParameter(name: parameter.name) }
            try parameter.validate(value)
            values[parameter.name] = value
        }
        return try edits.enumerated().map { index, edit in
            let number = index + 1
            let pattern = try CodemodTemplate.expand(
                edit.pattern, edit: number, values: values, escape: CodemodTemplate.regexEscaped)
            let replacement = try CodemodTemplate.expand(
                edit.replacement, edit: number, values: values, escape: CodemodTemplate.replacementEscaped)
            let regex: Regex
            do { regex = try Regex(pattern) } catch {
                throw CodemodError.invalidPattern(edit: number, reason: String(describing: error))
            }
            return CompiledEdit(
                number: number, regex: regex, replacement: replacement, onlyIfFileChanged: edit.onlyIfFileChanged)
        }
    }
}
