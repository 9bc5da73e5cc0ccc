extension PlatformWrapper {
    /// The shortest line a container runtime splits into partial records (CRI-O's conmon reads 8 KiB at a time,
    /// containerd splits at 16 KiB): shorter lines are not searched.
    private static let shortestSplitLine = 8 * 1024

    /// How long after the line's first record its later records may be stamped (the runtime writes them at once).
    private static let splitSeconds = 10.0

    /// `kubectl logs --timestamps` of a line the runtime split into partial records: kubelet puts its timestamp before
    /// every record, so the line reads `TS part1TS part2 …`. The line from `start` with those later timestamps cut
    /// out, as the program wrote it; nil when it holds none (an RFC 3339 time with `T` and a space after it, stamped
    /// within seconds after `epoch`, the line's first).
    static func kubeletJoined(_ line: UnsafeRawBufferPointer, from start: Int, after epoch: Double?) -> [UInt8]? {
        guard let epoch, line.count - start > shortestSplitLine else { return nil }
        var joined: [UInt8] = []
        var kept = start
        var i = start + 1
        while i + 20 < line.count {
            guard line[i + 10] == UInt8(ascii: "T"), line[i + 4] == UInt8(ascii: "-"), line[i + 13] == UInt8(ascii: ":"),
                  let (length, stamped) = Timestamp.parseISO(UnsafeRawBufferPointer(rebasing: line[i...])), let at = stamped,
                  i + length < line.count, line[i + length] == 0x20, at >= epoch, at - epoch <= splitSeconds else { i += 1; continue }
            joined.append(contentsOf: line[kept..<i])
            kept = i + length + 1
            i = kept
        }
        guard kept > start else { return nil }
        joined.append(contentsOf: line[kept...])
        return joined
    }
}
