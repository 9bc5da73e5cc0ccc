/// A path glob relative to a source root: `**` spans any number of directories, `*` and `?` stay
/// within one path component.
struct SourceGlob: Sendable {
    private let components: [[Character]]

    init(_ pattern: String) {
        components = pattern.split(separator: "/", omittingEmptySubsequences: true).map { Array($0) }
    }

    /// Whether a relative path (`/`-separated) matches.
    func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map { Array($0) }
        return Self.match(components[...], parts[...])
    }

    private static func match(_ glob: ArraySlice<[Character]>, _ path: ArraySlice<[Character]>) -> Bool {
        guard let first = glob.first else { return path.isEmpty }
        if first == ["*", "*"] {
            // Try letting `**` absorb zero, one, two… components.
            return (path.startIndex...path.endIndex).contains { match(glob.dropFirst(), path[$0...]) }
        }
        guard let head = path.first, matchComponent(first[...], head[...]) else { return false }
        return match(glob.dropFirst(), path.dropFirst())
    }

    /// Wildcard match of one component, backtracking only to the most recent `*` (linear in practice).
    private static func matchComponent(_ glob: ArraySlice<Character>, _ name: ArraySlice<Character>) -> Bool {
        var g = glob.startIndex, n = name.startIndex
        var star: (glob: Int, name: Int)?
        while n < name.endIndex {
            if g < glob.endIndex, glob[g] == "*" {
                star = (g, n)
                g += 1
            } else if g < glob.endIndex, glob[g] == "?" || glob[g] == name[n] {
                g += 1
                n += 1
            } else if let last = star {
                g = last.glob + 1
                n = last.name + 1
                star = (last.glob, last.name + 1)
            } else {
                return false
            }
        }
        while g < glob.endIndex, glob[g] == "*" { g += 1 }
        return g == glob.endIndex
    }
}
