import Foundation

/// Fills `{{name}}` placeholders in a codemod's patterns and replacements, escaping each value for its target.
enum CodemodTemplate {
    /// Replaces every `{{name}}` in one pass (a value containing `{{x}}` is never expanded again).
    /// Text between `{{` and `}}` that is not an identifier is left as it is.
    static func expand(
        _ template: String, edit: Int, values: [String: String], escape: (String) -> String
    ) throws -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else { rest = afterOpen; output += "{{"; continue }
            let name = afterOpen[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard isName(name) else { output += "{{"; rest = afterOpen; continue }
            guard let value = values[name] else { throw CodemodError.unknownPlaceholder(name: name, edit: edit) }
            output += escape(value)
            rest = afterOpen[close.upperBound...]
        }
        return output + rest
    }

    /// Escapes every ASCII character that is not a letter, digit or `_`, so the value matches only
    /// itself. `\Q…\E` is not used: a value containing `\E` would end the quoting early.
    static func regexEscaped(_ value: String) -> String {
        var output = ""
        for scalar in value.unicodeScalars {
            // Non-ASCII is literal in PCRE2; a backslash before it would be an error in non-UTF mode.
            if scalar.isASCII && !isWordCharacter(scalar) { output += "\\" }
            output.unicodeScalars.append(scalar)
        }
        return output
    }

    /// Doubles `$`, the only special character in a `pcre2_substitute` template without extended syntax.
    static func replacementEscaped(_ value: String) -> String {
        value.replacingOccurrences(of: "$", with: "$$")
    }

    private static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy(isWordCharacter)
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
