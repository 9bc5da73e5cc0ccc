/// Name heuristics for matching what code says to what the database has.
enum NameSimilarity {
    /// 0…1, from edit distance over the longer length, after lowercasing.
    static func score(_ a: String, _ b: String) -> Double {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        guard !x.isEmpty || !y.isEmpty else { return 1 }
        return 1 - Double(editDistance(x, y)) / Double(max(x.count, y.count))
    }

    static func editDistance(_ x: [Character], _ y: [Character]) -> Int {
        var previous = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(y.count, 1) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return x.isEmpty ? y.count : previous[y.count]
    }

    /// `AuditLog` → `audit_log`; `HTTPRequest` → `http_request`.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        let chars = Array(name)
        for (i, c) in chars.enumerated() {
            if c.isUppercase, i > 0,
               chars[i - 1].isLowercase || chars[i - 1].isNumber || (i + 1 < chars.count && chars[i + 1].isLowercase) {
                out.append("_")
            }
            out.append(Character(c.lowercased()))
        }
        return out
    }

    /// English plural of the last word, as ORMs name tables: log → logs, entry → entries, class → classes.
    static func plural(_ word: String) -> String {
        if word.hasSuffix("y"), let before = word.dropLast().last, !"aeiou".contains(before) { return word.dropLast() + "ies" }
        if ["s", "x", "z", "ch", "sh"].contains(where: { word.hasSuffix($0) }) { return word + "es" }
        return word + "s"
    }

    /// Table names a model class is commonly mapped to, most likely first.
    static func tableCandidates(forModel model: String) -> [String] {
        let snake = snakeCase(model)
        var names = [plural(snake), snake, model.lowercased(), plural(model.lowercased()), model]
        if snake.hasSuffix("s") { names.append(String(snake.dropLast())) }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// Tokens of an identifier: `pending_signup_queue` → [pending, signup, queue].
    static func tokens(_ name: String) -> Set<String> {
        Set(snakeCase(name).split { $0 == "_" || $0 == "." || $0 == "-" }.map(String.init))
    }

    /// Related table names: as `related`, after the first word both share and both go on from (an app's
    /// prefix: Django's `booking_referral` and `booking_appointment` share only `booking`, not a meaning).
    static func relatedTables(_ a: String, _ b: String) -> Double {
        let x = a.split(separator: "_", maxSplits: 1), y = b.split(separator: "_", maxSplits: 1)
        guard x.count == 2, y.count == 2, x[0] == y[0] else { return related(a, b) }
        return related(String(x[1]), String(y[1]))
    }

    /// Related names: close by edit distance, or sharing a meaningful token (`invitations` ~ `user_invitations`).
    static func related(_ a: String, _ b: String) -> Double {
        let shared = tokens(a).intersection(tokens(b)).filter { $0.count >= 4 }
        let tokenScore = shared.isEmpty ? 0 : 0.5 + 0.1 * Double(shared.count)
        return max(score(a, b), tokenScore)
    }
}
