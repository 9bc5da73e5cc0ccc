/// A shortest edit script between two sequences of lines, by Myers' O(ND) algorithm.
enum LineDiff {
    /// One step through both sides: `equal` consumes a line of each, `delete` one old, `insert` one new.
    enum Operation: Equatable { case equal, delete, insert }

    /// Beyond this many differing lines the middle is shown as one replaced block: still a correct
    /// diff, just not minimal, and it bounds the trace memory (about maxEdits² integers).
    static let maxEdits = 1000

    /// Lines are compared as integers (equal lines get equal ids). Within each changed block the
    /// deletions come before the insertions, as GNU diff prints them.
    static func operations(_ old: [Int], _ new: [Int]) -> [Operation] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)])
        let b = Array(new[prefix..<(new.count - suffix)])
        let middle = myers(a, b) ?? Array(repeating: .delete, count: a.count) + Array(repeating: .insert, count: b.count)
        return Array(repeating: .equal, count: prefix) + deletionsFirst(middle) + Array(repeating: .equal, count: suffix)
    }

    /// The forward pass keeps, for each edit count d, the furthest x reached on every diagonal k = x - y;
    /// the kept snapshots let the walk back recover the path. Nil when more than `maxEdits` are needed.
    private static func myers(_ a: [Int], _ b: [Int]) -> [Operation]? {
        let n = a.count, m = b.count
        let limit = min(n + m, maxEdits)
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        let offset = limit + 1
        var trace: [[Int]] = []
        for d in 0...limit {
            for k in stride(from: -d, through: d, by: 2) {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n, y >= m {
                    trace.append(Array(v[(offset - d)...(offset + d)]))
                    return backtrack(trace, n: n, m: m)
                }
            }
            trace.append(Array(v[(offset - d)...(offset + d)]))
        }
        return nil
    }

    private static func backtrack(_ trace: [[Int]], n: Int, m: Int) -> [Operation] {
        var operations: [Operation] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, to: 0, by: -1) {
            let previous = trace[d - 1]
            func reached(_ k: Int) -> Int { previous[k + d - 1] }
            let k = x - y
            let down = k == -d || (k != d && reached(k - 1) < reached(k + 1))
            let previousK = down ? k + 1 : k - 1
            let previousX = reached(previousK)
            let snakeStart = down ? previousX : previousX + 1
            while x > snakeStart { operations.append(.equal); x -= 1; y -= 1 }
            operations.append(down ? .insert : .delete)
            x = previousX
            y = previousX - previousK
        }
        while x > 0 { operations.append(.equal); x -= 1 }
        return operations.reversed()
    }

    private static func deletionsFirst(_ operations: [Operation]) -> [Operation] {
        var result: [Operation] = []
        var deletes = 0, inserts = 0
        func flush() {
            result += Array(repeating: .delete, count: deletes) + Array(repeating: .insert, count: inserts)
            deletes = 0
            inserts = 0
        }
        for operation in operations {
            switch operation {
            case .equal: flush(); result.append(.equal)
            case .delete: deletes += 1
            case .insert: inserts += 1
            }
        }
        flush()
        return result
    }
}
