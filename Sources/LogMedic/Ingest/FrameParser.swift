import Foundation

/// Reads code locations out of an event's text.
enum FrameParser {
    static let libraryMarkers = [
        // Debian's packaged Node modules (node-pg: /usr/share/nodejs/pg-protocol/…) and Ruby gems (…/gems/activerecord-6.1.7/…)
        "site-packages", "dist-packages", "/lib/python", "node_modules", "/usr/lib/", "/usr/share/nodejs/", "/gems/",
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
            if first == UInt8(ascii: "a"),
               let frame = javascript(text[bytes.startIndex..<bytes.endIndex]) ?? dotnet(text[bytes.startIndex..<bytes.endIndex])
                   ?? java(text[bytes.startIndex..<bytes.endIndex]) {
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
        // Read on UTF-8 bytes: walking Characters cost ~50k instructions per frame.
        let utf8 = line.utf8
        guard utf8.starts(with: "File \"".utf8) else { return nil }
        let fileStart = utf8.index(utf8.startIndex, offsetBy: 6)
        guard let quote = utf8[fileStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        let file = String(line[fileStart..<quote])
        let lineWord = utf8.index(after: quote)
        guard utf8[lineWord...].starts(with: ", line ".utf8) else { return nil }
        let digits = utf8.index(lineWord, offsetBy: 7)
        let digitsEnd = utf8[digits...].firstIndex { $0 &- 0x30 >= 10 } ?? utf8.endIndex
        // A number in another script right after the digits makes it no line number at all.
        if digitsEnd < utf8.endIndex, utf8[digitsEnd] >= 0x80, line[digitsEnd...].first?.isNumber == true { return nil }
        guard let number = Int(line[digits..<digitsEnd]) else { return nil }
        let tail = line[digitsEnd...]
        let function = tail.utf8.starts(with: ", in ".utf8) ? String(tail[tail.utf8.index(tail.startIndex, offsetBy: 5)...]) : nil
        return CodeFrame(file: file, line: number, function: function, isLibrary: isLibrary(file))
    }

    /// `at AgenciesPage (https://…/agencies.js:1:4821)` or `at https://…/agencies.js:1:4821`
    static func javascript(_ line: Substring) -> CodeFrame? {
        let utf8 = line.utf8  // bytes, like `python`
        guard utf8.starts(with: "at ".utf8) else { return nil }
        var body = line[utf8.index(utf8.startIndex, offsetBy: 3)...]
        var function: String?
        if body.utf8.last == UInt8(ascii: ")"), let open = body.utf8.lastIndex(of: UInt8(ascii: "(")) {
            function = String(body[..<open].trimmingSuffix(" "))
            body = body[body.utf8.index(after: open)..<body.utf8.index(before: body.endIndex)]
        }
        // file:line:column, where the file itself may contain colons (URLs).
        let colon = UInt8(ascii: ":")
        guard let lastColon = body.utf8.lastIndex(of: colon), let lineColon = body.utf8[..<lastColon].lastIndex(of: colon),
              let number = Int(body[body.utf8.index(after: lineColon)..<lastColon]),
              Int(body[body.utf8.index(after: lastColon)...]) != nil else { return nil }
        let file = String(body[..<lineColon])
        return CodeFrame(file: file, line: number, function: function, isLibrary: isLibrary(file))
    }

    /// A .NET frame with symbols, `at Harbour.Controllers.BerthsController.List() in /src/Harbour/BerthsController.cs:line 21`
    /// (innermost first, like a JS stack). Frames without ` in FILE:line N` (the framework's, Npgsql's) have no location.
    static func dotnet(_ line: Substring) -> CodeFrame? {
        let utf8 = line.utf8
        guard utf8.starts(with: "at ".utf8), utf8.last.map({ $0 &- 0x30 < 10 }) == true,
              let lineWord = line.range(of: ":line ", options: .backwards),
              let number = Int(line[lineWord.upperBound...]),
              let inWord = line[..<lineWord.lowerBound].range(of: ") in ", options: .backwards) else { return nil }
        let file = String(line[inWord.upperBound..<lineWord.lowerBound])
        let function = String(line[line.index(line.startIndex, offsetBy: 3)..<line.index(after: inWord.lowerBound)])
        guard !file.isEmpty else { return nil }
        return CodeFrame(file: file, line: number, function: function, isLibrary: isLibrary(file))
    }

    /// A JVM frame, `at com.example.ledger.LedgerController.list(LedgerController.java:31)`, maybe with the jar Logback
    /// prints after it (`~[classes/:na]`: the app's own classes; `~[postgresql-42.2.18.jar:42.2.18]`), innermost first.
    /// Frames without a line (`Native Method`, `Unknown Source`) have no location. Without a jar, the packages of the
    /// JDK and of common libraries (`javaLibraryPackages`) are library code.
    static func java(_ line: Substring) -> CodeFrame? {
        let utf8 = line.utf8
        guard utf8.starts(with: "at ".utf8), let open = utf8.firstIndex(of: UInt8(ascii: "(")),
              let close = utf8[open...].firstIndex(of: UInt8(ascii: ")")) else { return nil }
        let inside = line[utf8.index(after: open)..<close]
        guard let colon = inside.utf8.lastIndex(of: UInt8(ascii: ":")), let number = Int(inside[inside.utf8.index(after: colon)...]) else { return nil }
        let file = String(inside[..<colon])
        guard [".java", ".kt", ".scala", ".groovy"].contains(where: file.hasSuffix) else { return nil }
        var function = line[utf8.index(utf8.startIndex, offsetBy: 3)..<open]
        if let module = function.utf8.lastIndex(of: UInt8(ascii: "/")) { function = function[function.utf8.index(after: module)...] }  // java.base/…
        let after = line[utf8.index(after: close)...]
        let isLibrary: Bool
        if let jar = after.utf8.firstIndex(of: UInt8(ascii: "[")) {
            isLibrary = !after[after.utf8.index(after: jar)...].hasPrefix("classes")
        } else {
            isLibrary = javaLibraryPackages.contains { function.hasPrefix($0) }
        }
        return CodeFrame(file: file, line: number, function: String(function), isLibrary: isLibrary)
    }

    static let javaLibraryPackages = [
        "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.", "kotlin.", "kotlinx.", "scala.", "groovy.",
        "org.springframework.", "org.hibernate.", "org.postgresql.", "org.apache.", "org.eclipse.", "org.jboss.",
        "com.zaxxer.", "io.netty.", "reactor.", "io.r2dbc.", "io.vertx.", "com.fasterxml.", "ch.qos.", "org.slf4j.",
        "io.micrometer.", "io.quarkus.", "io.micronaut.", "org.jooq.", "org.mybatis.", "org.flywaydb.", "liquibase.",
    ]

    /// Library code, or code that is no file of the app: generated (`<sqlalchemy generated warned() wrapper …>`,
    /// `<string>`, `<frozen importlib._bootstrap>`), Node's built-ins (`node:internal/…`, `internal/…`) and
    /// compiled Cython modules, which print their source path relative to the package (asyncpg's
    /// `asyncpg/protocol/protocol.pyx`, uvloop's `uvloop/loop.pyx`).
    static func isLibrary(_ file: String) -> Bool {
        guard !file.hasPrefix("<"), !file.hasPrefix("node:"), !file.hasPrefix("internal/"),
              !file.hasSuffix(".pyx"), !file.hasSuffix(".pxd"), !file.hasSuffix(".pxi") else { return true }
        // Searched as bytes: `String.contains(String)` goes through Foundation, ~8k instructions a call on Linux.
        return file.withUTF8Bytes { path in
            libraryMarkers.contains { marker in
                marker.withUTF8Bytes { ByteSearch.contains(UnsafeRawBufferPointer(path), UnsafeRawBufferPointer($0)) }
            }
        }
    }
}

extension Substring {
    func trimmingSuffix(_ character: Character) -> Substring {
        var s = self
        while s.last == character { s = s.dropLast() }
        return s
    }
}
