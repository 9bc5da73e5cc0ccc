import Testing
@testable import LogMedic

@Test func versionIsSemantic() {
    #expect(LogMedic.version.split(separator: ".").count == 3)
}
