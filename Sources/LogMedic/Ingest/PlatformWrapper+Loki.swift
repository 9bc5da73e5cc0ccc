extension PlatformWrapper {
    /// The labels naming the service, most telling first (`pod` and `container` together read `POD/CONTAINER`).
    private static let serviceLabels = ["container", "app", "service_name", "job"]

    /// `{container="api", pod="…"}` and its padding after the timestamp of Loki's `logcli query` output (logcli
    /// leaves out the labels all lines share, and trims each line): the service its labels name, and where the
    /// line starts.
    static func lokiLabels(_ line: UnsafeRawBufferPointer, from start: Int) -> (String?, Int)? {
        guard start < line.count, line[start] == UInt8(ascii: "{") else { return nil }
        var labels: [String: String] = [:]
        var i = start + 1
        while i < line.count, line[i] != UInt8(ascii: "}") {
            let name = i
            while i < line.count, i - name < 128, isLabelNameByte(line[i]) { i += 1 }
            guard i > name, i + 1 < line.count, line[i] == UInt8(ascii: "="), line[i + 1] == UInt8(ascii: "\"") else { return nil }
            let value = i + 2
            i = value
            while i < line.count, line[i] != UInt8(ascii: "\"") { i += line[i] == UInt8(ascii: "\\") ? 2 : 1 }
            guard i < line.count else { return nil }
            labels[text(line, name, value - 2)] = text(line, value, i)
            i += 1
            if i + 1 < line.count, line[i] == UInt8(ascii: ","), line[i + 1] == 0x20 { i += 2 }
        }
        guard i + 1 < line.count, line[i + 1] == 0x20 else { return nil }
        i += 1
        while i < line.count, line[i] == 0x20 { i += 1 }
        if let pod = labels["pod"], let container = labels["container"] { return (pod + "/" + container, i) }
        return (serviceLabels.lazy.compactMap { labels[$0] }.first, i)
    }

    private static func isLabelNameByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "_")
    }
}
