extension PlatformWrapper {
    /// How far into a coloured line the prefix is looked for.
    private static let colouredPrefixBytes = 512

    /// A prefix in ANSI colours (SGR sequences, `ESC[36m` … `ESC[0m`), as `docker compose logs` writes it to a
    /// terminal (or when told `--ansi always`): read with the colours left out, the line starting after them.
    static func coloured(_ line: UnsafeRawBufferPointer) -> PlatformWrapper? {
        var plain: [UInt8] = []
        /// Where each byte of `plain` is in `line`.
        var origin: [Int] = []
        var i = 0
        let end = min(line.count, colouredPrefixBytes)
        while i < end {
            if let after = sgrEnd(line, at: i) {
                i = after
                continue
            }
            plain.append(line[i])
            origin.append(i)
            i += 1
        }
        guard let first = plain.first, first != 0x1B else { return nil }
        return plain.withUnsafeBytes { bytes -> PlatformWrapper? in
            guard var wrapper = parse(bytes, leadingTimestamp: Timestamp.parseISO(bytes)) else { return nil }
            wrapper.innerStart = wrapper.innerStart < origin.count ? origin[wrapper.innerStart] : i
            return wrapper
        }
    }

    /// Where an SGR sequence (`ESC [ digits;… m`) at `at` ends.
    private static func sgrEnd(_ line: UnsafeRawBufferPointer, at: Int) -> Int? {
        guard line[at] == 0x1B, at + 2 < line.count, line[at + 1] == UInt8(ascii: "[") else { return nil }
        var i = at + 2
        while i < line.count, i - at < 16, (line[i] >= 0x30 && line[i] <= 0x39) || line[i] == UInt8(ascii: ";") { i += 1 }
        guard i < line.count, line[i] == UInt8(ascii: "m") else { return nil }
        return i + 1
    }
}
