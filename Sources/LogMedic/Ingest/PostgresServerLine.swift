import Foundation

/// A PostgreSQL server log line as written to stderr with any `log_line_prefix`: the prefix ends
/// where the severity word begins (`ERROR:  `, `DETAIL:  `, …, always followed by two spaces). What the
/// prefix holds is read when recognisable: the timestamp (`%m`, `%t`), the process id (`[%p]`),
/// `%u@%d` or `user=`/`db=`/`app=`, and a SQLSTATE (`%e`).
struct PostgresServerLine {
    /// Where the severity word starts, i.e. the prefix length.
    var severityStart: Int
    /// Where the message after `SEVERITY:  ` starts.
    var messageStart: Int
    var meaning: SeverityWords.Meaning
    var prefix = Prefix()

    var severity: String { meaning.severity }
    /// The normalized level the severity stands for.
    var level: String? { meaning.level }
    /// DETAIL, HINT, STATEMENT, CONTEXT, QUERY and LOCATION lines belong to the line before them.
    var isContinuation: Bool { meaning.isContinuation }

    /// What the prefix says.
    struct Prefix {
        var processID: Int?
        var user: String?
        var database: String?
        var application: String?
        /// A SQLSTATE printed by `%e` in the prefix.
        var sqlstate: String?
        /// The bytes are an app's text before a client library's copy of the server's message, not a
        /// `log_line_prefix`: see `PostgresServerLine.isAppText`.
        var isAppText = false

        init() {}

        /// Only a `[`, `@` or `=`, or a SQLSTATE after a space or colon, says something: the bytes
        /// between are skipped. Names equal to those of `previous` are its Strings, not new ones.
        init(reading p: UnsafeRawBufferPointer, reusing previous: Prefix) {
            if PostgresServerLine.isAppText(p) { isAppText = true; return }
            var i = 0
            while i < p.count {
                i = PostgresServerLine.nextPosition(p, from: readByte(p, at: i, reusing: previous))
            }
        }

        /// Reads what the byte at `i` opens and returns where reading goes on.
        private mutating func readByte(_ p: UnsafeRawBufferPointer, at i: Int, reusing previous: Prefix) -> Int {
            let c = p[i]
            if c == UInt8(ascii: "["), processID == nil, let (pid, end) = PostgresServerLine.bracketedNumber(p, at: i) {
                processID = pid; return end
            }
            if c == UInt8(ascii: "@"), user == nil, database == nil {
                user = PostgresServerLine.token(p, before: i, reusing: previous.user)
                database = PostgresServerLine.token(p, after: i + 1, reusing: previous.database)
            } else if c == UInt8(ascii: "="), let key = PostgresServerLine.key(p, before: i) {
                switch key {
                case "user": user = PostgresServerLine.token(p, after: i + 1, reusing: previous.user)
                case "db": database = PostgresServerLine.token(p, after: i + 1, reusing: previous.database)
                case "app": application = PostgresServerLine.token(p, after: i + 1, stoppingAtSpace: false, reusing: previous.application)
                default: break
                }
            } else if sqlstate == nil, PostgresServerLine.startsToken(p, at: i), let code = PostgresServerLine.sqlstate(p, at: i) {
                sqlstate = code; return i + 5
            }
            return i + 1
        }
    }

