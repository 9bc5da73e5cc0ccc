import Foundation
import Testing
@testable import LogMedic

/// Every shape of redaction/secrets.yaml masks its examples (alone and within the whole table), and
/// the whole table leaves every look-alike untouched.
@Suite("secret table")
struct SecretTableTests {
    static let table = try! SecretTable.load(path: repositoryRoot.appendingPathComponent("redaction/secrets.yaml").path)
    static let redactor = try! Redactor(table: table)

    @Test func theTableHasSixtyShapesEachWithExamplesAndLookalikes() {
        #expect(Self.table.shapes.count >= 60)
        #expect(Set(Self.table.shapes.map(\.id)).count == Self.table.shapes.count, "shape ids are unique")
        for shape in Self.table.shapes {
            #expect(!shape.masked.isEmpty, "\(shape.id) has no masked example")
            #expect(!shape.lookalikes.isEmpty, "\(shape.id) has no look-alike")
        }
    }

    /// A UUID (a request id, a temporary directory's name) is no secret, whatever its hex digits spell: one in
    /// 16^4 begins a group with `EAAA`, which Square's token shape took for a token (a test's temporary path was
    /// masked in one report and not in another, about one run in four).
    @Test func uuidsAreNeverMasked() {
        var generator = SeededGenerator(seed: 44)
        for _ in 0..<200_000 {
            let hex = (0..<32).map { _ in String(Int.random(in: 0..<16, using: &generator), radix: 16, uppercase: true) }.joined()
            var uuid = hex
            for at in [20, 16, 12, 8] { uuid.insert("-", at: uuid.index(uuid.startIndex, offsetBy: at)) }
            let path = "/tmp/logmedic-test-\(uuid)/requests.log"
            #expect(Self.redactor.redact(path) == path)
        }
    }

    @Test(arguments: table.shapes.map(\.id))
    func eachShapeAloneMasksItsExamples(_ id: String) throws {
        let shape = try #require(Self.table.shapes.first { $0.id == id })
        let alone = try Redactor(shape: shape, of: Self.table)
        for example in shape.masked {
            for redactor in [alone, Self.redactor] {
                let out = redactor.redact(example.text)
                #expect(out.contains(Redactor.mask), "\(id): \(example.text) → \(out)")
                for secret in example.secrets {
                    #expect(!out.contains(secret), "\(id): \(secret) survives in \(out)")
                }
            }
        }
    }

    /// A key spelled with escapes holds no literal as written: findings with one were printed unchecked.
    @Test func keysSpelledWithEscapesAreCheckedAndMasked() {
        for text in [#"{"cfg":{"db":{"\u0070assword":"hunter2secret"}}}"#, "GET /login?user=a&p%61ssword=hunter2secret",
                     #"{"\u0061pi_key": "hunter2secret"}"#] {
            #expect(!Self.redactor.findsNoLiteral(in: text), "\(text)")
            let out = Self.redactor.redact(text)
            #expect(!out.contains("hunter2secret") && out.contains(Redactor.mask), "\(text) → \(out)")
        }
        #expect(Self.redactor.redact("100%25 done, GET /a%20b") == "100%25 done, GET /a%20b")
    }

    @Test(arguments: table.shapes.map(\.id))
    func lookalikesComeOutUnchanged(_ id: String) throws {
        let shape = try #require(Self.table.shapes.first { $0.id == id })
        for text in shape.lookalikes { #expect(Self.redactor.redact(text) == text, "\(id)") }
    }

    /// A bare value stops before an SQL keyword (upper case, as ORMs and the server print statements): the
    /// statement stays readable around the masked value.
    @Test func aBareValueInAStatementStopsBeforeTheNextKeyword() {
        #expect(Self.redactor.redact("STATEMENT:  UPDATE accounts SET api_key = 90210 WHERE id = 7")
                == "STATEMENT:  UPDATE accounts SET api_key = *** WHERE id = 7")
    }

