import CPCRE2
import Foundation

/// Removes credentials from any text logmedic prints, by the shapes in `redaction/secrets.yaml`.
///
/// Linear in the text: one case-insensitive scan for the shapes' literals (`SecretLiteralScanner`, no
/// PCRE2 for a text without one), then each shape is tried
/// anchored at a literal it owns, in a window of at most its `window` bytes. A value that reaches its
/// window's end is masked to the end of the text, and the total window bytes tried are bounded by a
/// multiple of the text's length (256 per byte). Fails closed: if the table cannot be loaded, a matcher hits a PCRE2
/// limit or the work bound is exceeded, the whole text is replaced, never passed through.
///
/// The shapes are not part of the rule catalog on purpose: a `--rules` directory cannot switch
/// redaction off.
public final class Redactor: @unchecked Sendable {
    public static let mask = "***"
    /// What a text becomes when it could not be checked for secrets.
    public static let unchecked = "[redacted: this text could not be checked for secrets]"

    struct Matcher {
        let regex: Regex
        let window: Int
        let secretGroups: [Int]
    }

    private struct Literal {
        let bytes: [UInt8]
        let matchers: [Int]
    }

    /// How the positions where a literal starts are found.
    enum Prefilter {
        /// `SecretLiteralScanner`: what every redactor uses.
        case literalTable
        /// A caseless PCRE2 alternation of the literals: the reference the table is tested against.
        case pcre2Alternation
    }

    private enum Candidates {
        case table(SecretLiteralScanner)
        case alternation(Regex)
    }

    private let matchers: [Matcher]
    /// Lower-cased literals by their first byte.
    private let literals: [[Literal]]
    private let candidates: Candidates?
    /// The table of `candidates`, if that is what it is: read per finding, without unwrapping the enum.
    private let tableScanner: SecretLiteralScanner?
    /// The same literals with their digits read as `0` (`CleanTextClasses`), when `tableScanner` is the prefilter.
    private let digitClassScanner: SecretLiteralScanner?
    /// Why every text is masked whole (the table could not be loaded), if so.
    public let failure: String?
    private let scratch: MatchScratch
    private let lock = NSLock()
    /// What this redactor was made from, for `copy()`; nil when it fails closed.
    private let origin: (shapes: [(SecretTable.Shape, String)], limits: MatchScratch.Limits, prefilter: Prefilter)?

    static let defaultWindow = 1024
    static let workPerByte = 256
    static let workAllowance = 1 << 20

    /// The built-in table; if it cannot be loaded, a redactor that masks every text whole.
    public static let shared: Redactor = {
        do { return loading(path: try SecretTable.builtinPath()) } catch {
            return Redactor(failingClosed: String(describing: error))
        }
    }()

    /// The redactor of the table at `path`; if it cannot be loaded, one that masks every text whole.
    public static func loading(path: String) -> Redactor {
        do { return try Redactor(table: SecretTable.load(path: path)) } catch {
            return Redactor(failingClosed: String(describing: error))
        }
    }

    public convenience init(table: SecretTable) throws {
        try self.init(shapes: table.shapes.map { ($0, table.expandedPattern(of: $0)) })
    }

    /// A redactor of one shape of `table`, to test that shape alone.
    public convenience init(shape: SecretTable.Shape, of table: SecretTable) throws {
        try self.init(shapes: [(shape, table.expandedPattern(of: shape))])
    }

