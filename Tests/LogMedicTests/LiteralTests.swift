import Testing
@testable import LogMedic

@Suite struct LiteralExtractorTests {
    @Test(arguments: [
        (#"relation "(?<relation>[^"\r\n]+)" does not exist"#,  ["\" does not exist"]),  // a piece may begin with `"`
        (#"relation "(?<relation>[^"]+)" does not exist"#, ["relation "]),  // `[^"]` may cross a line break
        (#"deadlock detected"#, ["deadlock detected"]),
        (#"foo|barbaz"#, nil),                                  // a branch without 4 bytes
        (#"abcd|efgh"#, ["abcd", "efgh"]),
        (#"(?i)deadlock detected"#, nil),                       // case-insensitive: no literal
        (#"colou?r is \d+ wide"#, ["r is "]),                   // `u?` is optional, \d breaks the run
        (#"type object '(?<m>\w+)' has no attribute"#, ["' has no attribute"]),
        (#"can\.t read\/write"#, ["can.t read"]),  // `/` begins a piece (JSON may escape it as `\/`): "/write" is shorter
        (#"x{2}yyyy"#, ["yyyy"]),
        (#"\QTraceback (most\E recent"#, ["Traceback (most recent"]),
        (#"canceling task(?:[^\n]{0,9}\n[^\n]{0,9})? CONTEXT: of table"#, ["canceling task"]),  // the rest may be on a later line
        (#"dead rows\s+(?<n>\d+) not removable"#, ["dead rows"]),
        (#"no row (?:[\s\S]{0,9})found in table"#, ["no row "]),
        // A group's alternatives joined to the text after it: longer literals, a longer prefilter stride.
        (#"(?:\(SQLSTATE |SQLState: |[A-Z]:  )23503\b"#, ["(SQLSTATE 23503", ":  23503", "SQLState: 23503"]),
        (#"(?:x(?:y|z)w|abc)defg"#, ["abcdefg", "wdefg"]),                   // a nested group ends a tail
        (#"(?<pid>[0-9]{1,10}) still waiting"#, [" still waiting"]),         // a quantifier leaves no tail
        (#"(?:ab|cd)?efgh"#, ["efgh"]),                                      // an optional group is not joined
        (#"(?i:abc|def)ghij"#, ["ghij"]),                                    // nor one with its own options
        (#"(?:a"b|cd)efgh"#, ["efgh"]),                                      // `a"befgh` is not one JSON-safe piece
    ] as [(String, [String]?)])
    func extractsRequiredLiterals(pattern: String, expected: [String]?) {
        #expect(LiteralExtractor.requiredLiterals(of: pattern) == expected)
    }

    /// Companions: the other pieces on the line where a branch's match begins.
    @Test(arguments: [
        // A plain lookahead and a plain named group are required text; "." is under 3 bytes, and a
        // leading space may come from decoding.
        (#"column (?<t>[^\s".]{1,63})\.(?<c>[^\s".]{1,63})(?= does not exist)"#, ["column "], ["does not exist"]),
        (#"could not receive data from client: (?<reason>Connection timed out)"#,
         ["could not receive data from client: "], ["Connection timed out"]),
        (#"No (?<model>[A-Z][a-z]{0,9}) found"#, [" found"], ["No "]),
        // Pieces inside a literal, optional groups, negative lookaheads and alternations are not companions.
        (#"deadlock (?:found )?detected"#, ["deadlock "], ["detected"]),
        (#"is of type (?!text)(?:int|uuid) here"#, ["is of type "], ["here"]),
        (#"(?:\(SQLSTATE |[A-Z]:  )23503\b (?<x>key)"#, ["(SQLSTATE 23503", ":  23503"], ["key"]),
        (#"abcde (?<q>xyz\"w)"#, ["abcde "], ["xyz"]),  // `"w` is under 3 bytes
        // Only what lies inside one raw field: decoding adds `CONTEXT:  `, `ERROR:  42P01: ` and the like.
        (#"CONTEXT:  PL/pgSQL function (?<f>[a-z]+) line (?<n>[0-9]+) at RAISE"#, ["/pgSQL function "], ["at RAISE", "line "]),
        (#"ERROR:  42P01: (?<k>[a-z]+) is gone for good"#, [" is gone for good"], []),
        // Past something that may match a line break, nothing is on the first line.
        (#"automatic vacuum[\s\S]{0,9}tuples: (?<n>removed)"#, ["automatic vacuum"], []),
        (#"ab\nabcdef (?<n>xyz)"#, ["abcdef "], []),  // the literal itself is not on the first line
        (#"(?<n>lookbehind)(?<=ind) tail text"#, [" tail text"], ["lookbehind"]),
    ] as [(String, [String], [String])])
    func findsCompanions(pattern: String, literals: [String], companions: [String]) throws {
        let branches = try #require(LiteralExtractor.branches(of: pattern))
        #expect(branches.count == 1)
        #expect(branches.first?.literals.sorted() == literals)
        #expect(branches.first?.companions == companions)
    }

    @Test func companionsArePerBranch() {
        #expect(LiteralExtractor.branches(of: #"abcd (?<x>efg)|hijk(?= lmn)"#) == [
            .init(literals: ["abcd "], companions: ["efg"]), .init(literals: ["hijk"], companions: ["lmn"]),
        ])
    }
}

@Suite struct LiteralAutomatonTests {
    let literals = ["does not exist", "deadlock detected", "is not a function", "abcd"].map { Array($0.utf8) }

    func hits(_ text: [UInt8], _ automaton: LiteralAutomaton) -> [Int] {
        var found: [Int] = []
        text.withUnsafeBytes { automaton.forEachMatch($0) { found.append($0); return true } }
        return found.sorted()
    }

    func hits(_ text: String, _ automaton: LiteralAutomaton) -> Set<Int> { Set(hits(Array(text.utf8), automaton)) }

    /// Every (literal, start) pair where the literal occurs: the answer the automaton must give.
    func naive(_ text: [UInt8], _ literals: [[UInt8]]) -> [Int] {
        var found: [Int] = []
        for (index, literal) in literals.enumerated() where literal.count <= text.count {
            for start in 0...(text.count - literal.count) where text[start..<(start + literal.count)].elementsEqual(literal) {
                found.append(index)
            }
        }
        return found.sorted()
    }

    @Test func findsLiteralsAtEveryOffset() {
        let automaton = LiteralAutomaton(literals: literals)
        for padding in 0..<20 {
            let text = String(repeating: "x", count: padding) + "relation does not exist"
            #expect(hits(text, automaton) == [0], "offset \(padding)")
        }
        #expect(hits("abcd", automaton) == [3])
        #expect(hits("n.map is not a function; deadlock detected", automaton) == [1, 2])
    }

    @Test func longStrideStillFindsEveryOccurrence() {
        let long = [Array("does not exist in the current database".utf8), Array("duplicate key value violates".utf8)]
        let automaton = LiteralAutomaton(literals: long)
        #expect(automaton.stride == 8)
        for padding in 0..<24 {
            let text = String(repeating: "é", count: padding) + "duplicate key value violates unique"
            #expect(hits(text, automaton) == [1], "padding \(padding)")
        }
    }

    /// A literal with fewer windows of its own than the stride: found at every offset, also when it
    /// begins or ends the text.
    @Test func shortLiteralIsFoundAtEveryOffset() {
        let automaton = LiteralAutomaton(literals: [Array(" found".utf8), Array("deadlock detected".utf8)])
        #expect(automaton.stride == 5)
        for padding in 0..<12 {
            for tail in ["", "x", "xy", ". rest of the line"] {
                let text = String(repeating: "a", count: padding) + " found" + tail
                #expect(hits(text, automaton) == [0], "padding \(padding), tail \(tail)")
            }
        }
    }

    /// Long literals are followed a word at a time along their runs of single edges: a text that leaves a
    /// run at any byte, runs that end where another literal ends or branches, and literals inside others.
    @Test func textLeavingALongLiteralAnywhereIsStillSearchedByteByByte() {
        let literals = ["duplicate key value violates unique constraint", "duplicate key value violates exclusion",
                        "key value violates", "value violates unique", "constraint \"", "unique constraint", "duplicate key",
                        "duplicate key value violates unique constraint \"orders"].map { Array($0.utf8) }
        let automaton = LiteralAutomaton(literals: literals)
        let whole = Array("duplicate key value violates unique constraint \"orders_pkey\"".utf8)
        for cut in 0...whole.count {
            for replacement in [UInt8(ascii: "#"), UInt8(ascii: "d"), UInt8(ascii: "k")] {
                var text = Array("x: ".utf8) + whole
                if cut < whole.count { text[3 + cut] = replacement }
                #expect(hits(text, automaton) == naive(text, literals), "cut \(cut), \(Character(Unicode.Scalar(replacement)))")
            }
            let prefix = Array("x: ".utf8) + whole[..<cut]
            #expect(hits(prefix, automaton) == naive(prefix, literals), "prefix \(cut)")
            let twice = prefix + prefix
            #expect(hits(twice, automaton) == naive(twice, literals), "twice \(cut)")
        }
    }

    @Test func rejectsNearMisses() {
        let automaton = LiteralAutomaton(literals: literals)
        #expect(hits("does not exis", automaton).isEmpty)
        #expect(hits("DOES NOT EXIST", automaton).isEmpty)
        #expect(hits("", automaton).isEmpty)
        #expect(!Array("deadlock detecte".utf8).withUnsafeBytes { automaton.containsAny($0) })
    }

    /// Overlapping, nested and repeated literals over a small alphabet, so that partial matches,
    /// suffix outputs and restarts after a failed partial match all happen often.
    @Test func findsEveryOccurrenceTheNaiveSearchFinds() {
        var random = SeededGenerator(seed: 0x5EED)
        let alphabet = Array("ab c\"\n".utf8)
        func word(_ length: Int) -> [UInt8] { (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] } }
        for round in 0..<300 {
            let shortest = 4 + Int(random.next() % 8)
            var set = Set<[UInt8]>()
            for _ in 0..<(1 + Int(random.next() % 12)) { set.insert(word(shortest + Int(random.next() % 10))) }
            let literals = Array(set)
            let automaton = LiteralAutomaton(literals: literals)
            for _ in 0..<20 {
                var text = word(Int(random.next() % 200))
                // Plant some literals so that matches are not left to chance.
                for _ in 0..<Int(random.next() % 4) {
                    let literal = literals[Int(random.next() % UInt64(literals.count))]
                    text.insert(contentsOf: literal, at: Int(random.next() % UInt64(text.count + 1)))
                }
                #expect(hits(text, automaton) == naive(text, literals), "round \(round): \(String(decoding: text, as: UTF8.self))")
                #expect(text.withUnsafeBytes { automaton.containsAny($0) } == !naive(text, literals).isEmpty)
            }
        }
    }
}

@Suite struct ByteSearchTests {
    /// A companion piece is found wherever it occurs, also at either end of the text, whichever of its
    /// bytes it is searched by; a text that holds only part of it, or its bytes apart, does not hold it.
    @Test func needleIsFoundExactlyWhereThePieceIs() {
        for piece in ["relation ", "column \"", "Qz", "x", " is ambiguous"] {
            let needle = ByteSearch.Needle(Array(piece.utf8))
            func found(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { needle.isFound(in: $0) } }
            for padding in 0..<10 {
                for tail in ["", "y", ". rest of the line"] {
                    let before = String(repeating: "-", count: padding)
                    #expect(found(before + piece + tail), "\(piece) at \(padding), tail \(tail)")
                    #expect(!found(before + piece.dropLast() + tail) || tail.hasPrefix(String(piece.last!)))
                    #expect(!found(before + piece.dropFirst() + tail))
                }
            }
            #expect(!found(""))
            #expect(!found(String(piece.reversed())) || piece.count == 1)
        }
    }
}

extension LiteralAutomaton {
    /// Whether any literal occurs in `text`.
    func containsAny(_ text: UnsafeRawBufferPointer) -> Bool {
        var found = false
        forEachMatch(text) { _ in found = true; return false }
        return found
    }
}