    /// A value masked once in a text is masked wherever the text repeats it: the DETAIL of a unique
    /// violation names the token, the STATEMENT of the same event wrote it (real PostgreSQL 15 lines).
    @Test func aValueMaskedOnceIsMaskedWhereverTheTextRepeatsIt() {
        let event = """
            ERROR:  duplicate key value violates unique constraint "Keys_apiToken_key"
            DETAIL:  Key ("apiToken")=(RealDupTok123) already exists.
            STATEMENT:  insert into "Keys" values ('RealDupTok123'), ('RealDupTok123-2')
            """
        let out = Self.redactor.redact(event)
        #expect(!out.contains("RealDupTok123"), "\(out)")
        #expect(out.hasSuffix("STATEMENT:  insert into \"Keys\" values ('***'), ('***-2')"), "\(out)")
        // A composite key's values are chased one by one; its short ones (an id) are not. (An INSERT that
        // names api_key has its whole VALUES list masked by sql-secret-column-values.)
        let composite = """
            DETAIL:  Key (api_key, tenant_id)=(k3y-abc-123, 7) already exists.
            STATEMENT:  SELECT id FROM keys WHERE (api_key, tenant_id) = ('k3y-abc-123', 7)
            """
        #expect(Self.redactor.redact(composite).hasSuffix("= ('***', 7)"), "\(Self.redactor.redact(composite))")
        // Short values are not chased through the text: password=admin leaves other "admin"s alone.
        #expect(Self.redactor.redact("user admin logged in with password=admin") == "user admin logged in with password=***")
    }

    @Test func redactionIsIdempotent() {
        for example in Self.table.shapes.flatMap(\.masked) {
            let once = Self.redactor.redact(example.text)
            #expect(Self.redactor.redact(once) == once, "\(example.text)")
        }
    }

    @Test func theBuiltinTableIsFoundAndLoaded() {
        #expect(Redactor.shared.failure == nil)
        #expect(Redactor.shared.redact("password=hunter2") == "password=***")
    }

    /// A 400 KB line of near-misses with a secret at each end: the probe that came out with the
    /// secret in clear when PCRE2's match limit was hit.
    @Test(arguments: ["password=", "://a:", "pass ", "x\"password\\\":", "-----BEGIN ", "sk-", "Cookie"])
    func aHostileLineKeepsNoSecret(_ unit: String) {
        let filler = String(repeating: unit, count: 400_000 / unit.count)
        let line = "password=hunter2 " + filler + " postgresql://app:hunter3@db/app"
        let out = Self.redactor.redact(line)
        #expect(!out.contains("hunter2"))
        #expect(!out.contains("hunter3"))
    }

    @Test func aValueLongerThanItsWindowIsMaskedToTheEnd() {
        let long = String(repeating: "s3cret", count: 2000)
        let out = Self.redactor.redact("password=\(long) tail")
        #expect(out == "password=***")
    }

    @Test func aMatcherLimitMasksTheWholeText() throws {
        var limits = MatchScratch.Limits()
        limits.matchLimit = 1
        let strict = try Redactor(shapes: Self.table.shapes.map { ($0, Self.table.expandedPattern(of: $0)) }, limits: limits)
        #expect(strict.redact("user=app password=hunter2") == Redactor.unchecked)
        #expect(strict.redact("nothing to see") == "nothing to see")
    }