    /// Whether the bytes before a severity word are an app's own text, which a client library's error
    /// (libpq's `ERROR:  …`, as Ruby's pg, PHP's PDO or a script log it) follows, rather than a
    /// `log_line_prefix`: they hold a level word in capitals of the app's logger (Ruby's `FATAL -- :`,
    /// Monolog's `production.ERROR:`, Python's `ERROR app.db:`), which no prefix escape prints, or a
    /// constant path (`PG::UndefinedTable`, `ActiveRecord::StatementInvalid`), which `%r` (`::1(5432)`) is not,
    /// or a call's empty parentheses (PHP's `pg_query(): Query failed: `), which `%r`'s never are, or an
    /// exception's class before its message (psycopg2's `OperationalError: connection to server at "…", port
    /// 5433 failed: FATAL:  …`, SQLAlchemy's `(psycopg2.OperationalError)`), which no escape prints either;
    /// so is libpq's head of a refused connection however it is wrapped (`… port 5432 failed: `, PHP's
    /// `SQLSTATE[08006] [7] connection to server at …`).
    static func isAppText(_ p: UnsafeRawBufferPointer) -> Bool {
        if p.count >= libpqFailure.count, UnsafeRawBufferPointer(rebasing: p[(p.count - libpqFailure.count)...]).elementsEqual(libpqFailure) {
            return true
        }
        var i = 0
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: ":"), i + 2 < p.count, p[i + 1] == UInt8(ascii: ":"), p[i + 2] >= 0x41, p[i + 2] <= 0x5A { return true }
            if c == UInt8(ascii: "("), i + 1 < p.count, p[i + 1] == UInt8(ascii: ")") { return true }
            if c == UInt8(ascii: ":") || c == UInt8(ascii: ")"), endsExceptionClass(p, at: i) { return true }
            guard c >= 0x41, c <= 0x5A, i == 0 || !isWordByte(p[i - 1]) else { i += 1; continue }
            var end = i + 1
            while end < p.count, isWordByte(p[end]) { end += 1 }
            if end - i >= 3, end - i <= 8, PlainHeader.levels[String(decoding: UnsafeRawBufferPointer(rebasing: p[i..<end]), as: UTF8.self)] != nil {
                return true
            }
            i = end
        }
        return false
    }

    /// Whether the bytes before `end` are a class name ending in `Error` or `Exception` (`OperationalError`,
    /// `PSQLException`), after a word byte or a dot: a lone `Error` may be a level word.
    private static func endsExceptionClass(_ p: UnsafeRawBufferPointer, at end: Int) -> Bool {
        for suffix in exceptionSuffixes where end > suffix.count {
            let start = end - suffix.count
            if isWordByte(p[start - 1]) || p[start - 1] == UInt8(ascii: "."),
               UnsafeRawBufferPointer(rebasing: p[start..<end]).elementsEqual(suffix) {
                return true
            }
        }
        return false
    }

    private static let exceptionSuffixes: [[UInt8]] = [Array("Error".utf8), Array("Exception".utf8)]
    private static let libpqFailure = Array(" failed: ".utf8)

    /// The first position from `start` that `Prefix.readByte` can act on (or the end): a `[`, `@` or `=`,
    /// or a token shaped like a SQLSTATE, i.e. five bytes between two spaces or colons. Eight bytes are
    /// tested at a time, each against the byte six further on.
    private static func nextPosition(_ p: UnsafeRawBufferPointer, from start: Int) -> Int {
        let base = p.baseAddress!
        var i = start
        if i > 0, startsToken(p, at: i), maySpellSQLSTATE(p, at: i) { return i }
        while i + 14 <= p.count {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let ahead = base.loadUnaligned(fromByteOffset: i + 6, as: UInt64.self)
            let opens = byteMask(word, 0x5B) | byteMask(word, 0x40) | byteMask(word, 0x3D)
            let tokens = (byteMask(word, 0x20) | byteMask(word, 0x3A)) & (byteMask(ahead, 0x20) | byteMask(ahead, 0x3A))
            if opens | tokens != 0 {
                let first = (opens | tokens).trailingZeroBitCount
                return i + first / 8 + (opens >> first & 1 == 0 ? 1 : 0)
            }
            i += 8
        }
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "[") || c == UInt8(ascii: "@") || c == UInt8(ascii: "=") { return i }
            if i > 0, startsToken(p, at: i), maySpellSQLSTATE(p, at: i) { return i }
            i += 1
        }
        return i
    }

    /// The cheap part of `sqlstate(_:at:)`'s test, so that other tokens are passed over.
    private static func maySpellSQLSTATE(_ p: UnsafeRawBufferPointer, at i: Int) -> Bool {
        i + 5 <= p.count && isUpperOrDigit(p[i]) && (i + 5 == p.count || p[i + 5] == 0x20 || p[i + 5] == UInt8(ascii: ":"))
    }

    /// The high bit of each byte of `word` equal to `byte`; a false hit can only sit above a true one, so
    /// the lowest bit set is exact.
    @inline(__always)
    private static func byteMask(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// How far into a line the severity word is looked for; long prefixes (pgBadger's) stay well within.
    static let maxPrefix = 320

    static func parse(_ m: UnsafeRawBufferPointer) -> PostgresServerLine? { parse(m, memo: nil, timestampLength: 0) }

    /// With a `memo`, a prefix equal to the one the memo holds is not read again. `timestampLength` is
    /// that of the ISO timestamp `m` starts with (0: none or unknown).
    @inline(__always)
    static func parse(_ m: UnsafeRawBufferPointer, memo: ServerPrefixMemo?, timestampLength: Int) -> PostgresServerLine? {
        // The colons of a timestamp are followed by digits.
        guard let word = severityWord(in: m, from: max(3, timestampLength)) else { return nil }
        // A timestamp followed by a space says nothing `Prefix.read` acts on (no `[`, `@`, `=` or
        // SQLSTATE-shaped token), and no token read after it reaches back into it: it is skipped.
        let said = prefixStart(in: m, timestampLength: timestampLength, severityStart: word.start)
        let prefix = prefix(UnsafeRawBufferPointer(rebasing: m[said..<word.start]), memo: memo)
        guard !prefix.isAppText else { return nil }
        return PostgresServerLine(severityStart: word.start, messageStart: word.colon + 3, meaning: word.meaning,
                                  prefix: prefix)
    }

    /// Where the part of the prefix that `Prefix` reads starts.
    static func prefixStart(in m: UnsafeRawBufferPointer, timestampLength: Int, severityStart: Int) -> Int {
        timestampLength < severityStart && m[timestampLength] == 0x20 ? timestampLength : 0
    }

    /// The first severity word whose colon is at `from` or later: where it starts, its colon and its meaning.
    /// Whether a colon ends one depends on the bytes before it and the two after it only.
    @inline(__always)
    static func severityWord(in m: UnsafeRawBufferPointer, from start: Int) -> (start: Int, colon: Int, meaning: SeverityWords.Meaning)? {
        guard m.count > 5, let base = m.baseAddress else { return nil }
        let limit = min(m.count - 2, maxPrefix)
        var from = start
        while from < limit, let found = memchr(base + from, Int32(UInt8(ascii: ":")), limit - from) {
            let colon = base.distance(to: UnsafeRawPointer(found))
            if m[colon + 1] == 0x20, m[colon + 2] == 0x20, let word = severity(endingAt: colon, in: m) {
                return (word.start, colon, word.meaning)
            }
            from = colon + 1
        }
        return nil
    }

    /// The severity word before the colon: capitals, digits and non-ASCII letters (`FEHLER`, `DÉTAIL`,
    /// `ОШИБКА`), with one inner or trailing space where a language prints one (`CONTEXTE :`, `명령 구문:`).
    @inline(__always)
    private static func severity(endingAt colon: Int, in m: UnsafeRawBufferPointer) -> (start: Int, meaning: SeverityWords.Meaning)? {
        var start = wordStart(before: colon, in: m)
        var meaning = start < colon ? SeverityWords.meaning(of: UnsafeRawBufferPointer(rebasing: m[start..<colon])) : nil
        if meaning == nil, start > 0, m[start - 1] == 0x20 {
            let wider = wordStart(before: start - 1, in: m)
            if wider < start - 1, colon - wider <= SeverityWords.maxWordBytes, let found = SeverityWords.meaning(of: UnsafeRawBufferPointer(rebasing: m[wider..<colon])) {
                meaning = found
                start = wider
            }
        }
        guard let meaning, start == 0 || !isWordByte(m[start - 1]) else { return nil }
        return (start, meaning)
    }

    private static func prefix(_ bytes: UnsafeRawBufferPointer, memo: ServerPrefixMemo?) -> Prefix {
        guard !bytes.isEmpty else { return Prefix() }
        return memo?.prefix(of: bytes) ?? Prefix(reading: bytes, reusing: Prefix())
    }

    /// The digits of a `[pid]` that only spaces precede, and the pid: read by `Prefix.read` as the process id,
    /// after spaces it does not act on and before a `]` that no later token reaches back past. So two
    /// prefixes alike but for these digits say the same but for the process id.
    static func leadingPID(_ p: UnsafeRawBufferPointer) -> (digits: Range<Int>, pid: Int)? {
        var open = 0
        while open < p.count, p[open] == 0x20 { open += 1 }
        guard open < p.count, p[open] == UInt8(ascii: "["), let (pid, close) = bracketedNumber(p, at: open),
              p[close] == UInt8(ascii: "]") else { return nil }
        return (open + 1..<close, pid)
    }

    private static func wordStart(before end: Int, in m: UnsafeRawBufferPointer) -> Int {
        var start = end
        // `maxWordBytes` (which reads the translations) only matters for a run longer than every English word.
        let englishBound = SeverityWords.maxEnglishWordBytes
        while start > 0, isUpperOrDigit(m[start - 1]) || m[start - 1] >= 0x80,
              end - start < englishBound || end - start < SeverityWords.maxWordBytes { start -= 1 }
        return start
    }

    /// `[4121]` or `[4121-1]` (`%p-%l`): the process id.
    @inline(__always)
    static func bracketedNumber(_ p: UnsafeRawBufferPointer, at open: Int) -> (Int, Int)? {
        guard let base = p.baseAddress else { return nil }
        // Read for the prefix of every server line: plain loads, at most ten digits.
        let digitsEnd = min(p.count, open + 11)
        var j = open + 1
        var value = 0
        while j < digitsEnd {
            let digit = base.load(fromByteOffset: j, as: UInt8.self) &- 0x30
            guard digit <= 9 else { break }
            value = value &* 10 &+ Int(digit)
            j += 1
        }
        guard j > open + 1, j < p.count else { return nil }
        let close = base.load(fromByteOffset: j, as: UInt8.self)
        return close == UInt8(ascii: "]") || close == UInt8(ascii: "-") ? (value, j) : nil
    }

    private static func isDelimiter(_ c: UInt8) -> Bool {
        c == 0x20 || c == UInt8(ascii: ":") || c == UInt8(ascii: ",") || c == UInt8(ascii: "[") || c == UInt8(ascii: "]")
    }

    private static func tokenStart(_ p: UnsafeRawBufferPointer, before end: Int) -> Int {
        var start = end
        while start > 0, !isDelimiter(p[start - 1]) { start -= 1 }
        return start
    }

    private static func token(_ p: UnsafeRawBufferPointer, before end: Int, reusing previous: String?) -> String? {
        let start = tokenStart(p, before: end)
        return start < end ? PlainHeader.text(UnsafeRawBufferPointer(rebasing: p[start..<end]), reusing: previous) : nil
    }

    private static func token(_ p: UnsafeRawBufferPointer, after start: Int, stoppingAtSpace: Bool = true, reusing previous: String?) -> String? {
        var end = start
        while end < p.count, p[end] != UInt8(ascii: ","), p[end] != UInt8(ascii: ":"), p[end] != UInt8(ascii: "]"),
              !stoppingAtSpace || p[end] != 0x20 { end += 1 }
        var trimmed = end
        while trimmed > start, p[trimmed - 1] == 0x20 { trimmed -= 1 }
        let value = UnsafeRawBufferPointer(rebasing: p[start..<trimmed])
        guard !value.isEmpty, value.count != 9 || !value.elementsEqual("[unknown]".utf8) else { return nil }
        return PlainHeader.text(value, reusing: previous)
    }

    private static func key(_ p: UnsafeRawBufferPointer, before end: Int) -> String? {
        let key = UnsafeRawBufferPointer(rebasing: p[tokenStart(p, before: end)..<end])
        return keys.first { key.elementsEqual($0.utf8) }
    }

    private static let keys = ["user", "db", "app"]

    private static func startsToken(_ p: UnsafeRawBufferPointer, at i: Int) -> Bool {
        i == 0 || p[i - 1] == 0x20 || p[i - 1] == UInt8(ascii: ":")
    }

    /// SQLSTATE classes (`/usr/share/postgresql/15/errcodes.txt`), so that other five-character tokens
    /// of a prefix are not taken for one.
    static let sqlstateClasses: Set<String> = [
        "00", "01", "02", "03", "08", "09", "0A", "0B", "0F", "0L", "0P", "0Z", "20", "21", "22", "23", "24",
        "25", "26", "27", "28", "2B", "2D", "2F", "34", "38", "39", "3B", "3D", "3F", "40", "42", "44", "53",
        "54", "55", "57", "58", "72", "F0", "HV", "P0", "XX",
    ]

    /// A SQLSTATE token at `i`: five digits or capitals, then a space, `:` or the end of the prefix.
    static func sqlstate(_ p: UnsafeRawBufferPointer, at i: Int) -> String? {
        guard i + 5 <= p.count, (i + 5 == p.count || p[i + 5] == 0x20 || p[i + 5] == UInt8(ascii: ":")) else { return nil }
        for k in i..<(i + 5) where !isUpperOrDigit(p[k]) { return nil }
        let code = String(decoding: UnsafeRawBufferPointer(rebasing: p[i..<(i + 5)]), as: UTF8.self)
        return sqlstateClasses.contains(String(code.prefix(2))) ? code : nil
    }

    private static func isUpperOrDigit(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) }
    private static func isWordByte(_ c: UInt8) -> Bool { isUpperOrDigit(c) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_") }
}
