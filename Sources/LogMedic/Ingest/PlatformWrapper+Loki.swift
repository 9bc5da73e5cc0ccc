extension PlatformWrapper {
    /// The labels naming the service, most telling first (`pod` and `container` together read `POD/CONTAINER`).
    private static let serviceLabels = ["container", "app", "service_name", "job"]

    /// `{container="api", pod="…"}` and its padding after the timestamp of Loki's `logcli query` output (logcli
    /// leaves out the labels all lines share, and trims each line: `reindented`): the service its labels name, and
    /// where the line starts.
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

    /// A line without a header of its own that logcli trimmed (`strings.TrimSpace`), indented again as Python's
    /// traceback indents it, so that its frames stay with their traceback: a frame (`File "…", line N, in f`) by two
    /// spaces, a frame's code and its `^^^` markers by four. Nil for the lines Python writes unindented: the traceback's
    /// opening and chaining lines, the exception (`module.Error: message`, a bare `KeyboardInterrupt`), its message's
    /// lines (`LINE 1: …`, `DETAIL:  …`), SQLAlchemy's `[SQL: …]` and `(Background …)`, and blank lines.
    static func reindented(_ m: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let first = m.first, first != UInt8(ascii: "["), first != UInt8(ascii: "("), first != UInt8(ascii: "{"),
              !m.hasPrefix("Traceback (most recent call last)"), !EventAssembler.isChainHeader(m), !m.hasPrefix("LINE "),
              !isExceptionLine(m) else { return nil }
        return Array((m.hasPrefix("File \"") ? "  " : "    ").utf8) + m
    }

    /// `name.Name: message`, `Name:` or a bare `Name` (its last part capitalised: not a code line such as `raise`).
    private static func isExceptionLine(_ m: UnsafeRawBufferPointer) -> Bool {
        var i = 0, part = 0
        while i < m.count, isLabelNameByte(m[i]) || m[i] == UInt8(ascii: ".") {
            if m[i] == UInt8(ascii: ".") { part = i + 1 }
            i += 1
        }
        guard i > 0 else { return false }
        if i == m.count { return part < m.count && m[part] >= 0x41 && m[part] <= 0x5A }
        return m[i] == UInt8(ascii: ":") && (i + 1 == m.count || m[i + 1] == 0x20)
    }

    private static func isLabelNameByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "_")
    }
}
