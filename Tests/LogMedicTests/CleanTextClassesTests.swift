import Testing
@testable import LogMedic

/// Texts that differ only in their digits share what the memo knows of them: a secret literal whose digits
/// differ (`$2a$` after `$3a$`, `%41` after `%4g`) must still be found.
@Suite("Clean text classes")
struct CleanTextClassesTests {
    @Test func zeroingDigitsChangesDigitsAndNothingElse() {
        for byte in UInt8.min...UInt8.max {
            for lane in 0..<8 {
                let filler: UInt64 = 0x4141_4141_4141_4141  // "A": no digit
                let word = filler & ~(0xFF << (8 * UInt64(lane))) | UInt64(byte) << (8 * UInt64(lane))
                let expected = byte >= 0x30 && byte <= 0x39 ? word & ~(0xFF << (8 * UInt64(lane))) | 0x30 << (8 * UInt64(lane)) : word
                #expect(DigitClass.zeroingDigits(word) == expected, "byte \(byte) in lane \(lane)")
            }
        }
    }

    /// Pairs of texts of one class, the first clean, the second holding a literal only its digits make.
    static let traps: [(clean: String, secret: String)] = [
        ("user hash $3a$10$abcdefghijklmnopqrstuv stored", "user hash $2a$10$abcdefghijklmnopqrstuv stored"),
        ("scheme $7$ is not a known crypt scheme here", "scheme $5$ is not a known crypt scheme here"),
        ("stored pbkdf3_sha256 column for user 17", "stored pbkdf2_sha256 column for user 17"),
        ("escaped \\u10 in the JSON body of request 9", "escaped \\u00 in the JSON body of request 9"),
    ]

    @Test func aSecretThatOnlyItsDigitsMakeIsStillFound() {
        for (clean, secret) in Self.traps {
            #expect(!Redactor.shared.findsNoLiteral(in: secret), "\(secret)")
            var memo = RedactionMemo()
            for _ in 0..<3 {
                let cleanFound = memo.findsNoLiteral(in: clean, with: .shared)
                let secretFound = memo.findsNoLiteral(in: secret, with: .shared)
                #expect(cleanFound == Redactor.shared.findsNoLiteral(in: clean), "\(clean)")
                #expect(!secretFound, "\(secret)")
            }
        }
    }

    /// A storm's texts: messages repeated with other numbers, now and then one with a secret. The memo answers
    /// what the redactor answers for every one.
    @Test func theMemoAnswersWhatTheRedactorAnswers() {
        var memo = RedactionMemo()
        var generator = SystemRandomNumberGenerator()
        let templates = [
            "ERROR:  duplicate key value violates unique constraint \"carts_#_key\"\nDETAIL:  Key (id)=(#) already exists.",
            "2025-12-19 08:#:#.# UTC",
            "ERROR:  relation \"orders_#\" does not exist at character #",
            "connection to postgresql://app:s#cret@db#.internal:5432/app failed",
            "hash $#a$#$abcdefghijklmnopqrstuvwxyz012 for user #",
            "GET /reset?token=#&user=# 500",
            "ERROR:  value %#f is out of range for column #",
        ]
        for n in 0..<20_000 {
            let template = templates[Int.random(in: 0..<templates.count, using: &generator)]
            let text = template.split(separator: "#", omittingEmptySubsequences: false)
                .map(String.init).joined(separator: String(Int.random(in: 0..<(n.isMultiple(of: 7) ? 10 : 100_000), using: &generator)))
            let found = memo.findsNoLiteral(in: text, with: .shared)
            #expect(found == Redactor.shared.findsNoLiteral(in: text), "\(text)")
        }
    }
}
