import Foundation
import Testing
@testable import LogMedic

/// Large, hostile and broken input: the run finishes, counts what it skipped, and still reports
/// findings elsewhere in the same input.
@Suite struct HardeningTests {
    let before = Array(#"ERROR:  relation "before_it" does not exist"#.utf8) + [0x0A]
    let after = [0x0A] + Array(#"ERROR:  relation "after_it" does not exist"#.utf8)

    func relations(_ findings: [Finding]) -> [String] { findings.compactMap { $0.capture("relation") } }

    @Test func singleHundredMiBLine() {
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: 100 << 20)
        let (findings, stats) = scan(bytes: before + line + after)
        #expect(stats.ingest.truncatedLines == 1)
        #expect(stats.ingest.lines == 3)
        #expect(relations(findings) == ["before_it", "after_it"])
    }

    @Test func oneMillionTinyLines() {
        var bytes = before
        bytes.reserveCapacity(2_100_000)
        for _ in 0..<1_000_000 { bytes += [UInt8(ascii: "a"), 0x0A] }
        let (findings, stats) = scan(bytes: bytes + Array(after.dropFirst()))
        #expect(stats.ingest.lines == 1_000_002)
        #expect(relations(findings) == ["before_it", "after_it"])
    }

    @Test func jsonRecordWithTenThousandKeys() {
        let keys = (0..<10_000).map { #""k\#($0)":"\#($0)""# }.joined(separator: ",")
        let record = "{" + keys + #","message":"relation \"wide_record\" does not exist"}"#
        let (findings, stats) = scan(bytes: before + Array(record.utf8) + after)
        #expect(stats.ingest.malformedJSONLines == 0)
        #expect(relations(findings) == ["before_it", "wide_record", "after_it"])
    }

    @Test func mixedEncodingsAndLineEndings() {
        var bytes = before
        bytes += [0x63, 0x61, 0x66, 0xE9, 0x0D, 0x0A]                       // Latin-1 "café", CRLF
        bytes += [0xFF, 0xFE, 0x68, 0x00, 0x69, 0x00, 0x0A]                 // UTF-16LE "hi" with BOM
        bytes += Array("日本語のログ → ok\r\n".utf8)                           // valid UTF-8, CRLF
        bytes += [0xC3, 0x28, 0x0A]                                         // broken 2-byte sequence
        let (findings, stats) = scan(bytes: bytes + Array(after.dropFirst()))
        #expect(stats.ingest.invalidUTF8Lines == 3)
        #expect(stats.ingest.nulLines == 1)
        #expect(stats.ingest.crlfLines == 2)
        #expect(relations(findings) == ["before_it", "after_it"])
    }

    @Test func tracebackThatNeverEndsDoesNotGrowWithoutBound() {
        var bytes = Array("Traceback (most recent call last):\n".utf8)
        let frame = Array("  File \"/app/x.py\", line 1, in f\n".utf8)
        for _ in 0..<200_000 { bytes += frame }
        let (findings, stats) = scan(bytes: bytes + Array(after.dropFirst()))
        #expect(stats.ingest.oversizedEvents == 1)
        #expect(relations(findings) == ["after_it"])
    }
}

@Suite struct RedactionTests {
    static let secrets: [(text: String, secret: String)] = [
        ("Connecting to postgresql://postgres:Railway-S3cret-Pw@db.internal:6543/railway", "Railway-S3cret-Pw"),
        ("redis://:hunter2hunter2@cache:6379/0", "hunter2hunter2"),
        ("export PGPASSWORD=pa55w0rd-xyz && psql", "pa55w0rd-xyz"),
        ("host=db user=app password=kv-secret-1 dbname=x", "kv-secret-1"),
        ("GET /login?user=bob&password=qs-secret-9 HTTP/1.1", "qs-secret-9"),
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123def", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123def"),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiYm9iIn0.sig-nat_ure in cookie", "eyJ1c2VyIjoiYm9iIn0"),
        ("aws_access_key_id=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI"),
        (#"{"password": "json-secret-77", "user": "x"}"#, "json-secret-77"),
        ("api_key: sk_live_4eC39HqLyjWDarjtT1zdp7dc", "4eC39HqLyjWDarjtT1zdp7dc"),
        ("github token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
    ]

    @Test(arguments: secrets.indices)
    func secretShapeIsRedacted(index: Int) {
        let (text, secret) = Self.secrets[index]
        let redacted = Redactor.shared.redact(text)
        #expect(!redacted.contains(secret), "\(redacted)")
        #expect(redacted.contains("***"))
    }

    @Test func ordinaryTextIsLeftAlone() {
        let text = #"relation "user_invitations" does not exist; GET /api/admin/agencies?skip=0 200"#
        #expect(Redactor.shared.redact(text) == text)
    }

    @Test func scanOutputIsRedactedInBothFormats() {
        let log = Self.secrets.map(\.text).joined(separator: "\n") + "\n" + #"ERROR:  relation "x" does not exist"#
        let lines = Self.secrets.map { "Traceback (most recent call last):\n  File \"a.py\", line 1, in f\nException: \($0.text) relation \"t\" does not exist" }
        let (findings, _) = scan(log + "\n" + lines.joined(separator: "\n"))
        #expect(findings.count >= Self.secrets.count)
        for format in FindingFormat.allCases {
            let output = findings.map { FindingFormatter(format: format, style: TerminalStyle(enabled: false)).render($0) }.joined()
            for (_, secret) in Self.secrets { #expect(!output.contains(secret), "\(format): \(secret)") }
        }
    }
}
