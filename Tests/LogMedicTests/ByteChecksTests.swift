import Testing
@testable import LogMedic

/// The per-line NUL and high-bit checks read words, four at a time and overlapping at the end: every
/// length and every position of the byte must still be seen.
@Suite("per-line byte checks")
struct ByteChecksTests {
    @Test func everyLengthAndPositionIsSeen() {
        for length in 0...80 {
            let clean = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            clean.withUnsafeBytes { #expect(ByteChecks.scan($0) == (false, false), "length \(length)") }
            for position in 0..<length {
                for (byte, expected) in [(UInt8(0), (true, false)), (UInt8(0xC3), (false, true)), (UInt8(0x80), (false, true))] {
                    var line = clean
                    line[position] = byte
                    line.withUnsafeBytes { #expect(ByteChecks.scan($0) == expected, "length \(length), \(byte) at \(position)") }
                }
            }
        }
    }

    /// Bytes next to a zero byte (0x01, 0x80, 0xFF) are where word tricks go wrong.
    @Test func neighboursOfZeroAreNotTakenForZero() {
        for byte: UInt8 in [0x01, 0x7F, 0x81, 0xFF] {
            for length in [1, 7, 8, 9, 31, 32, 33, 40] {
                let line = [UInt8](repeating: byte, count: length)
                line.withUnsafeBytes { #expect(ByteChecks.scan($0).hasNUL == false, "\(byte) × \(length)") }
            }
        }
    }
}
