import Testing
@testable import LogMedic

@Suite("scratch server binaries")
struct ScratchServerTests {
    @Test func missingServerBinariesAreNamedInOneLine() {
        let error = #expect(throws: DraftError.self) {
            try ScratchServer.findBinDirectory(root: "/nonexistent/postgresql", pgConfig: "/nonexistent/pg_config")
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("initdb, pg_ctl, postgres") && message.contains("/nonexistent/postgresql/*/bin"))
        #expect(message.contains("--scratch-db DSN") && !message.contains("\n"))
    }
}
