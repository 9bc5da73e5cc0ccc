/// The disguises a rule's examples are re-checked under, because production logs wrap the same
/// message in many ways: a timestamp header, a JSON record per line, non-ASCII text, CRLF.
public enum ExampleMutation: String, CaseIterable, Sendable {
    case plain, timestamped, jsonRecords = "json-records", nonASCII = "non-ascii", crlf

    /// The example as a small log file, between two unrelated lines.
    public func render(_ text: String) -> [UInt8] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        let before = "INFO:     Application startup complete."
        let after = "INFO:     Shutting down"
        switch self {
        case .plain:
            return Array(([before] + lines + [after]).joined(separator: "\n").utf8)
        case .timestamped:
            lines[0] = "2025-12-19T14:02:11.123456Z " + lines[0]
            return Array(([before] + lines + [after]).joined(separator: "\n").utf8)
        case .jsonRecords:
            return Array(([before] + lines + [after]).map(Self.railwayRecord).joined(separator: "\n").utf8)
        case .nonASCII:
            lines[lines.count - 1] += " · café ✓ 日本"
            return Array((["→ démarrage terminé"] + lines + [after]).joined(separator: "\n").utf8)
        case .crlf:
            return Array(([before] + lines + [after]).joined(separator: "\r\n").utf8)
        }
    }

    static func railwayRecord(_ message: String) -> String {
        #"{"timestamp":"2025-12-19T14:02:11.123456Z","severity":"error","message":"\#(jsonEscaped(message))","tags":{"serviceName":"api"}}"#
    }

    static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += "\\/"  // legal JSON, and what some encoders emit
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
