/// Alembic's offline SQL (`alembic upgrade --sql`) says where each revision begins, and which revisions it
/// follows: `-- Running upgrade <down revisions> -> <revision>` (down revisions comma-separated, none for the
/// first). Alembic keeps only the revision a database is at, and a revision's id is any string (a random hex id
/// by default), so which revisions ran, and in what order files of revisions run, comes from these lines alone.
struct RevisionChain {
    /// One revision of an offline script: its id, the ids it follows, and its part of the script (the lines from its
    /// marker to the next one; the first also holds what comes before, and every part keeps its line numbers).
    struct Revision: Equatable {
        var id: String
        var follows: [String]
        var text: String
    }

    /// The revisions of `sql` in the order it runs them; empty when it holds no marker line.
    static func revisions(in sql: String) -> [Revision] {
        var revisions: [Revision] = []
        var part = ""
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            if let (id, follows) = marker(line) {
                if let last = revisions.indices.last {
                    revisions[last].text = part
                    part = String(repeating: "\n", count: part.reduce(0) { $1 == "\n" ? $0 + 1 : $0 })
                }
                revisions.append(Revision(id: id, follows: follows, text: ""))
            }
            part += line + "\n"
        }
        if let last = revisions.indices.last { revisions[last].text = part }
        return revisions
    }

    /// The revision and the ids it follows of a marker line.
    private static func marker(_ line: Substring) -> (String, [String])? {
        let prefix = "-- Running upgrade "
        guard line.hasPrefix(prefix), let arrow = line.range(of: " -> ") else { return nil }
        let id = String(line[arrow.upperBound...]).trimmingWhitespace()
        guard !id.isEmpty, !id.contains(where: \.isWhitespace) else { return nil }
        let follows = line[line.index(line.startIndex, offsetBy: prefix.count)..<arrow.lowerBound]
            .split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        return (id, follows)
    }

    /// `items` reordered so that each comes after the items holding the revisions it follows (a stable topological
    /// order: otherwise as given). `revisions(item)`: the item's revisions; an item with none keeps its place
    /// among the others.
    static func ordered<Item>(_ items: [Item], revisions: (Item) -> [Revision]) -> [Item] {
        let all = items.map(revisions)
        var holder: [String: Int] = [:]
        for (index, held) in all.enumerated() { for revision in held { holder[revision.id] = index } }
        let needs = all.enumerated().map { index, held in
            Set(held.flatMap(\.follows).compactMap { holder[$0] }.filter { $0 != index })
        }
        var placed: [Int] = [], done = Set<Int>()
        while placed.count < items.count {
            // The first item whose revisions' predecessors are placed; a cycle (not a chain Alembic runs) keeps the given order.
            let next = items.indices.first { !done.contains($0) && needs[$0].isSubset(of: done) }
                ?? items.indices.first { !done.contains($0) }!
            placed.append(next)
            done.insert(next)
        }
        return placed.map { items[$0] }
    }

    /// `id` and every revision of `revisions` that comes after it (follows it, or follows one that does).
    static func descendants(of id: String, among revisions: [Revision]) -> [String] {
        var found = [id]
        var index = 0
        while index < found.count {
            for revision in revisions where revision.follows.contains(found[index]) && !found.contains(revision.id) {
                found.append(revision.id)
            }
            index += 1
        }
        return found
    }
}
