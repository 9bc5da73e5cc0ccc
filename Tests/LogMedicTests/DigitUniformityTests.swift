import Testing
@testable import LogMedic

/// Which patterns treat every digit alike: those whose outcome a text may hand to another that differs only in
/// its digits (`EventOutcomeMemo`). A pattern read wrongly as uniform would give one text another's rule.
@Suite("Digit uniformity")
struct DigitUniformityTests {
    @Test(arguments: [
        #"Key \((?<key>[^)]{1,255})\)=\("#,
        #"relation "(?<relation>[^"\r\n]{1,255})" does not exist"#,
        #"at character \d+"#,
        #"[0-9A-Fa-f]{1,16}: (?:\(nodb\)|[^\s/]{1,63})"#,
        #"[[:alnum:]_]+\b\w{2,}"#,
        #"\p{L}+ \pN (?i)abc(?=x)(?!y)(?<=z)"#,
        #"[ -~]+ [\d.]+ [^]x]"#,
        #"a{,b} \{ c"#,  // a brace that is no quantifier holds no digit either
    ])
    func uniform(_ pattern: String) {
        #expect(DigitUniformity.isUniform(pattern))
    }

    @Test(arguments: [
        #"(?:\(SQLSTATE |SQLState: )23505\b"#,  // a digit standing for itself
        #"connect ECONNREFUSED (?<host>[^:]+):(?<port>5432|6543)"#,
        #"HTTPError: (?<status>[45][0-9]{2})"#,  // a class naming some digits
        #"[1-9]\d*"#,
        #"\x30"#, #"\x{35}"#, #"\060"#, #"\Q1\E"#, #"\N{U+0031}"#,  // escapes that may stand for a digit
        #"(?<id>\d+) again \k<id>"#, #"(\d)\1"#, #"(?<n>\d)(?P=n)"#, #"(\d)\g{-1}"#,  // back references compare texts
        #"(?C1)x"#, #"(?C)x"#,  // callouts run code
        #"x{1}5"#, #"[{2}]"#, #"x{2,3"#,  // a digit outside a whole quantifier, or inside a class
        #"(?<n1>x)"#, #"(*LIMIT_MATCH=10)x"#,  // digits in names and verbs: not worth telling apart
    ])
    func notUniform(_ pattern: String) {
        #expect(!DigitUniformity.isUniform(pattern))
    }

    /// Most of the catalog is uniform: what a failure storm's messages are matched by.
    @Test func mostOfTheCatalogIsUniform() {
        let uniform = builtinCatalog.patternIsDigitUniform.filter { $0 }.count
        #expect(uniform * 4 > builtinCatalog.patterns.count * 3)
        let ruleIDs = builtinCatalog.patterns.indices.filter { builtinCatalog.patternIsDigitUniform[$0] }
            .map { builtinCatalog.rules[builtinCatalog.patterns[$0].ruleIndex].id }
        for id in ["foreign_key_violation", "unique_violation", "undefined_table", "deadlock_detected", "not_null_violation"] {
            #expect(ruleIDs.contains(id))
        }
    }
}
