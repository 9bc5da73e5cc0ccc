import Foundation

extension UnsafeRawBufferPointer {
    /// Whether the bytes begin with `prefix`: a length test and `bytesEqual`, where `starts(with: "…".utf8)`
    /// walks a String's UTF-8 view byte by byte (that showed up on every line an event is offered).
    @inline(__always)
    func hasPrefix(_ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard length > 0 else { return true }
        guard count >= length, let base = baseAddress else { return false }
        return bytesEqual(base, prefix.utf8Start, count: length)
    }
}
