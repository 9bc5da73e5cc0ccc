import Foundation
import Testing
@testable import LogMedic

/// Tests/Corpus/secrets: what real drivers, ORMs, HTTP clients, loggers and PostgreSQL print with
/// credentials around (its capture.sh). No planted secret, nor any 8-byte piece of one, reaches what
/// `scan` or `report` prints, in any format.
@Suite("secrets corpus")
struct SecretsCorpusTests {
    static let corpus = repositoryRoot.appendingPathComponent("Tests/Corpus/secrets")
    static let logs = ["app.log", "json.log", "structlog.log", "gunicorn.log", "uvicorn.log", "server.log"]
        .map { corpus.appendingPathComponent($0).path }
    /// secrets.txt: kind, TAB, value.
    static let secrets: [(kind: String, value: String)] = {
        let text = (try? String(contentsOf: corpus.appendingPathComponent("secrets.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    }()
    /// Planted, but the software never prints them as they are: Django masks its settings itself, and
    /// Basic auth sends the password and the Twilio token base64-encoded (those encodings are checked).
    static let neverPrinted: Set = ["app_user password (scram, right)", "Django DATABASES PASSWORD", "Django SECRET_KEY",
                                    "Basic auth password", "Twilio auth token (Basic auth)"]

    /// The value's 8-byte pieces at every 4th byte (the whole value when shorter).
    static func pieces(of value: String) -> [String] {
        let bytes = Array(value.utf8)
        guard bytes.count > 8 else { return [value] }
        return stride(from: 0, through: bytes.count - 8, by: 4).map { String(decoding: bytes[$0..<$0 + 8], as: UTF8.self) }
    }

    static func leaks(in output: String) -> [String] {
        secrets.flatMap { secret in pieces(of: secret.value).filter { output.contains($0) }.map { "\(secret.kind): \($0)" } }
    }

    static let findings: [Finding] = {
        var findings: [Finding] = []
        for path in logs { _ = Scanner(catalog: builtinCatalog).scan(path: path) { findings.append($0) } }
        return findings
    }()

    /// Not vacuous: every secret the software prints reaches a finding, unredacted.
    @Test func everyPrintedSecretReachesAFinding() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let raw = try Self.findings.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n")
        #expect(Self.secrets.count >= 35)
        for secret in Self.secrets where !Self.neverPrinted.contains(secret.kind) {
            #expect(raw.contains(secret.value), "\(secret.kind) reaches no finding")
        }
    }

    @Test(arguments: FindingFormat.allCases)
    func scanPrintsNoPlantedSecret(_ format: FindingFormat) {
        let formatter = FindingFormatter(format: format, style: TerminalStyle(enabled: false))
        let output = Self.findings.map { formatter.render($0) }.joined(separator: "\n")
        #expect(Self.leaks(in: output).isEmpty, "scan --format \(format): \(Self.leaks(in: output))")
    }

    /// The other side: statements that hold no value from the app (bind placeholders, `now()`, `DEFAULT`, an
    /// upsert's `EXCLUDED.password_hash`, as psycopg 3 had the server log them) keep their shape, while the bcrypt
    /// hash in the DETAIL of the same events is masked.
    @Test func statementsOfPlaceholdersKeepTheirShape() {
        let formatter = FindingFormatter(format: .ndjson, style: TerminalStyle(enabled: false))
        let output = Self.findings.filter { $0.event.text.contains("relation \"accounts\"") }.map { formatter.render($0) }
        #expect(output.count == 4)  // the server's two events, and psycopg's two tracebacks in app.log
        let joined = output.joined(separator: "\n")
        #expect(joined.contains("VALUES ($1, $2, now())"))
        #expect(joined.contains("VALUES (DEFAULT, $1, $2, now()) ON CONFLICT (id) DO UPDATE SET password_hash = EXCLUDED.password_hash"))
        #expect(Self.leaks(in: joined).isEmpty)
    }

    @Test(arguments: ReportFormat.allCases)
    func reportPrintsNoPlantedSecret(_ format: ReportFormat) {
        let report = format.reporter().render(ReportFixture.diagnose(nil, source: nil, paths: Self.logs))
        #expect(Self.leaks(in: report).isEmpty, "report --format \(format): \(Self.leaks(in: report))")
    }
}
