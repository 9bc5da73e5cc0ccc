import Foundation

extension DSN {
    /// Masks the password in `scheme://user:password@hosts/db?password=…`, following libpq's reading:
    /// credentials end at the first `@` that comes before any `/`.
    static func redactingURI(_ dsn: String) -> String {
        guard let scheme = uriSchemes.first(where: { dsn.hasPrefix($0) }) else { return dsn }
        var rest = Substring(dsn.dropFirst(scheme.count))
        var credentials = ""
        if let at = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[at] == "@" {
            let userinfo = rest[..<at]
            if let colon = userinfo.firstIndex(of: ":"), userinfo.index(after: colon) < userinfo.endIndex {
                credentials = userinfo[..<colon] + ":***@"
            } else {
                credentials = userinfo + "@"
            }
            rest = rest[rest.index(after: at)...]
        }
        guard let question = rest.firstIndex(of: "?") else { return scheme + credentials + rest }
        let parameters = rest[rest.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false)
            .map { parameter -> String in
                let key = parameter.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                return key.removingPercentEncoding == "password" ? key + "=***" : String(parameter)
            }
        return scheme + credentials + rest[..<question] + "?" + parameters.joined(separator: "&")
    }

    /// Masks `password=…` in a key=value DSN (quoted or not, with backslash escapes), keeping the rest as is.
    static func redactingKeywordValue(_ dsn: String) -> String {
        var output = ""
        var index = dsn.startIndex
        func take(while predicate: (Character) -> Bool) -> Substring {
            let start = index
            while index < dsn.endIndex, predicate(dsn[index]) { index = dsn.index(after: index) }
            return dsn[start..<index]
        }
        while index < dsn.endIndex {
            output += take { $0.isWhitespace }
            let keyword = take { !$0.isWhitespace && $0 != "=" }
            output += keyword + take { $0.isWhitespace }
            guard index < dsn.endIndex, dsn[index] == "=" else { continue }
            index = dsn.index(after: index)
            output += "=" + take { $0.isWhitespace }
            let value = takeValue(dsn, from: &index)
            if keyword == "password" {
                output += value.first == "'" ? "'***'" : "***"
            } else {
                output += value
            }
        }
        return output
    }

    /// Reads one value (quoted, or up to whitespace) starting at `index`, returning its raw text.
    private static func takeValue(_ dsn: String, from index: inout String.Index) -> Substring {
        let start = index
        let quoted = index < dsn.endIndex && dsn[index] == "'"
        if quoted { index = dsn.index(after: index) }
        while index < dsn.endIndex {
            let character = dsn[index]
            if character == "\\" {
                index = dsn.index(after: index)
                if index < dsn.endIndex { index = dsn.index(after: index) }
                continue
            }
            index = dsn.index(after: index)
            if quoted && character == "'" { break }
            if !quoted && character.isWhitespace {
                index = dsn.index(before: index)
                break
            }
        }
        return dsn[start..<index]
    }
}
