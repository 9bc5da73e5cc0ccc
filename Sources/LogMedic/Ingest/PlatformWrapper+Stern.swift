extension PlatformWrapper {
    /// `POD CONTAINER ` as stern's default template writes it (`--timestamps`: then the time), after `NAMESPACE ` with
    /// `-A` or several namespaces: the pod's name is one Kubernetes generated, ending in `-` and five letters of its
    /// alphabet (a Deployment's, a Job's pods; a StatefulSet's `db-0` is not told from `api-1 exited with code 137`).
    /// The service is `POD/CONTAINER`, as `kubectl logs --prefix` names it.
    static func stern(_ line: UnsafeRawBufferPointer) -> PlatformWrapper? {
        guard var podEnd = dnsLabelEnd(line, from: 0), podEnd < line.count, line[podEnd] == 0x20 else { return nil }
        var pod = 0
        if !isGeneratedPodName(line, end: podEnd) {
            // A namespace is one DNS label (no dots), the pod's generated name after it.
            guard !line[0..<podEnd].contains(UInt8(ascii: ".")), let end = dnsLabelEnd(line, from: podEnd + 1), end < line.count,
                  line[end] == 0x20, isGeneratedPodName(line, end: end) else { return nil }
            (pod, podEnd) = (podEnd + 1, end)
        }
        guard let container = dnsLabelEnd(line, from: podEnd + 1), container < line.count, line[container] == 0x20 else { return nil }
        var wrapper = PlatformWrapper(service: text(line, pod, podEnd) + "/" + text(line, podEnd + 1, container), innerStart: container + 1)
        wrapper.readTimestamp(line)
        return wrapper
    }

    /// The end of a run of DNS-1123 label bytes (`a-z`, `0-9`, `-`, `.`) from `start`, which starts with a letter or digit.
    private static func dnsLabelEnd(_ line: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < line.count, isLowerAlphanumeric(line[start]) else { return nil }
        var i = start + 1
        while i < line.count, i - start < 253, isLowerAlphanumeric(line[i]) || line[i] == UInt8(ascii: "-") || line[i] == UInt8(ascii: ".") { i += 1 }
        return i
    }

    /// Whether the name before `end` ends in `-` and five letters of the alphabet Kubernetes generates names from
    /// (no vowels, no `0`, `1`, `3`).
    private static func isGeneratedPodName(_ line: UnsafeRawBufferPointer, end: Int) -> Bool {
        guard end > 6, line[end - 6] == UInt8(ascii: "-") else { return false }
        return UnsafeRawBufferPointer(rebasing: line[(end - 5)..<end]).allSatisfy { generatedNameBytes.contains($0) }
    }

    private static let generatedNameBytes = Set("bcdfghjklmnpqrstvwxz2456789".utf8)

    private static func isLowerAlphanumeric(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) }
}
