import Foundation

/// Fills a rule's advice text from a problem's values (captures, check facts, a few of the group's own).
///
/// `{{name}}` the value; `{{name|words}}` the value, or `words` when there is none; `{{name:ident}}` /
/// `{{name:literal}}` the value quoted as an SQL identifier / string literal (for SQL shown to people,
/// never run); `{{name:shell}}` the value as one shell word (for a command shown to people: a database
/// name from a log may hold `;` or `$(…)`); `{{!name}}` nothing, and marks a fix line that is only for
/// when `name` has no value.
enum AdviceTemplate {
    struct Rendered: Equatable {
        var text: String
        /// Placeholders with no value and no fallback (shown as `<name>` in `text`).
        var missing: [String]
        /// `{{!name}}` placeholders whose name does have a value.
        var excludedBy: [String]
    }

    static let placeholder = try! NSRegularExpression(pattern: #"\{\{\s*(!?)([A-Za-z_][A-Za-z0-9_]*)(?::(ident|literal|shell))?\s*(?:\|([^}]*))?\}\}"#)

    static func render(_ template: String, values: [String: String]) -> Rendered {
        var out = "", missing: [String] = [], excludedBy: [String] = []
        var last = template.startIndex
        let whole = NSRange(template.startIndex..., in: template)
        for match in placeholder.matches(in: template, range: whole) {
            let range = Range(match.range, in: template)!
            out += template[last..<range.lowerBound]
            last = range.upperBound
            let part = { (i: Int) in Range(match.range(at: i), in: template).map { String(template[$0]) } }
            let name = part(2)!
            let value = values[name].flatMap { $0.isEmpty ? nil : $0 }
            if part(1) == "!" {
                if value != nil { excludedBy.append(name) }
                continue
            }
            guard let value else {
                if let fallback = part(4) { out += fallback } else { missing.append(name); out += "<\(name)>" }
                continue
            }
            switch part(3) {
            case "ident": out += SQLText.identifier(value)
            case "literal": out += SQLText.literal(value)
            case "shell": out += ShellText.word(value)
            default: out += value
            }
        }
        out += template[last...]
        return Rendered(text: out, missing: missing, excludedBy: excludedBy)
    }

    /// Names a template refers to, for lint.
    static func names(in template: String) -> [String] {
        let whole = NSRange(template.startIndex..., in: template)
        return placeholder.matches(in: template, range: whole).compactMap { Range($0.range(at: 2), in: template).map { String(template[$0]) } }
    }
}
