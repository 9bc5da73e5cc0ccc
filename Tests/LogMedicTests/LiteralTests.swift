import Testing
@testable import LogMedic

@Suite struct LiteralExtractorTests {
    @Test(arguments: [
        (#"relation "(?<relation>[^"]+)" does not exist"#, [" does not exist"]),
        (#"deadlock detected"#, ["deadlock detected"]),
        (#"foo|barbaz"#, nil),                                  // a branch without 4 bytes
        (#"abcd|efgh"#, ["abcd", "efgh"]),
        (#"(?i)deadlock detected"#, nil),                       // case-insensitive: no literal
        (#"colou?r is \d+ wide"#, ["r is "]),                   // `u?` is optional, \d breaks the run
        (#"type object '(?<m>\w+)' has no attribute"#, ["' has no attribute"]),
        (#"can\.t read\/write"#, ["can.t read"]),               // `/` is split off: JSON may escape it
        (#"x{2}yyyy"#, ["yyyy"]),
        (#"\QTraceback (most\E recent"#, ["Traceback (most recent"]),
    ] as [(String, [String]?)])
    func extractsRequiredLiterals(pattern: String, expected: [String]?) {
        #expect(LiteralExtractor.requiredLiterals(of: pattern) == expected)
    }
}

@Suite struct LiteralPrefilterTests {
    let literals = ["does not exist", "deadlock detected", "is not a function", "abcd"].map { Array($0.utf8) }

    func hits(_ text: String, _ filter: LiteralPrefilter) -> Set<Int> {
        var found = Set<Int>()
        Array(text.utf8).withUnsafeBytes { filter.forEachMatch($0) { found.insert($0) } }
        return found
    }

    @Test func findsLiteralsAtEveryOffset() {
        let filter = LiteralPrefilter(literals: literals)
        for padding in 0..<20 {
            let text = String(repeating: "x", count: padding) + "relation does not exist"
            #expect(hits(text, filter) == [0], "offset \(padding)")
        }
        #expect(hits("abcd", filter) == [3])
        #expect(hits("n.map is not a function; deadlock detected", filter) == [1, 2])
    }

    @Test func longStrideStillFindsEveryOccurrence() {
        let long = [Array("does not exist in the current database".utf8), Array("duplicate key value violates".utf8)]
        let filter = LiteralPrefilter(literals: long)
        #expect(filter.stride == 8)
        for padding in 0..<24 {
            let text = String(repeating: "é", count: padding) + "duplicate key value violates unique"
            #expect(hits(text, filter) == [1], "padding \(padding)")
        }
    }

    @Test func rejectsNearMisses() {
        let filter = LiteralPrefilter(literals: literals)
        #expect(hits("does not exis", filter).isEmpty)
        #expect(hits("DOES NOT EXIST", filter).isEmpty)
        #expect(hits("", filter).isEmpty)
        #expect(!Array("deadlock detecte".utf8).withUnsafeBytes { filter.containsAny($0) })
    }
}
