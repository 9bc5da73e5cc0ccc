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

    static func render(_ template: String, values: [String: String]) -> Rendered {
        var out = "", missing: [String] = [], excludedBy: [String] = []
        let bytes = Array(template.utf8)
        var last = 0
        for placeholder in placeholders(in: bytes) {
            out += String(decoding: bytes[last..<placeholder.range.lowerBound], as: UTF8.self)
            last = placeholder.range.upperBound
            let name = placeholder.name
            let value = values[name].flatMap { $0.isEmpty ? nil : $0 }
            if placeholder.negated {
                if value != nil { excludedBy.append(name) }
                continue
            }
            guard let value else {
                if let fallback = placeholder.fallback { out += fallback } else { missing.append(name); out += "<\(name)>" }
                continue
            }
            switch placeholder.kind {
            case "ident": out += SQLText.identifier(value)
            case "literal": out += SQLText.literal(value)
            case "shell": out += ShellText.word(value)
            default: out += value
            }
        }
        out += String(decoding: bytes[last...], as: UTF8.self)
        return Rendered(text: out, missing: missing, excludedBy: excludedBy)
    }

    /// One `{{…}}` placeholder of a template: `{{ [!]name[:ident|literal|shell] [|fallback] }}`.
    struct Placeholder: Equatable {
        /// Where it stands in the template's UTF-8.
        var range: Range<Int>
        var negated: Bool
        var name: String
        var kind: String?
        var fallback: String?
    }

    /// The placeholders of `template`, left to right; `{{` that starts none is text. Read byte by byte: a
    /// regular expression (ICU, through NSString) was a tenth of making a report of hundreds of problems.
    static func placeholders(in template: String) -> [Placeholder] {
        placeholders(in: Array(template.utf8))
    }

    private static func placeholders(in t: [UInt8]) -> [Placeholder] {
        var found: [Placeholder] = []
        var i = 0
        while i + 1 < t.count {
            if t[i] == 0x7B, t[i + 1] == 0x7B, let placeholder = placeholder(in: t, at: i) {
                found.append(placeholder)
                i = placeholder.range.upperBound
            } else {
                i += 1
            }
        }
        return found
    }

    private static func placeholder(in t: [UInt8], at start: Int) -> Placeholder? {
        var i = start + 2
        func at(_ byte: Character) -> Bool { i < t.count && t[i] == byte.asciiValue! }
        func skipSpaces() { while i < t.count, [0x20, 0x09, 0x0A, 0x0C, 0x0D].contains(t[i]) { i += 1 } }
        skipSpaces()
        let negated = at("!")
        if negated { i += 1 }
        let nameStart = i
        while i < t.count, ASCII.isIdentifier(t[i], first: i == nameStart) { i += 1 }
        guard i > nameStart else { return nil }
        let name = String(decoding: t[nameStart..<i], as: UTF8.self)
        var kind: String?
        if at(":") {
            kind = ["ident", "literal", "shell"].first { t[(i + 1)...].starts(with: $0.utf8) }
            guard let kind else { return nil }
            i += 1 + kind.utf8.count
        }
        skipSpaces()
        var fallback: String?
        if at("|") {
            let fallbackStart = i + 1
            i = t[fallbackStart...].firstIndex(of: 0x7D) ?? t.count
            fallback = String(decoding: t[fallbackStart..<i], as: UTF8.self)
        }
        guard at("}"), i + 1 < t.count, t[i + 1] == 0x7D else { return nil }
        return Placeholder(range: start..<(i + 2), negated: negated, name: name, kind: kind, fallback: fallback)
    }

    /// Names a template refers to, for lint.
    static func names(in template: String) -> [String] {
        placeholders(in: template).map(\.name)
    }
}
