/// Renders the difference between two texts as a unified diff, as `diff -u` (and `git apply`) read it.
public enum UnifiedDiff {
    /// `--- a/path` / `+++ b/path`, then `@@ -l,n +l,n @@` hunks with `context` unchanged lines around
    /// each change; hunks whose gap is at most 2×context are merged. Empty when the texts are equal.
    public static func render(path: String, before: String, after: String, context: Int = 3) -> String {
        guard !before.utf8.elementsEqual(after.utf8) else { return "" }
        let old = lines(of: before), new = lines(of: after)
        var ids: [ArraySlice<UInt8>: Int] = [:]
        func id(_ line: ArraySlice<UInt8>) -> Int {
            if let known = ids[line] { return known }
            ids[line] = ids.count
            return ids.count - 1
        }
        let operations = LineDiff.operations(old.map(id), new.map(id))
        var output = "--- a/\(path)\n+++ b/\(path)\n"
        for hunk in hunks(operations, context: max(0, context)) {
            output += render(hunk, operations: operations, old: old, new: new)
        }
        return output
    }

    /// Lines including their `\n`; only the last may lack it. Splitting bytes keeps `\r\n` intact.
    static func lines(of text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            result.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.count { result.append(bytes[start...]) }
        return result
    }

    /// Ranges of operation indices, one per hunk.
    private static func hunks(_ operations: [LineDiff.Operation], context: Int) -> [Range<Int>] {
        let changed = operations.indices.filter { operations[$0] != .equal }
        var hunks: [Range<Int>] = []
        for index in changed {
            let lower = max(0, index - context), upper = min(operations.count, index + 1 + context)
            if let last = hunks.last, lower <= last.upperBound {
                hunks[hunks.count - 1] = last.lowerBound..<upper
            } else {
                hunks.append(lower..<upper)
            }
        }
        return hunks
    }

    private static func render(
        _ hunk: Range<Int>, operations: [LineDiff.Operation], old: [ArraySlice<UInt8>], new: [ArraySlice<UInt8>]
    ) -> String {
        // Line positions at the start of the hunk: count what every earlier operation consumed.
        let earlier = operations[..<hunk.lowerBound]
        var oldIndex = earlier.filter { $0 != .insert }.count
        var newIndex = earlier.filter { $0 != .delete }.count
        let oldCount = operations[hunk].filter { $0 != .insert }.count
        let newCount = operations[hunk].filter { $0 != .delete }.count
        var output = "@@ -\(range(oldIndex, oldCount)) +\(range(newIndex, newCount)) @@\n"
        for operation in operations[hunk] {
            switch operation {
            case .equal:
                output += line(" ", old[oldIndex]); oldIndex += 1; newIndex += 1
            case .delete:
                output += line("-", old[oldIndex]); oldIndex += 1
            case .insert:
                output += line("+", new[newIndex]); newIndex += 1
            }
        }
        return output
    }

    /// GNU form: `l,n`, just `l` when n is 1, and the line before the hunk when n is 0.
    private static func range(_ start: Int, _ count: Int) -> String {
        switch count {
        case 0: return "\(start),0"
        case 1: return "\(start + 1)"
        default: return "\(start + 1),\(count)"
        }
    }

    private static func line(_ marker: String, _ bytes: ArraySlice<UInt8>) -> String {
        let text = marker + String(decoding: bytes, as: UTF8.self)
        return bytes.last == UInt8(ascii: "\n") ? text : text + "\n\\ No newline at end of file\n"
    }
}