    /// A worker of a scan on several cores redacts with a copy of the table's redactor: it masks, and
    /// leaves, exactly what the original does, limits included, and a redactor failing closed stays so.
    @Test func aCopyRedactsAsTheOriginalDoes() throws {
        let texts = Self.table.shapes.flatMap { $0.masked.map(\.text) + $0.lookalikes }
        let copy = Self.redactor.copy()
        #expect(copy !== Self.redactor)
        for text in texts { #expect(copy.redact(text) == Self.redactor.redact(text), "\(text)") }
        var limits = MatchScratch.Limits()
        limits.matchLimit = 1
        let strict = try Redactor(shapes: Self.table.shapes.map { ($0, Self.table.expandedPattern(of: $0)) }, limits: limits)
        #expect(strict.copy().redact("user=app password=hunter2") == Redactor.unchecked)
        let closed = Redactor.loading(path: "/nonexistent/secrets.yaml").copy()
        #expect(closed.failure != nil && closed.redact("nothing to see") == Redactor.unchecked)
    }

    @Test func aMissingTableMasksEverything() {
        let redactor = Redactor.loading(path: "/nonexistent/secrets.yaml")
        #expect(redactor.failure != nil)
        #expect(redactor.redact("password=hunter2") == Redactor.unchecked)
    }

    /// The table is read with every scalar a string: a window must still be a number, and a table that
    /// says otherwise masks everything rather than load.
    @Test func aWindowThatIsNotANumberMakesTheTableInvalid() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shape = "shapes:\n  - id: p\n    literals: [password]\n    pattern: 'password=(?<secret>\\S+)'\n    window: %@\n    masked: []\n    lookalikes: []\n"
        for (window, loads) in [("64", true), ("'64'", true), ("lots", false), ("6.5", false)] {
            let path = folder.appendingPathComponent("\(window).yaml").path
            try Data(shape.replacingOccurrences(of: "%@", with: window).utf8).write(to: URL(fileURLWithPath: path))
            let redactor = Redactor.loading(path: path)
            #expect((redactor.failure == nil) == loads, "\(window): \(redactor.failure ?? "")")
            #expect(!redactor.redact("password=hunter2").contains("hunter2"))
        }
    }

    @Test func multibyteTextAroundASecretStaysValid() {
        #expect(Self.redactor.redact("пароль password=héllo wörld") == "пароль password=***")
    }
}

/// `{{name}}` in a shape's pattern is its fragment; an unknown name, or braces that do not close, stay as written.
@Suite struct ExpandedPatternTests {
    @Test func fragmentsFillTheirPlaceholdersAndNothingElse() throws {
        let yaml = """
            fragments:
              sep: '\\s*[:=]\\s*'
              value: '(?<secret>\\S+)'
            shapes:
              - {id: a, literals: [x], pattern: 'pass{{sep}}{{value}}', masked: [], lookalikes: []}
              - {id: b, literals: [x], pattern: 'x{{nope}}y{{sep', masked: [], lookalikes: []}
              - {id: c, literals: [x], pattern: 'a{{{sep}}b{1,2}', masked: [], lookalikes: []}
              - {id: d, literals: [x], pattern: 'plain', masked: [], lookalikes: []}
            """
        let table = try StringTreeDecoder.decode(SecretTable.self, from: yaml)
        #expect(table.shapes.map(table.expandedPattern) == [
            #"pass\s*[:=]\s*(?<secret>\S+)"#, "x{{nope}}y{{sep", "a{{{sep}}b{1,2}", "plain",
        ])
    }

    /// `value` leaves a bind placeholder alone by naming the `placeholder` fragment.
    @Test func aFragmentsOwnPlaceholdersAreFilledToo() throws {
        let yaml = """
            fragments:
              digit: '[0-9]'
              value: '(?!{{digit}})(?<secret>\\S+)'
            shapes:
              - {id: a, literals: [k], pattern: 'k={{value}}', masked: [], lookalikes: []}
            """
        let table = try StringTreeDecoder.decode(SecretTable.self, from: yaml)
        #expect(table.shapes.map(table.expandedPattern) == [#"k=(?![0-9])(?<secret>\S+)"#])
    }

    @Test func noShapeOfTheTableKeepsAKnownPlaceholder() throws {
        let table = SecretTableTests.table
        for shape in table.shapes {
            let expanded = table.expandedPattern(of: shape)
            for name in (table.fragments ?? [:]).keys { #expect(!expanded.contains("{{\(name)}}"), "\(shape.id)") }
        }
    }
}