    init(
        shapes: [(SecretTable.Shape, String)], limits: MatchScratch.Limits = MatchScratch.Limits(),
        prefilter: Prefilter = .literalTable
    ) throws {
        var matchers: [Matcher] = []
        var matcherIndex: [String: Int] = [:]
        var owners: [[UInt8]: Set<Int>] = [:]
        for (shape, pattern) in shapes {
            let window = shape.window ?? Self.defaultWindow
            let key = "\(window) \(pattern)"
            let index: Int
            if let known = matcherIndex[key] { index = known } else {
                let regex: Regex
                do { regex = try Regex(pattern, options: UInt32(PCRE2_ANCHORED)) } catch {
                    throw SecretTableError.badShape(id: shape.id, reason: "\(error)")
                }
                let groups = regex.groupNames.indices.filter { regex.groupNames[$0]?.hasPrefix("secret") == true }
                guard !groups.isEmpty else { throw SecretTableError.badShape(id: shape.id, reason: "no (?<secret…>) group to mask") }
                guard window > 0 else { throw SecretTableError.badShape(id: shape.id, reason: "window must be positive") }
                index = matchers.count
                matcherIndex[key] = index
                matchers.append(Matcher(regex: regex, window: window, secretGroups: groups))
            }
            guard !shape.literals.isEmpty else { throw SecretTableError.badShape(id: shape.id, reason: "no literals") }
            for literal in shape.literals {
                let bytes = Array(literal.utf8).map(SecretLiteralScanner.lowered)
                guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else {
                    throw SecretTableError.badShape(id: shape.id, reason: "literal \"\(literal)\" must be non-empty ASCII")
                }
                owners[bytes, default: []].insert(index)
            }
        }
        var buckets = [[Literal]](repeating: [], count: 256)
        for (bytes, owned) in owners { buckets[Int(bytes[0])].append(Literal(bytes: bytes, matchers: owned.sorted())) }
        self.matchers = matchers
        self.literals = buckets
        if owners.isEmpty {
            self.candidates = nil
            self.tableScanner = nil
            self.digitClassScanner = nil
        } else if prefilter == .literalTable {
            let literals = Array(owners.keys) + [Self.jsonEscape]
            let scanner = SecretLiteralScanner(literals: literals)
            self.candidates = .table(scanner)
            self.tableScanner = scanner
            let digitsAsZero = literals.map(DigitClass.readingDigitsAsZero)
            self.digitClassScanner = SecretLiteralScanner(literals: Array(Set(digitsAsZero)))
        } else {
            let alternation = (Array(owners.keys) + [Self.jsonEscape]).sorted { $0.lexicographicallyPrecedes($1) }
                .map { $0.map(Self.escaped).joined() }.joined(separator: "|")
            self.candidates = .alternation(try Regex("(?i)(?:\(alternation))", options: 0))
            self.tableScanner = nil
            self.digitClassScanner = nil
        }
        self.failure = nil
        self.scratch = MatchScratch(maxCaptureCount: max(1, matchers.map(\.regex.captureCount).max() ?? 1), limits: limits)
        self.origin = (shapes, limits, prefilter)
    }

    private init(failingClosed reason: String) {
        matchers = []
        literals = []
        candidates = nil
        tableScanner = nil
        digitClassScanner = nil
        failure = reason
        scratch = MatchScratch()
        origin = nil
    }

    /// An equal redactor that shares no object with this one, for a thread that redacts per finding while
    /// others do: threads that retain and release one object pass its count's cache line between cores.
    public func copy() -> Redactor {
        guard let origin else { return Redactor(failingClosed: failure ?? "") }
        do { return try Redactor(shapes: origin.shapes, limits: origin.limits, prefilter: origin.prefilter) } catch {
            return Redactor(failingClosed: String(describing: error))  // unreachable: these shapes compiled once
        }
    }

    /// Log text made fit for display: secrets masked, terminal control characters made visible.
    public func scrub(_ text: String) -> String { ControlCharacters.escaped(redact(text)) }

    /// Whether no shape's literal occurs in `text`, so that neither it nor any part of it can hold a
    /// secret (a literal in a part is a literal in the whole): scrubbing it only escapes controls.
    public func findsNoLiteral(in text: String) -> Bool {
        guard failure == nil else { return false }
        return text.withUTF8Bytes { bytes in
            if Self.mayHoldPercentEscape(bytes) { return false }
            if let scanner = tableScanner { return scanner.next(in: UnsafeRawBufferPointer(bytes), from: 0) == nil }  // immutable: no lock
            guard let candidates else { return true }
            lock.lock(); defer { lock.unlock() }
            return (try? nextCandidate(candidates, in: UnsafeRawBufferPointer(bytes), from: 0)) == .some(nil)
        }
    }

    /// Whether no text that differs from `key` only in its ASCII digits holds a literal, `key` having every digit
    /// `0` (`CleanTextClasses`); false when that cannot be told this way.
    func findsNoLiteral(inDigitClass key: UnsafeRawBufferPointer) -> Bool {
        guard failure == nil, let digitClassScanner else { return false }
        // A percent escape is `%` and two hex digits: a text of the class holds one where the key does.
        return !Self.mayHoldPercentEscape(key.assumingMemoryBound(to: UInt8.self)) && digitClassScanner.next(in: key, from: 0) == nil
    }

