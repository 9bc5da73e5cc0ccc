import Foundation

/// Reads code locations out of an event's text.
enum FrameParser {
    static let libraryMarkers = [
        "site-packages", "dist-packages", "/lib/python", "node_modules", "/usr/lib/",
        "react-dom", "/chunks/framework-", "/chunks/main-", "/chunks/webpack-",
    ]

    /// Frames outermost first, innermost last, whatever the language: Python prints them that way,
    /// JS stacks the other way round, so each JS stack is reversed.
    static func frames(in text: String) -> [CodeFrame] {
        guard mayHaveFrames(text) else { return [] }
        var frames: [CodeFrame] = []
        var jsStack: [CodeFrame] = []
        // Lines are cut on bytes, and only those that start like a frame become Substrings: splitting the whole
        // text into Characters cost more than the rest of a finding.
        for raw in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var bytes = raw.drop { $0 == 0x20 || $0 == 0x09 }
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            let first = bytes.first
            if first == UInt8(ascii: "a"), let frame = javascript(text[bytes.startIndex..<bytes.endIndex]) {
                jsStack.append(frame)
                continue
            }
            frames += jsStack.reversed()
            jsStack = []
            if first == UInt8(ascii: "F"), let frame = python(text[bytes.startIndex..<bytes.endIndex]) { frames.append(frame) }
        }
        return frames + jsStack.reversed()
    }

    /// Whether some line, after its indentation, starts like a frame (`File "` or `at `): most events
    /// have no frame, and this byte scan spares them splitting into substrings.
    static func mayHaveFrames(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard var at = bytes.baseAddress else { return false }
            let end = at + bytes.count
            while true {  // from one line start to the next with memchr: only line starts matter
                while at < end, at.pointee == 0x20 || at.pointee == 0x09 { at += 1 }
                if at < end, at.pointee == UInt8(ascii: "F") || at.pointee == UInt8(ascii: "a") { return true }
                guard at < end, let newline = memchr(at, 0x0A, end - at) else { return false }
                at = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) + 1
            }
        } ?? true
    }

    /// `File "/app/app/routers/admin.py", line 292, in database_health`
    static func python(_ line: Substring) -> CodeFrame? {
        guard line.hasPrefix("File \"") else { return nil }
        let afterFile = line.dropFirst(6)
        guard let quote = afterFile.firstIndex(of: "\"") else { return nil }
        let file = String(afterFile[..<quote])
        let rest = afterFile[quote...].dropFirst()
        guard rest.hasPrefix(", line ") else { return nil }
        let digits = rest.dropFirst(7).prefix { $0.isNumber }
        guard let number = Int(digits) else { return nil }
        let tail = rest.dropFirst(7 + digits.count)
        let function = tail.hasPrefix(", in ") ? String(tail.dropFirst(5)) : nil
        return CodeFrame(file: file, line: number, function: function, isLibrary: isLibrary(file))
    }

    /// `at AgenciesPage (https://…/agencies.js:1:4821)` or `at https://…/agencies.js:1:4821`
    static func javascript(_ line: Substring) -> CodeFrame? {
        guard line.hasPrefix("at ") else { return nil }
        var body = line.dropFirst(3)
        var function: String?
        if body.last == ")", let open = body.lastIndex(of: "(") {
            function = String(body[..<open].trimmingSuffix(" "))
            body = body[body.index(after: open)..<body.index(before: body.endIndex)]
        }
        // file:line:column, where the file itself may contain colons (URLs).
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let number = Int(parts[parts.count - 2]), Int(parts[parts.count - 1]) != nil else { return nil }
        let file = parts.dropLast(2).joined(separator: ":")
        return CodeFrame(file: file, line: number, function: function, isLibrary: isLibrary(file))
    }

    /// Library code, or code that is no file of the app: generated (`<sqlalchemy generated warned() wrapper …>`,
    /// `<string>`, `<frozen importlib._bootstrap>`) and Node's built-ins (`node:internal/…`, `internal/…`).
    static func isLibrary(_ file: String) -> Bool {
        file.hasPrefix("<") || file.hasPrefix("node:") || file.hasPrefix("internal/")
            || libraryMarkers.contains { file.contains($0) }
    }
}

extension Substring {
    func trimmingSuffix(_ character: Character) -> Substring {
        var s = self
        while s.last == character { s = s.dropLast() }
        return s
    }
}
