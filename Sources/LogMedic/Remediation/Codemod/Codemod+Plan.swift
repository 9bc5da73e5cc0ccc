import Foundation

extension Codemod {
    /// Works out what this codemod would change under `sourceRoot` with the diagnosis's `parameters`,
    /// without writing anything. Throws before reading any file if a parameter is missing or refused.
    public func plan(sourceRoot: URL, parameters: [String: String]) throws -> CodemodPlan {
        let edits = try compiledEdits(parameters: parameters)
        let root = sourceRoot.standardizedFileURL
        let scratch = MatchScratch()
        var changes: [FileChange] = []
        var skipped: [String] = []
        var examined = 0
        let directory = try SourceDirectory(path: root.path)
        let globs = files.map(SourceGlob.init)
        var links: [String] = []
        for path in directory.files(where: { path in globs.contains { $0.matches(path) } }, links: &links) {
            guard let file = directory.read(path) else {
                throw CodemodError.unreadableFile(path: path, reason: "no longer a regular file inside the source directory")
            }
            let data = Data(file.bytes)
            guard let before = Self.text(of: data) else {
                skipped.append(path)
                continue
            }
            examined += 1
            let (after, count) = try Self.run(edits, on: before, path: path, scratch: scratch)
            guard !after.utf8.elementsEqual(before.utf8) else { continue }
            changes.append(FileChange(
                path: path, originalSize: data.count,
                originalModificationDate: file.modified,
                before: before, after: after, replacementCount: count))
        }
        return CodemodPlan(sourceRoot: root, changes: changes, skipped: skipped, examined: examined, globs: files, links: links)
    }

    /// Applies the edits in order; an `onlyIfFileChanged` edit runs only once an earlier one changed the text.
    static func run(
        _ edits: [CompiledEdit], on text: String, path: String, scratch: MatchScratch
    ) throws -> (text: String, count: Int) {
        var current = text
        var count = 0
        // Compared as bytes: String's == treats canonically equivalent texts as equal.
        for edit in edits where !edit.onlyIfFileChanged || !current.utf8.elementsEqual(text.utf8) {
            let result: (text: String, count: Int)
            do { result = try edit.regex.substitute(in: current, with: edit.replacement, scratch: scratch) } catch {
                throw CodemodError.matchFailed(path: path, edit: edit.number, reason: error.description)
            }
            guard !result.text.utf8.elementsEqual(current.utf8) else { continue }
            current = result.text
            count += result.count
        }
        return (current, count)
    }

    /// The file's text, or nil for files a codemod must not touch: NUL bytes (binary) or invalid UTF-8.
    static func text(of data: Data) -> String? {
        guard !data.contains(0) else { return nil }
        return String(validating: data, as: UTF8.self)
    }

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

/// One edit with its parameters filled in and its pattern compiled.
struct CompiledEdit {
    let number: Int
    let regex: Regex
    let replacement: String
    let onlyIfFileChanged: Bool
}
