import Foundation
import Testing
@testable import LogMedic

/// UnifiedDiff against GNU `diff -u` on edge cases, and against `patch` on generated edits.
@Suite struct UnifiedDiffTests {
    static let ten = (1...10).map { "line \($0)\n" }.joined()
    static let twenty = (1...20).map { "line \($0)\n" }.joined()

    /// (name, before, after) — each with a single shortest alignment, so the hunks must match exactly.
    static let cases: [(String, String, String)] = [
        ("change in the middle", ten, ten.replacingOccurrences(of: "line 5\n", with: "line five\n")),
        ("insert at start", ten, "line 0\n" + ten),
        ("insert at end", ten, ten + "line 11\n"),
        ("delete first and last", ten, (2...9).map { "line \($0)\n" }.joined()),
        ("old lacks final newline", "a\nb\nc", "a\nb\nc\n"),
        ("new lacks final newline", "a\nb\nc\n", "a\nb\nc"),
        ("neither has final newline", "a\nb\nc", "a\nb\nC"),
        ("append to unterminated file", "a\nb", "a\nb\nc\n"),
        ("from empty", "", "a\nb\n"),
        ("to empty", "a\nb\n", ""),
        ("gap of six merges", twenty, twenty.replacingOccurrences(of: "line 5\n", with: "x\n").replacingOccurrences(of: "line 12\n", with: "y\n")),
        ("gap of seven splits", twenty, twenty.replacingOccurrences(of: "line 5\n", with: "x\n").replacingOccurrences(of: "line 13\n", with: "y\n")),
        ("block replaced by more lines", ten, ten.replacingOccurrences(of: "line 4\nline 5\n", with: "p\nq\nr\n")),
        ("crlf lines", "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n"),
        ("non-ascii", "café\nnaïve\n", "café\nnaïf\n"),
        // More than LineDiff.maxEdits differing lines: the fallback block equals GNU's when nothing is shared.
        ("large rewrite", "top\n" + (1...800).map { "a\($0)\n" }.joined() + "end\n",
         "top\n" + (1...800).map { "b\($0)\n" }.joined() + "end\n"),
    ]

    @Test(arguments: cases.map(\.0)) func matchesGNUDiff(name: String) throws {
        let (_, before, after) = try #require(Self.cases.first { $0.0 == name })
        let ours = UnifiedDiff.render(path: "f.txt", before: before, after: after)
        let gnu = try Self.gnuDiff(before, after)
        #expect(Self.hunks(ours) == Self.hunks(gnu))
        #expect(ours.hasPrefix("--- a/f.txt\n+++ b/f.txt\n@@ "))
    }

    @Test func equalTextsGiveNoDiff() {
        #expect(UnifiedDiff.render(path: "f", before: "a\n", after: "a\n") == "")
    }

    /// Generated edits may align differently from GNU's, so check the diff applies and yields `after`.
    @Test func randomEditsApplyWithPatch() throws {
        var generator = SeededGenerator(seed: 42)
        for round in 0..<40 {
            let before = (0..<Int.random(in: 0...30, using: &generator)).map { _ in "v\(Int.random(in: 0...5, using: &generator))\n" }
            var after = before
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let index = Int.random(in: 0...after.count, using: &generator)
                if Bool.random(using: &generator), index < after.count { after.remove(at: index) } else {
                    after.insert("n\(Int.random(in: 0...5, using: &generator))\n", at: index)
                }
            }
            let (old, new) = (before.joined(), after.joined())
            let patched = try Self.patch(old, with: UnifiedDiff.render(path: "f.txt", before: old, after: new))
            #expect(patched == new, "round \(round)")
        }
    }

    /// The diff from `@@` on: GNU's header lines carry names and timestamps, ours `a/` and `b/`.
    static func hunks(_ diff: String) -> String {
        guard let start = diff.range(of: "\n@@ ") else { return diff }
        return String(diff[diff.index(after: start.lowerBound)...])
    }

    static func gnuDiff(_ before: String, _ after: String) throws -> String {
        try withTemporaryDirectory { directory in
            let (old, new) = (directory.appendingPathComponent("old"), directory.appendingPathComponent("new"))
            try Data(before.utf8).write(to: old)
            try Data(after.utf8).write(to: new)
            return try run("/usr/bin/diff", ["-u", old.path, new.path])
        }
    }

    static func patch(_ before: String, with diff: String) throws -> String {
        try withTemporaryDirectory { directory in
            let (file, patchFile) = (directory.appendingPathComponent("f.txt"), directory.appendingPathComponent("p.diff"))
            try Data(before.utf8).write(to: file)
            try Data(diff.utf8).write(to: patchFile)
            _ = try run("/usr/bin/patch", ["-s", "-f", file.path, patchFile.path])
            return try String(contentsOf: file, encoding: .utf8)
        }
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}

/// A deterministic generator (SplitMix64), so a failing round can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