    /// The text with every secret replaced by `***`, or `unchecked` when it could not be checked.
    public func redact(_ text: String) -> String {
        if text.isEmpty { return text }
        guard failure == nil else { return Self.unchecked }
        return text.withUTF8Bytes { bytes -> String? in
            lock.lock(); defer { lock.unlock() }
            guard var ranges = try? secretRanges(in: UnsafeRawBufferPointer(bytes)) else { return Self.unchecked }
            if let view = Self.unescaped(bytes) {
                guard let found = try? view.bytes.withUnsafeBytes({ try secretRanges(in: $0) }) else { return Self.unchecked }
                ranges += found.map { view.origin[$0.lowerBound]..<view.origin[$0.upperBound] }
            }
            return ranges.isEmpty ? nil : Self.masked(bytes, ranges: ranges + Self.echoes(of: ranges, in: bytes))
        } ?? text
    }

    /// A key spelled with escapes (JSON's `\u0070assword`, a query string's `p%61ssword`) holds no literal
    /// as written: `\u00` is one of the prefilter's literals (a candidate of no shape), and a `%` before
    /// two hex digits is looked for with `memchr` (as a literal it would stop the prefilter at every
    /// digit pair). Such a text is never passed as clean, and `redact` also reads it unescaped.
    static let jsonEscape = Array("\\u00".utf8)

