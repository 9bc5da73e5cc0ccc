import Foundation
import Testing
@testable import LogMedic

/// The redactor finds where a secret shape may start with a byte-pair table (`SecretLiteralScanner`)
/// instead of a caseless PCRE2 alternation of the shapes' literals. The two must agree exactly: same
/// candidate positions, same redacted output, on the table's own texts and on random text with secrets
/// and literals planted in random case.
@Suite("redactor fast path")
struct RedactorEquivalenceTests {
    static let table = SecretTableTests.table
    static let shapes = table.shapes.map { ($0, table.expandedPattern(of: $0)) }
    static let fast = try! Redactor(shapes: shapes, prefilter: .literalTable)
    static let reference = try! Redactor(shapes: shapes, prefilter: .pcre2Alternation)

    @Test func theTablesExamplesAndLookalikesComeOutTheSame() {
        let texts = Self.table.shapes.flatMap { $0.masked.map(\.text) + $0.lookalikes }
        #expect(texts.count >= 120)
        for text in texts {
            #expect(Self.fast.redact(text) == Self.reference.redact(text), "\(text)")
        }
    }

    @Test(arguments: [1, 2, 3, 4])
    func randomTextWithPlantedSecretsComesOutTheSame(_ seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var masked = 0
        for _ in 0..<1500 {
            let text = Self.plantedText(&random)
            let out = Self.fast.redact(text)
            #expect(out == Self.reference.redact(text), "seed \(seed): \(text)")
            if out != text { masked += 1 }
        }
        #expect(masked > 300, "the planted secrets are masked often enough to compare something")
    }

    /// The table's literals, alone and with a one-byte literal.
    @Test(arguments: [false, true])
    func theScannerFindsEveryPositionTheAlternationFinds(withOneByteLiteral: Bool) throws {
        let (scanner, regex) = try Self.scannerAndAlternation(withOneByteLiteral: withOneByteLiteral)
        let scratch = MatchScratch()
        var random = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            var text = Array(Self.plantedText(&random).utf8)
            text.withUnsafeMutableBytes { raw in
                let bytes = UnsafeRawBufferPointer(raw)
                var from = 0
                while true {
                    let expected = try? scratch.match(regex, in: bytes, from: from)?[0]?.lowerBound
                    let found = scanner.next(in: bytes, from: from)
                    #expect(found == expected, "\(String(decoding: bytes, as: UTF8.self)) from \(from)")
                    guard let found, found == expected else { break }
                    from = found + 1
                }
            }
        }
    }

    /// Each literal in random case as a whole text, at a text's end and cut short there, and inside a longer
    /// text, searched from every offset: the windows at the edges of a text and of `from`.
    @Test(arguments: [false, true])
    func theScannerAgreesFromEveryOffsetAtTheEdges(withOneByteLiteral: Bool) throws {
        let (scanner, regex) = try Self.scannerAndAlternation(withOneByteLiteral: withOneByteLiteral)
        let scratch = MatchScratch()
        var random = SeededGenerator(seed: 11)
        for literal in Self.table.shapes.flatMap(\.literals) {
            let cased = String(literal.map { Bool.random(using: &random) ? Character($0.uppercased()) : $0 })
            // Padded, it is also found where the scanner screens seven windows at once, from every offset.
            let padding = String(repeating: "z", count: 17)
            for text in [cased, "x" + cased, "ab " + cased, "ab " + cased.dropLast(), "é" + cased.dropFirst(),
                         padding + cased + padding, "x" + padding + cased.dropLast() + padding] {
                var bytes = Array(text.utf8)
                bytes.withUnsafeMutableBytes { raw in
                    let bytes = UnsafeRawBufferPointer(raw)
                    for from in 0...bytes.count {
                        let expected = try? scratch.match(regex, in: bytes, from: from)?[0]?.lowerBound
                        #expect(scanner.next(in: bytes, from: from) == expected, "\(text) from \(from)")
                    }
                }
            }
        }
    }

    /// A scanner of the table's literals (and a one-byte literal) and the caseless alternation it stands for.
    static func scannerAndAlternation(withOneByteLiteral: Bool) throws -> (SecretLiteralScanner, Regex) {
        let literals = Array(Set(table.shapes.flatMap(\.literals).map { Array($0.utf8).map(SecretLiteralScanner.lowered) }))
            + (withOneByteLiteral ? [Array("q".utf8)] : [])
        let alternation = literals.map { NSRegularExpression.escapedPattern(for: String(decoding: $0, as: UTF8.self)) }
        return (SecretLiteralScanner(literals: literals), try Regex("(?i)(?:\(alternation.joined(separator: "|")))", options: 0))
    }

    /// Random bytes around fragments that look like secrets: whole examples of the table, literals in
    /// random case, assignments, URLs with credentials, multibyte and control characters.
    static func plantedText(_ random: inout SeededGenerator) -> String {
        let examples = table.shapes.flatMap { $0.masked.map(\.text) + $0.lookalikes }
        let literals = table.shapes.flatMap(\.literals)
        let filler = Array("abcXYZ0129 _-.:/=@\"'&?,;{}[]\t".unicodeScalars) + ["é", "п", "\u{1B}", "\u{85}", "日"]
        var text = ""
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: text += examples.randomElement(using: &random)!
            case 1, 2:
                let literal = literals.randomElement(using: &random)!
                text += String(literal.map { Bool.random(using: &random) ? Character($0.uppercased()) : $0 })
                text += ["=", ": ", "\":\"", " ", "://u:", ""].randomElement(using: &random)!
            case 3: text += "https://user:pw\(Int.random(in: 0..<999, using: &random))@host.example/x?token=abc"
            default:
                for _ in 0..<Int.random(in: 0...40, using: &random) {
                    text.unicodeScalars.append(filler.randomElement(using: &random)!)
                }
            }
        }
        return text
    }
}

/// `ControlCharacters.escaped` skips texts by a byte scan: it must still catch every control scalar
/// wherever it sits in a word, and leave every other text as it is.
@Suite("control characters")
struct ControlCharacterTests {
    @Test func everyControlIsEscapedWhereverItSits() {
        let controls: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\u{0D}", "\u{7F}", "\u{85}", "\u{9B}", "\u{00}"]
        for control in controls {
            for position in 0..<20 {
                var text = String(repeating: "a", count: position)
                text.unicodeScalars.append(control)
                text += String(repeating: "é", count: 20 - position)
                let out = ControlCharacters.escaped(text)
                #expect(!out.unicodeScalars.contains(where: ControlCharacters.isControl), "\(position): \(out)")
                #expect(out.contains("\\x"), "\(position)")
            }
        }
    }

    @Test func textWithoutControlsIsUnchanged() {
        for text in ["plain ascii text over several words", "tab\tand\nnewline stay", "°©®±µ¶·¿ non-controls in C2", "日本語 пароль"] {
            #expect(ControlCharacters.escaped(text) == text)
        }
    }
}
