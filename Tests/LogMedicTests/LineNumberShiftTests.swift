import Testing
@testable import LogMedic

/// A chunk rendered before the lines before it are known: its numbers, written from its own start (negative
/// before it: its warm-up's context lines), are shifted in place once they are.
struct LineNumberShiftTests {
    @Test(arguments: [
        ([1, 9, 10, 99, 12345, 7], 856_886),  // each grows
        ([-12, -9, -1, 0, 3], 856_910),  // context lines of the warm-up: signs go, digits come
        ([-256, -100, 1, 2], 260),  // a number shrinks: "-256" becomes "4"
        ([5, 6], 0),
    ])
    func numbersWrittenBeforeTheLinesBeforeWereKnownAreShiftedByThem(numbers: [Int], linesBefore: Int) {
        var shift = LineNumberShift.recording
        var out: [UInt8] = []
        for number in numbers {
            out += #"{"line":"#.utf8
            out += String(shift.written(number, at: out.count)).utf8
            out += "}\n".utf8
        }
        shift.settle(&out, linesBefore: linesBefore)
        #expect(String(decoding: out, as: UTF8.self) == numbers.map { #"{"line":\#($0 + linesBefore)}"# + "\n" }.joined())
        #expect(shift.written(1, at: 0) == 1 + linesBefore, "later numbers are written shifted")
    }
}