    @inline(__always)
    static func mayHoldPercentEscape(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return false }
        let n = text.count
        var from = 0
        while from < n, let hit = memchr(base + from, 0x25, n - from) {
            let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            if at + 2 < n, isHex(text[at + 1]), isHex(text[at + 2]) { return true }
            from = at + 1
        }
        return false
    }

    @inline(__always)
    private static func isHex(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte | 0x20) }

    /// The text with every escaped ASCII letter, digit, `_` and `-` (`\u00XX`, `%XX`) decoded, and for each
    /// of its bytes (and its end) where it starts in the text; nil when nothing is escaped so.
    static func unescaped(_ text: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], origin: [Int])? {
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        func plain(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        let n = text.count
        var bytes: [UInt8] = [], origin: [Int] = []
        var decodedAny = false
        var i = 0
        while i < n {
            var width = 0, value: UInt8 = 0
            if text[i] == UInt8(ascii: "\\"), i + 5 < n, text[i + 1] == UInt8(ascii: "u"), text[i + 2] == UInt8(ascii: "0"),
               text[i + 3] == UInt8(ascii: "0"), let high = hex(text[i + 4]), let low = hex(text[i + 5]) {
                width = 6; value = high << 4 | low
            } else if text[i] == UInt8(ascii: "%"), i + 2 < n, let high = hex(text[i + 1]), let low = hex(text[i + 2]) {
                width = 3; value = high << 4 | low
            }
            if width > 0 && plain(value) {
                if !decodedAny {
                    decodedAny = true
                    bytes.reserveCapacity(n)
                    origin.reserveCapacity(n + 1)
                    bytes.append(contentsOf: text[0..<i])
                    origin.append(contentsOf: 0..<i)
                }
                bytes.append(value)
                origin.append(i)
                i += width
                continue
            }
            if decodedAny {
                bytes.append(text[i])
                origin.append(i)
            }
            i += 1
        }
        guard decodedAny else { return nil }
        origin.append(n)
        return (bytes, origin)
    }

    /// Byte ranges to mask, in order of their start; throws when the text cannot be checked.
    private func secretRanges(in text: UnsafeRawBufferPointer) throws -> [Range<Int>] {
        guard let candidates else { return [] }
        let n = text.count
        var ranges: [Range<Int>] = []
        // The contiguous masked stretch reaching furthest: a shape whose whole window lies inside it
        // cannot reveal anything, so it is not tried (this keeps hostile repetitions linear).
        var maskedRun = 0..<0
        var work = 0
        let budget = Self.workPerByte * n + Self.workAllowance
        var from = 0
        while from < n, let start = try nextCandidate(candidates, in: text, from: from) {
            from = start + 1
            var tried: [Int] = []
            for literal in literals[Int(SecretLiteralScanner.lowered(text[start]))]
            where SecretLiteralScanner.hasPrefix(literal.bytes, in: text, at: start) {
                for index in literal.matchers where !tried.contains(index) {
                    tried.append(index)
                    let matcher = matchers[index]
                    let end = min(n, start + matcher.window)
                    if maskedRun.lowerBound <= start && maskedRun.upperBound >= end { continue }
                    work += end - start
                    if work > budget { throw RegexError.matchLimit }
                    guard let groups = try scratch.match(matcher.regex, in: UnsafeRawBufferPointer(rebasing: text[0..<end]), from: start),
                          let whole = groups[0] else { continue }
                    var secrets = matcher.secretGroups.compactMap { groups[$0] }.filter { !$0.isEmpty }
                    guard let first = secrets.map(\.lowerBound).min() else { continue }
                    // The value may go on past the window: mask everything after its start.
                    if whole.upperBound == end && end < n { secrets = [first..<n] }
                    for secret in secrets.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                        ranges.append(secret)
                        if secret.lowerBound <= maskedRun.upperBound && secret.upperBound >= maskedRun.lowerBound {
                            maskedRun = min(secret.lowerBound, maskedRun.lowerBound)..<max(secret.upperBound, maskedRun.upperBound)
                        } else if secret.upperBound > maskedRun.upperBound {
                            maskedRun = secret
                        }
                    }
                }
            }
        }
        return ranges
    }

    private func nextCandidate(_ candidates: Candidates, in text: UnsafeRawBufferPointer, from: Int) throws -> Int? {
        switch candidates {
        case .table(let scanner): return scanner.next(in: text, from: from)
        case .alternation(let regex): return try scratch.match(regex, in: text, from: from)?[0]?.lowerBound
        }
    }

    /// Other occurrences in the same text of a value masked once: a unique violation's `DETAIL:  Key
    /// (api_token)=(…)` masks the token, which the event's `STATEMENT:  INSERT INTO keys VALUES ('…')`
    /// repeats where no shape can tell it is one; a composite key's values, `(k3y-…, 7)`, echo one by one.
    /// Values of 6 to 256 bytes, at most 16 distinct ones, each searched once: linear in the text.
    static func echoes(of ranges: [Range<Int>], in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var values: [[UInt8]] = [], out: [Range<Int>] = []
        var budget = 16 * bytes.count  // bytes compared; a hostile text of near-repeats stops the search, not the run
        for range in ranges where range.upperBound <= bytes.count {
            let whole = Array(bytes[range])
            let parts = whole.split(separator: UInt8(ascii: ",")).map { Array($0.drop { $0 == UInt8(ascii: " ") }) }
            for value in [whole] + (parts.count > 1 ? parts : []) where (6...256).contains(value.count) && !values.contains(value) {
                guard values.count < 16 else { return out }
                values.append(value)
                search(value, in: bytes, budget: &budget) { out.append($0) }
            }
        }
        return out
    }

    private static func search(
        _ value: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, budget: inout Int, _ found: (Range<Int>) -> Void
    ) {
        let first = value[0]
        var i = 0
        while i + value.count <= bytes.count {
            guard bytes[i] == first else { i += 1; continue }
            var k = 1
            while k < value.count, bytes[i + k] == value[k] { k += 1 }
            budget -= k
            if budget < 0 { return }
            if k == value.count {
                found(i..<(i + k))
                i += k
            } else {
                i += 1
            }
        }
    }

    /// The text with each range (widened to whole characters) replaced by `***`, overlaps merged.
    private static func masked(_ bytes: UnsafeBufferPointer<UInt8>, ranges: [Range<Int>]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var position = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            var lower = range.lowerBound, upper = range.upperBound
            while lower > 0, bytes[lower] & 0xC0 == 0x80 { lower -= 1 }
            while upper < bytes.count, bytes[upper] & 0xC0 == 0x80 { upper += 1 }
            if upper <= position { continue }
            if lower >= position {
                out.append(contentsOf: bytes[position..<lower])
                out.append(contentsOf: mask.utf8)
            }
            position = upper
        }
        out.append(contentsOf: bytes[position...])
        return String(decoding: out, as: UTF8.self)
    }

    private static func escaped(_ byte: UInt8) -> String {
        let scalar = Unicode.Scalar(byte)
        let isAlphanumeric = (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte)
        return isAlphanumeric ? String(scalar) : "\\" + String(scalar)
    }
}
