import Foundation
import Yams

/// The words a PostgreSQL server prints before a message (`ERROR:  `, and under `lc_messages` `FEHLER:  `,
/// `DÉTAIL:  `, `CONTEXTE :  `, `명령 구문:  `), each with the English severity it stands for and whether it
/// continues the message before it. The translations come from `ingest/postgres-severities.yaml`, which
/// `scripts/localize-rules` generates from the server's own catalogs; without that file, English only.
enum SeverityWords {
    /// An English severity, by its place in `english`: a plain value, copied for every server line.
    struct Meaning: Sendable {
        fileprivate let index: Int

        var severity: String { SeverityWords.english[index].word }
        var isContinuation: Bool { SeverityWords.english[index].isContinuation }
        /// The normalized level of a line with this severity (`ERROR` → `error`, `DEBUG3` → `debug`).
        var level: String? { SeverityWords.levels[index] }
    }

    private static let levels: [String?] = english.map { PlainHeader.levels[$0.word] ?? ($0.word.hasPrefix("DEBUG") ? "debug" : nil) }

    static let fileName = "postgres-severities.yaml"

    /// The English words, severities before labels: where a language prints one word for two severities
    /// (Georgian for WARNING and NOTICE), the first here wins.
    static let english: [(word: String, isContinuation: Bool)] = [
        ("LOG", false), ("ERROR", false), ("FATAL", false), ("PANIC", false), ("WARNING", false), ("NOTICE", false),
        ("INFO", false), ("DEBUG", false), ("DEBUG1", false), ("DEBUG2", false), ("DEBUG3", false), ("DEBUG4", false),
        ("DEBUG5", false), ("DETAIL", true), ("HINT", true), ("STATEMENT", true), ("CONTEXT", true), ("QUERY", true),
        ("LOCATION", true),
    ]

    /// Word as printed (a French word keeps the space before its colon) → its meaning.
    static let table: [String: Meaning] = {
        var table: [String: Meaning] = [:]
        for index in english.indices { table[english[index].word] = Meaning(index: index) }
        let translated = translations()
        for index in english.indices {
            for word in translated[english[index].word] ?? [] where table[word] == nil {
                table[word] = Meaning(index: index)
            }
        }
        return table
    }()

    /// The longest word in bytes, so the line parser knows how far back to look.
    static let maxWordBytes = table.keys.map(\.utf8.count).max() ?? 9
    /// The longest English word: a run of word bytes that ends within it needs neither `maxWordBytes` nor
    /// the translations that reads.
    static let maxEnglishWordBytes = english.map(\.word.utf8.count).max()!

    /// The English words as bytes, looked up first: nearly every server line has one, and finding it
    /// needs neither a String, hashing nor the translations (which are read only for another word).
    private static let englishWords = english.map { Array($0.word.utf8) }

    /// The meaning of the word in `bytes`, if it is one.
    static func meaning(of bytes: UnsafeRawBufferPointer) -> Meaning? {
        guard let base = bytes.baseAddress, let first = bytes.first else { return nil }
        for k in englishWords.indices where englishWords[k].count == bytes.count && englishWords[k][0] == first
            && englishWords[k].withUnsafeBytes({ bytesEqual($0.baseAddress!, base, count: bytes.count) }) {
            return Meaning(index: k)
        }
        return table[String(decoding: bytes, as: UTF8.self)]
    }

    /// The English severity of a word the server printed (`FEHLER` → `ERROR`); nil for anything else.
    static func english(_ word: String) -> String? { table[word]?.severity }

    /// English severity → its words in the languages the server ships, from the file beside the rule catalog.
    private static func translations() -> [String: [String]] {
        for path in BuiltinCatalog.siblingPaths(folder: "ingest", file: fileName) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            return (try? YAMLDecoder().decode([String: [String]].self, from: text)) ?? [:]
        }
        return [:]
    }
}
